"""Store table for sentence vectors: one row per article, its sentences' embeddings as one blob.

Decides how sentence vectors are persisted: once per article (the row is
the article's completion mark for the sentence-vector stage), float32
little-endian, one row of ``dims`` values per sentence, with the name of
the model that made them. A run that asks for another sentence model
treats rows of the old one as missing and replaces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from newsfuse.store.tables import Tables


class SentenceVectorTables(Tables):
    """The ``sentence_vectors`` table."""

    def write_sentence_vectors(self, rows: Sequence[tuple[str, np.ndarray, str]]) -> None:
        values = [(article_id, vectors.astype("<f4").tobytes(), embedder) for article_id, vectors, embedder in rows]
        by_model: dict[str, list[str]] = {}
        for article_id, _, embedder in rows:
            by_model.setdefault(embedder, []).append(article_id)
        with self.transaction():
            for embedder, ids in by_model.items():  # rows of another model are replaced, not kept
                self.con.execute(
                    "DELETE FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND embedder <> ?",
                    [ids, embedder],
                )
            self.insert_columns("sentence_vectors", ("VARCHAR", "BLOB", "VARCHAR"), values, ignore_conflicts=True)

    def sentence_vectors(self, ids: Iterable[str], dims: int, embedder: str | None = None) -> dict[str, np.ndarray]:
        """Stored vectors of the articles (those of model ``embedder`` only, when given)."""
        sql = "SELECT article_id, vectors FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))"
        params: list[object] = [list(ids)]
        if embedder is not None:
            sql += " AND embedder = ?"
            params.append(embedder)
        rows = self.con.execute(sql, params).fetchall()
        return {article_id: np.frombuffer(bytes(blob), dtype="<f4").reshape(-1, dims) for article_id, blob in rows}

    def articles_without_sentence_vectors(
        self, ids: Iterable[str] | None = None, embedder: str | None = None
    ) -> list[str]:
        """Articles with no stored sentence vectors (of model ``embedder``, when given): of ``ids`` in the
        order given, or of the store in ingest order."""
        other = " OR v.embedder <> ?" if embedder is not None else ""
        extra: list[object] = [embedder] if embedder is not None else []
        if ids is None:
            rows = self.con.execute(
                "SELECT a.id FROM articles a LEFT JOIN sentence_vectors v ON v.article_id = a.id "
                f"WHERE v.article_id IS NULL{other} ORDER BY a.seq",
                extra,
            ).fetchall()
            return [row[0] for row in rows]
        wanted = list(dict.fromkeys(ids))
        same = " AND embedder = ?" if embedder is not None else ""
        known = {
            row[0]
            for row in self.con.execute(
                f"SELECT article_id FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[])){same}",
                [wanted, *extra],
            ).fetchall()
        }
        return [i for i in wanted if i not in known]
