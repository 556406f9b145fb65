"""The stage framework: what a stage declares and how the driver runs it (see ``base.py``)."""

from newsfuse.stages.base import (
    Advance,
    CorpusStage,
    Plan,
    RecordStage,
    StageContext,
    StageProgress,
    StageReport,
    Unit,
    code_digest,
)

__all__ = [
    "Advance",
    "CorpusStage",
    "Plan",
    "RecordStage",
    "StageContext",
    "StageProgress",
    "StageReport",
    "Unit",
    "code_digest",
]
