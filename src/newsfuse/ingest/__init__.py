"""Reading inputs: folders, text and HTML files, JSON Lines, WARC, stdin."""

from newsfuse.ingest.sources import ReadLimits, expand_inputs, iter_records, kind_of

__all__ = ["ReadLimits", "expand_inputs", "iter_records", "kind_of"]
