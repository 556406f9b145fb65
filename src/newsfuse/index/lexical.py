"""Word n-gram shingles of many texts at once, hashed without a Python loop per word.

Decides the lexical units of near-duplicate detection. The words are those
of ``tokens.words`` (case-folded NFKC runs of letters and digits, combining
marks kept inside words of scripts that use them, one token per CJK
character), found with NumPy over the code points of a whole batch: each
code point is folded and classed through lookup tables built once, words
start where the class changes, and each word is hashed by a polynomial over
its code points (summed per word with ``np.add.reduceat``). Texts holding a
character whose normal form depends on its neighbours (combining marks,
Hangul jamo) are folded by Python's ``unicodedata`` instead, so both routes
give the words ``tokens.words`` gives. Shingles combine three consecutive
word hashes of one text. Everything is a flat uint64 buffer with row
offsets: the form rensa's batch MinHash takes.

>>> batch = shingle_batch(["The quick brown fox", "the QUICK brown fox!", ""])
>>> [len(row) for row in batch.rows()]
[2, 2, 0]
>>> bool(np.array_equal(batch.row(0), batch.row(1)))
True
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsfuse.index.charclass import CJK, HARD, MARK, WORD, ascii_codes, bmp_codes, code_point_classes
from newsfuse.index.tokens import _MARK_SCRIPTS, SHINGLE_WORDS

# The word hash is sum(code point x BASE^position) mod 2^64 (an odd base, so
# it is invertible and a word's hash does not depend on where it starts).
_BASE = 0x100000001B3
_LENGTH_SALT = np.uint64(0xD6E8FEB86659FD93)
_ODD = np.uint64(0x9E3779B97F4A7C15)
# Texts are hashed in chunks of about this many code points: the work
# arrays stay a few MB (chunks of 2^15 to 2^20 took the same CPU time).
_CHUNK_CHARS = 1 << 20
_SCRATCH = threading.local()
# Rows sorted together when counting distinct shingles: rows of similar
# length share one padded matrix. Measured on 8,192 synthetic articles
# (benchmarks/synthetic.py, seed 3; 2.7 M shingles), ns a shingle: 64-bit
# values 17 (rows by length, 64 or 128 at a time; 19 with 256), 19-20
# (rows in text order, 16-64 at a time), 46 (one sort of (row, hash) keys
# over the batch); their top 32 bits 8.8 (by length, 128), 12 (in order).
_COUNT_ROWS = 128


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of several texts: ``hashes[offsets[i]:offsets[i+1]]`` are text i's (unsorted, may repeat)."""

    hashes: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, index: int) -> np.ndarray:
        """The distinct shingles of text ``index``, sorted."""
        return distinct(self.hashes[self.offsets[index] : self.offsets[index + 1]])

    def rows(self) -> list[np.ndarray]:
        return [self.row(i) for i in range(len(self))]

    def distinct_counts(self) -> np.ndarray:
        """Each text's number of distinct shingles (``len(row(i))``), counted over the shingles' top 32 bits.

        Half the bytes of the full hashes sort twice as fast (measures at
        ``_COUNT_ROWS``). Two different shingles of one text share their
        top 32 bits with probability about n^2 / 2^33 for n shingles (1e-5
        at 300), and then the count is one short: far inside the margin of
        the duplicates screen, which uses these counts.
        """
        lengths = np.diff(self.offsets)
        counts = np.zeros(len(lengths), dtype=np.int64)
        tops = (self.hashes >> np.uint64(32)).astype(np.uint32)
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), _COUNT_ROWS):
            rows = order[start : start + _COUNT_ROWS]
            counts[rows] = _distinct_per_row(tops, self.offsets[rows], lengths[rows])
        return counts


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values. ``np.unique`` hashes 64-bit integers in NumPy 2.x, which is 10-20x slower than a sort."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    repeated = ordered[1:] == ordered[:-1]
    return np.concatenate([ordered[:1], ordered[1:][~repeated]]) if repeated.any() else ordered


