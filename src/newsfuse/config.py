"""Settings shared by the pipeline, the CLI and the web app.

Decides the defaults a user gets without flags; every field can be set from
the command line. The sentence model's default can also be set for a whole
environment with ``NEWSFUSE_SENTENCE_MODEL`` (evals and benchmarks use it to
measure both models with the same commands).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# The model that embeds every sentence (provenance, claims, briefs); see
# docs/throughput.md for why and what each costs.
DEFAULT_SENTENCE_MODEL = "e5"
# The sentence models a run may choose.
SENTENCE_MODELS = ("usem3", "e5")


def default_sentence_model() -> str:
    """The sentence model a run uses when none is given: the environment's, else ``DEFAULT_SENTENCE_MODEL``."""
    return os.environ.get("NEWSFUSE_SENTENCE_MODEL") or DEFAULT_SENTENCE_MODEL


@dataclass(frozen=True)
class Settings:
    """How a run computes things (not what it reads or where it writes)."""

    embedder: str = "e5"
    ner: str = "auto"
    engine: str = "local"
    workers: int | None = None
    ray_address: str | None = None
    sentence_model: str = field(default_factory=default_sentence_model)

    def __post_init__(self) -> None:
        if self.sentence_model not in SENTENCE_MODELS:
            raise ValueError(
                f"unknown sentence model {self.sentence_model!r} (from --sentence-model or "
                f"$NEWSFUSE_SENTENCE_MODEL); use one of: {', '.join(SENTENCE_MODELS)}"
            )

    @property
    def sentence_embedder(self) -> str:
        """The model sentence vectors come from: 'none' when embeddings are off, else ``sentence_model``."""
        return "none" if self.embedder == "none" else self.sentence_model
