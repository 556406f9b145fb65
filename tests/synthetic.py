"""Small synthetic articles for tests (our own words, generated)."""

from __future__ import annotations

import random
from pathlib import Path

PLACES = ["Lindholm", "Varde", "Oskarby", "Tallmark", "Brennvik", "Sollen", "Harrow Bay", "Kestrel Point"]
SUBJECTS = [
    "The council",
    "The port authority",
    "A regional court",
    "The ministry",
    "Local farmers",
    "The rail operator",
]
VERBS = ["approved", "rejected", "postponed", "announced", "criticised", "welcomed"]
OBJECTS = ["a new bridge", "the budget", "a wind farm", "school closures", "a tram line", "higher fees"]


def article_text(seed: int, paragraphs: int = 4) -> str:
    rng = random.Random(seed)
    place = rng.choice(PLACES)
    lines = [f"{rng.choice(SUBJECTS)} in {place} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (report {seed})"]
    for _ in range(paragraphs):
        words = [
            f"{rng.choice(SUBJECTS)} in {place} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on day {rng.randint(1, 28)},",
            f"and officials said {rng.randint(2, 900)} residents would be affected by the decision.",
        ]
        lines.append(" ".join(words))
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        path = folder / f"article_{seed:05d}.txt"
        path.write_text(article_text(seed))
        paths.append(path)
    return paths
