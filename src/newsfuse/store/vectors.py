"""Store table for sentence vectors: one row per article, its sentences' embeddings as one blob.

Decides how sentence vectors are persisted: once per article (the row is
the article's completion mark for the sentence-vector stage), float32
little-endian, one row of ``dims`` values per sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from newsfuse.store.tables import Tables


class SentenceVectorTables(Tables):
    """The ``sentence_vectors`` table."""

    def write_sentence_vectors(self, rows: Sequence[tuple[str, np.ndarray, str]]) -> None:
        values = [(article_id, vectors.astype("<f4").tobytes(), embedder) for article_id, vectors, embedder in rows]
        with self.transaction():
            self.insert_columns("sentence_vectors", ("VARCHAR", "BLOB", "VARCHAR"), values, ignore_conflicts=True)

    def sentence_vectors(self, ids: Iterable[str], dims: int) -> dict[str, np.ndarray]:
        rows = self.con.execute(
            "SELECT article_id, vectors FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(ids)],
        ).fetchall()
        return {article_id: np.frombuffer(bytes(blob), dtype="<f4").reshape(-1, dims) for article_id, blob in rows}

    def articles_without_sentence_vectors(self, ids: Iterable[str] | None = None) -> list[str]:
        """Articles with no stored sentence vectors: of ``ids`` in the order given, or of the store in ingest order."""
        if ids is None:
            rows = self.con.execute(
                "SELECT a.id FROM articles a LEFT JOIN sentence_vectors v ON v.article_id = a.id "
                "WHERE v.article_id IS NULL ORDER BY a.seq"
            ).fetchall()
            return [row[0] for row in rows]
        wanted = list(dict.fromkeys(ids))
        known = {
            row[0]
            for row in self.con.execute(
                "SELECT article_id FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
            ).fetchall()
        }
        return [i for i in wanted if i not in known]