def _distinct_per_row(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Distinct values in each slice ``values[starts[k] : starts[k] + lengths[k]]``, sorted as rows of one matrix."""
    width = int(lengths.max()) if len(lengths) else 0
    if width < 2:
        return lengths.astype(np.int64)
    flat = np.arange(int(lengths.sum()))
    within = flat - np.repeat(np.cumsum(lengths) - lengths, lengths)  # each value's place in its slice
    matrix = np.full(len(lengths) * width, np.iinfo(values.dtype).max, dtype=values.dtype)
    matrix[within + np.repeat(np.arange(len(lengths)) * width, lengths)] = values[within + np.repeat(starts, lengths)]
    matrix = matrix.reshape(len(lengths), width)
    matrix.sort(axis=1)
    # The first len(slice) cells of a sorted row are its own values (the pad is the largest value).
    inside = np.arange(1, width) < lengths[:, None]
    repeats = np.count_nonzero((matrix[:, 1:] == matrix[:, :-1]) & inside, axis=1)
    counts: np.ndarray = lengths.astype(np.int64) - repeats
    return counts


def shingle_batch(texts: Sequence[str], size: int = SHINGLE_WORDS) -> ShingleBatch:
    """Word ``size``-gram hashes of each text; a text of fewer words is one shingle, an empty one none."""
    return _concatenate(list(shingle_batches(texts, size)))


def shingle_batches(texts: Sequence[str], size: int = SHINGLE_WORDS) -> Iterator[ShingleBatch]:
    """As ``shingle_batch``, one batch per run of texts of about ``_CHUNK_CHARS`` characters (nothing copied)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    for start, end in _chunks(lengths):
        tokens, token_offsets = word_hashes(texts[start:end], lengths[start:end].tolist())
        yield _shingles(tokens, token_offsets, size)


def _chunks(lengths: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive texts of about ``_CHUNK_CHARS`` characters (a longer text alone)."""
    ends = np.cumsum(lengths + 1)
    bounds, start = [], 0
    while start < len(lengths):
        base = ends[start - 1] if start else 0
        end = max(start + 1, int(np.searchsorted(ends, base + _CHUNK_CHARS, side="right")))
        bounds.append((start, end))
        start = end
    return bounds


def word_hashes(
    texts: Sequence[str], lengths: list[int] | None = None, normalised: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Flat stable 64-bit hashes of the words of each text, and row offsets into them.

    The common case is one table look-up per character: ASCII bytes, or
    UTF-16 code units of the Basic Multilingual Plane, mapped through a 256-
    or 65,536-entry table (it stays in cache) to the folded character, 0 for
    a non-word character, or a mark that the text needs care (combining
    marks, CJK, characters outside the BMP, folds of several letters). Such
    texts are NFKC-normalised and tried again (composing a letter with its
    accent mark usually clears them); the rest go to ``_hash_contextual``.
    ``lengths`` are the texts' lengths, if known.
    """
    lengths = [len(t) for t in texts] if lengths is None else lengths
    joined = "\n".join(texts)
    if joined.isascii():
        points = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        table = ascii_codes()
    else:
        points = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        table = bmp_codes()
        if len(points) != len(joined):  # surrogate pairs: count code units
            lengths = [len(t.encode("utf-16-le", "surrogatepass")) // 2 for t in texts]
    # Every code unit indexes the table (256 or 65,536 entries), so "wrap" never wraps: it only skips
    # the bounds check of the default mode (a quarter of the look-up's time).
    codes = np.take(table, points, out=_scratch(f"codes{table.dtype}", len(points), table.dtype), mode="wrap")
    hard: list[int] = []
    if table.dtype == np.uint16 and len(codes) and codes.max() == HARD:
        starts = np.cumsum([0] + [n + 1 for n in lengths[:-1]])
        hard = sorted({int(i) - 1 for i in np.searchsorted(starts, np.flatnonzero(codes == HARD), side="right")})
        for i in hard:
            codes[starts[i] : starts[i] + lengths[i]] = 0
    word = _scratch("word", len(codes) + 2, np.bool_)
    word[0] = word[-1] = False
    np.not_equal(codes, 0, out=word[1:-1])
    change = np.not_equal(word[1:], word[:-1], out=_scratch("change", len(codes) + 1, np.bool_))
    edges = np.flatnonzero(change)
    hashes, offsets = _polynomials(codes, edges[0::2], edges[1::2], lengths)
    if not hard:
        return hashes, offsets
    # The blanked texts' rows are empty; the second part fills them in.
    rest = [texts[i] for i in hard]
    again = _hash_contextual(rest) if normalised else word_hashes([_normal(t) for t in rest], normalised=True)
    return _fill_rows(hashes, offsets, hard, again)


def _scratch(name: str, size: int, dtype: type | np.dtype) -> np.ndarray:
    """A work array of ``size`` elements reused across calls in this thread.

    A fresh array of a few MB costs a page fault per 4 KB on first write,
    which on a busy machine took longer than the arithmetic done in it.
    """
    buffers = _SCRATCH.__dict__
    buffer = buffers.get(name)
    if buffer is None or len(buffer) < size:
        buffer = buffers[name] = np.empty(max(size, _CHUNK_CHARS + 2), dtype=dtype)
    view: np.ndarray = buffer[:size]
    return view


def hash_words(words: Sequence[str]) -> np.ndarray:
    """The hashes ``word_hashes`` gives to these words (case-folded tokens of ``tokens.words``), in order."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    points = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.cumsum([len(w) for w in words])
    hashes, _ = _polynomials(points, ends - [len(w) for w in words], ends, [len(points)])
    return hashes


def shingles_of_words(words: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct shingles of one text given as its words (sorted): ``shingle_batch([text]).row(0)``."""
    tokens = hash_words(words)
    return _shingles(tokens, np.array([0, len(tokens)], dtype=np.int64), size).row(0)


def _hash_contextual(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Texts folded by ``unicodedata``, with combining marks kept inside words where ``tokens.words`` keeps them."""
    normal = [_normal(t) for t in texts]
    folded = [t.casefold() for t in normal]
    joined = "\n".join(folded)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = code_point_classes()[points]
    word = (classes & WORD).astype(bool)
    mark = (classes & MARK).astype(bool) & _marks_allowed(normal, folded, len(points))
    index = np.arange(len(points))
    # A mark belongs to a word when a word character precedes it in its run of word characters and marks.
    last_word = np.maximum.accumulate(np.where(word, index, -1))
    last_break = np.maximum.accumulate(np.where(word | mark, -1, index))
    word |= mark & (last_word > last_break)
    starts, ends = _word_bounds(word, (classes & CJK).astype(bool))
    return _polynomials(points, starts, ends, [len(t) for t in folded])


def _normal(text: str) -> str:
    # ``normalize`` returns the text itself when its quick check finds it normal; asking ``is_normalized``
    # first scanned every such text twice.
    return unicodedata.normalize("NFKC", text)


def _marks_allowed(normal: list[str], folded: list[str], length: int) -> np.ndarray:
    """False over texts whose marks break words: ``tokens.words`` keeps marks only in scripts that use them."""
    allowed = np.ones(length, dtype=bool)
    position = 0
    for text, fold in zip(normal, folded, strict=True):
        if not _MARK_SCRIPTS.search(text):
            allowed[position : position + len(fold)] = False
        position += len(fold) + 1
    return allowed


def _polynomials(
    points: np.ndarray, starts: np.ndarray, ends: np.ndarray, lengths: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the words [starts[k], ends[k]) of texts joined by one separator, and each text's row offsets.

    A word's polynomial is a difference of prefix sums of code point x
    BASE^position over the whole batch, brought back to its own start by
    the inverse power: three passes over the characters.
    """
    text_starts = np.cumsum([0] + [n + 1 for n in lengths])
    offsets = np.searchsorted(starts, text_starts).astype(np.int64)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), offsets
    powers, inverses = _powers(len(points))
    with np.errstate(over="ignore"):
        terms = np.multiply(points, powers[: len(points)], out=_scratch("terms", len(points), np.uint64))
        prefix = _scratch("prefix", len(points) + 1, np.uint64)
        prefix[0] = 0
        np.cumsum(terms, out=prefix[1:])
        sums = (prefix[ends] - prefix[starts]) * inverses[starts]
        sizes = (ends - starts).astype(np.uint64)
        # Not mixed here: shingles mix the combination of their words.
        return sums ^ (sizes * _LENGTH_SALT), offsets


def _word_bounds(word: np.ndarray, cjk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Word starts and ends (exclusive); each CJK character is a word of its own."""
    cut = cjk & word
    starts = word.copy()
    starts[1:] &= ~word[:-1] | cut[:-1]
    starts |= cut
    ends = word.copy()
    ends[:-1] &= ~word[1:] | cut[1:]
    ends |= cut
    return np.flatnonzero(starts), np.flatnonzero(ends) + 1


@lru_cache(maxsize=4)
def _power_tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    return _geometric(_BASE, size), _geometric(pow(_BASE, -1, 1 << 64), size)


def _geometric(ratio: int, size: int) -> np.ndarray:
    """ratio^k mod 2^64 for k < size: each step multiplies the powers known so far by ratio^(their count).

    The same values as ``np.multiply.accumulate`` over [1, ratio, ratio, ...]
    (products mod 2^64 are exact), in 21 vectorised multiplies for 2^21
    powers: 0.07 s for both tables (mostly first touching their memory)
    against 0.16 s for the sequential scan, paid once per process.
    """
    powers = np.empty(size, dtype=np.uint64)
    powers[:1] = 1
    known = 1
    with np.errstate(over="ignore"):
        while known < size:
            step = min(known, size - known)
            np.multiply(powers[:step], np.uint64(pow(ratio, known, 1 << 64)), out=powers[known : known + step])
            known += step
    return powers


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    return _power_tables(max(_CHUNK_CHARS * 2, 1 << int(length - 1).bit_length()))


def _shingles(tokens: np.ndarray, offsets: np.ndarray, size: int) -> ShingleBatch:
    """Each run of ``size`` consecutive words of one text, combined; a shorter text's words make one shingle."""
    counts = np.diff(offsets)
    per_text = np.where(counts >= size, counts - size + 1, np.minimum(counts, 1))
    out_offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(per_text, out=out_offsets[1:])
    width = len(tokens) - size + 1
    with np.errstate(over="ignore"):
        combined = tokens[:width].copy() if width > 0 else np.zeros(0, dtype=np.uint64)
        for k in range(1, size):
            combined *= _ODD
            combined += tokens[k : k + width]
    # Keep the windows that start and end in one text (all start positions but a text's last size - 1).
    keep = np.ones(max(width, 0), dtype=bool)
    for k in range(1, size):
        ends = offsets[1:] - k
        keep[ends[(ends >= 0) & (ends < width)]] = False
    combined = combined[keep]
    short = np.flatnonzero((counts > 0) & (counts < size))
    if len(short):
        at = out_offsets[short] - np.arange(len(short))  # positions before the earlier insertions
        combined = np.insert(combined, at, _short_shingles(tokens, offsets, short))
    return ShingleBatch(_mix(combined), out_offsets)


def _short_shingles(tokens: np.ndarray, offsets: np.ndarray, short: np.ndarray) -> np.ndarray:
    """One shingle per text of fewer words than a shingle: its words combined."""
    values = []
    with np.errstate(over="ignore"):
        for row in short.tolist():
            value = np.uint64(0)
            for k, token in enumerate(tokens[offsets[row] : offsets[row + 1]]):
                value = token if k == 0 else value * _ODD + token
            values.append(value)
    return np.array(values, dtype=np.uint64)


def _fill_rows(
    hashes: np.ndarray, offsets: np.ndarray, rows: list[int], fill: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The (hashes, offsets) of texts whose ``rows`` (sorted, empty) take the rows of ``fill`` in turn.

    One ``np.insert`` (stable for equal positions, so consecutive empty
    rows keep their order): a gather of every hash of the chunk took twice
    as long, and a chunk of real text has a few such rows in most batches.
    """
    values, value_offsets = fill
    sizes = np.diff(value_offsets)
    merged = np.insert(hashes, np.repeat(offsets[rows], sizes), values)
    grown = np.zeros(len(offsets), dtype=np.int64)
    grown[np.asarray(rows, dtype=np.int64) + 1] = sizes
    return merged, offsets + np.cumsum(grown)


def _concatenate(parts: list[ShingleBatch]) -> ShingleBatch:
    if not parts:
        return ShingleBatch(np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
    if len(parts) == 1:
        return parts[0]
    shifts = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]])
    offsets = np.concatenate([[0]] + [p.offsets[1:] + s for p, s in zip(parts, shifts, strict=True)])
    return ShingleBatch(np.concatenate([p.hashes for p in parts]), offsets.astype(np.int64))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, so sums and combinations spread over all 64 bits."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        mixed: np.ndarray = values ^ (values >> np.uint64(31))
        return mixed
