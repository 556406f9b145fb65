"""Cleaning: from raw records to articles with text, metadata and removed lines."""

from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.repetition import LineStats

__all__ = ["LineStats", "clean_record"]
