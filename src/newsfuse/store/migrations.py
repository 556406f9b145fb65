"""Numbered schema migrations for the DuckDB store.

Decides the store's schema. Each migration runs once, in order, inside a
transaction, and is recorded in ``schema_migrations``; a store written by an
older version is brought up to date when opened. Never edit a released
migration: add the next number. Migrations 6-12 turned the JSON text
columns of earlier versions into DuckDB lists and STRUCTs in place (each
table is rebuilt from its JSON in one transaction; briefs keep any column a
later number added first), and added completion marks. Rebuilds, not
``ALTER COLUMN ... USING``: DuckDB replays an ALTER's expression from the
write-ahead log, and a lambda there cannot be bound during replay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    """One schema step; ``sql`` is the statements, or a function of the connection giving them
    (for a step whose statements depend on what the store already holds)."""

    version: int
    name: str
    sql: str | Callable[[Any], str]

    def statements(self, con: Any) -> str:
        return self.sql if isinstance(self.sql, str) else self.sql(con)


def _claim_value(json: str) -> str:
    """SQL for the value STRUCT of a claim from its JSON object (``{}``: no value)."""
    fields = {
        "direct": "BOOLEAN",
        "negative_cue": "BOOLEAN",
        "inferred": "BOOLEAN",
        "according": "BOOLEAN",
        "source_kind": "VARCHAR",
        "amount": "DOUBLE",
        "unit": "VARCHAR",
        "currency": "VARCHAR",
        "qualifier": "VARCHAR",
        "raw": "VARCHAR",
        "year": "INTEGER",
        "year_ref": "VARCHAR",
        "noun": "VARCHAR",
        "change": "VARCHAR",
        "subject": "VARCHAR",
        "verb": "VARCHAR",
        "object": "VARCHAR",
        "negated": "BOOLEAN",
    }
    kind = (
        f"CASE WHEN json_exists({json}, '$.direct') THEN 'quote' WHEN json_exists({json}, '$.amount') THEN 'number' "
        f"WHEN json_exists({json}, '$.verb') THEN 'event' END"
    )
    values = ", ".join(f"'{name}': ({json} ->> '$.{name}')::{kind_}" for name, kind_ in fields.items())
    return f"{{'kind': {kind}, {values}}}"


_VALUE_TYPE = (
    "STRUCT(kind VARCHAR, direct BOOLEAN, negative_cue BOOLEAN, inferred BOOLEAN, according BOOLEAN, "
    "source_kind VARCHAR, amount DOUBLE, unit VARCHAR, currency VARCHAR, qualifier VARCHAR, raw VARCHAR, "
    "year INTEGER, year_ref VARCHAR, noun VARCHAR, change VARCHAR, subject VARCHAR, verb VARCHAR, object VARCHAR, "
    "negated BOOLEAN)"
)


_BRIEFS_V5 = ("story_id", "writer", "sentences", "flags", "dropped")


def _resign_minhashes(con: Any) -> str:
    """Recompute stored MinHash signatures from the article texts (issue 17 changed how words are hashed).

    Signatures made before are not comparable with new ones, so near
    duplicates across the upgrade would be missed. The new signatures are
    staged in a temporary table, a batch of texts at a time, and swapped in
    by one UPDATE in the migration's transaction.
    """
    from newsfuse.index.minhash import text_signatures  # the code that signs new articles

    con.execute("CREATE TEMP TABLE resigned (article_id VARCHAR, minhash BLOB)")
    cursor = con.cursor()
    try:
        cursor.execute("SELECT f.article_id, a.text FROM fingerprints f JOIN articles a ON a.id = f.article_id")
        while rows := cursor.fetchmany(2048):
            signatures = text_signatures([text for _, text in rows])
            con.executemany(
                "INSERT INTO resigned VALUES (?, ?)",
                [(article_id, signatures[i].astype("<u4").tobytes()) for i, (article_id, _) in enumerate(rows)],
            )
    finally:
        cursor.close()
    return """
        UPDATE fingerprints SET minhash = resigned.minhash
        FROM resigned WHERE fingerprints.article_id = resigned.article_id;
        DROP TABLE resigned;
    """


def _briefs_v11(con: Any) -> str:
    """Rebuild briefs with list and STRUCT columns, keeping any column a later number already added.

    A store written by a version that had migration 50 (the event date) but
    not this one has two more columns; they are carried over in their order.
    """
    rows = con.execute(
        "SELECT column_name, data_type, column_default FROM information_schema.columns "
        "WHERE table_name = 'briefs' AND table_schema = current_schema() ORDER BY ordinal_position"
    ).fetchall()
    later = [(name, kind, default) for name, kind, default in rows if name not in _BRIEFS_V5]
    definitions = "".join(
        f",\n            {name} {kind}" + (f" DEFAULT {default}" if default is not None else "")
        for name, kind, default in later
    )
    copied = "".join(f", {name}" for name, _, _ in later)
    return f"""
        CREATE TABLE briefs_v11 (
            story_id VARCHAR PRIMARY KEY,
            writer VARCHAR NOT NULL,
            sentences STRUCT(
                text VARCHAR, citations VARCHAR[], source_id VARCHAR, source_start INTEGER, source_end INTEGER,
                compressed BOOLEAN
            )[] NOT NULL,
            flags STRUCT(claim_id VARCHAR, status VARCHAR, note VARCHAR)[] NOT NULL,
            dropped VARCHAR[] NOT NULL{definitions}
        );
        INSERT INTO briefs_v11 SELECT
            story_id, writer,
            list_transform(from_json(sentences, '["JSON"]'), lambda s: {{
                'text': s ->> '$[0]', 'citations': from_json(s -> '$[1]', '["VARCHAR"]'), 'source_id': s ->> '$[2]',
                'source_start': (s ->> '$[3][0]')::INTEGER, 'source_end': (s ->> '$[3][1]')::INTEGER,
                'compressed': (s ->> '$[4]')::BOOLEAN
            }}),
            list_transform(
                from_json(flags, '[["VARCHAR"]]'), lambda f: {{'claim_id': f[1], 'status': f[2], 'note': f[3]}}
            ),
            from_json(dropped, '["VARCHAR"]'){copied}
        FROM briefs;
        DROP TABLE briefs;
        ALTER TABLE briefs_v11 RENAME TO briefs;
        """


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, inputs, rejects, line counts",
        """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            external_id VARCHAR,
            input VARCHAR NOT NULL,
            source_format VARCHAR NOT NULL,
            url VARCHAR,
            title VARCHAR,
            outlet VARCHAR,
            author VARCHAR,
            published_at VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            removed VARCHAR NOT NULL,
            credits VARCHAR NOT NULL,
            sentences VARCHAR NOT NULL,
            seq BIGINT NOT NULL,
            ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        CREATE TABLE inputs (
            raw_hash VARCHAR PRIMARY KEY,
            input VARCHAR NOT NULL,
            article_id VARCHAR,
            seen_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        CREATE TABLE rejects (
            input VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            first_seen TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (input, reason)
        );
        CREATE TABLE line_counts (
            key VARCHAR PRIMARY KEY,
            documents INTEGER NOT NULL
        );
        CREATE TABLE store_meta (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "fingerprints, duplicate groups, stories",
        """
        CREATE TABLE fingerprints (
            article_id VARCHAR PRIMARY KEY,
            exact_hash VARCHAR NOT NULL,
            minhash BLOB NOT NULL,
            embedding BLOB NOT NULL,
            terms BLOB NOT NULL,
            entities VARCHAR NOT NULL,
            embedder VARCHAR NOT NULL
        );
        CREATE TABLE duplicate_groups (
            article_id VARCHAR PRIMARY KEY,
            group_id VARCHAR NOT NULL,
            kind VARCHAR NOT NULL
        );
        CREATE TABLE story_members (
            article_id VARCHAR PRIMARY KEY,
            story_id VARCHAR NOT NULL
        );
        CREATE TABLE stories (
            story_id VARCHAR PRIMARY KEY,
            title VARCHAR,
            first_seen VARCHAR,
            last_seen VARCHAR,
            size INTEGER NOT NULL,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        """,
    ),
    Migration(
        3,
        "sentence vectors, relations, provenance",
        """
        CREATE TABLE sentence_vectors (
            article_id VARCHAR PRIMARY KEY,
            vectors BLOB NOT NULL,
            embedder VARCHAR NOT NULL
        );
        CREATE TABLE relations (
            story_id VARCHAR NOT NULL,
            source_id VARCHAR NOT NULL,
            target_id VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL,
            coverage DOUBLE NOT NULL,
            source_coverage DOUBLE NOT NULL,
            evidence VARCHAR NOT NULL,
            passages VARCHAR NOT NULL,
            PRIMARY KEY (source_id, target_id)
        );
        CREATE TABLE provenance (
            story_id VARCHAR PRIMARY KEY,
            origins VARCHAR NOT NULL,
            independent_sources INTEGER NOT NULL,
            first_reported VARCHAR,
            external_origins VARCHAR NOT NULL,
            parents VARCHAR NOT NULL
        );
        """,
    ),
    Migration(
        4,
        "claims",
        """
        CREATE TABLE claims (
            story_id VARCHAR NOT NULL,
            claim_id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL,
            statement VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            speaker VARCHAR,
            independent_support INTEGER NOT NULL,
            note VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            mentions VARCHAR NOT NULL
        );
        """,
    ),
    Migration(
        5,
        "briefs",
        """
        CREATE TABLE briefs (
            story_id VARCHAR PRIMARY KEY,
            writer VARCHAR NOT NULL,
            sentences VARCHAR NOT NULL,
            flags VARCHAR NOT NULL,
            dropped VARCHAR NOT NULL
        );
        """,
    ),
    Migration(
        6,
        "articles: removed lines, credits and sentence spans as lists of STRUCTs",
        """
        CREATE TABLE articles_v6 (
            id VARCHAR PRIMARY KEY,
            external_id VARCHAR,
            input VARCHAR NOT NULL,
            source_format VARCHAR NOT NULL,
            url VARCHAR,
            title VARCHAR,
            outlet VARCHAR,
            author VARCHAR,
            published_at VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            removed STRUCT(text VARCHAR, reason VARCHAR)[] NOT NULL,
            credits STRUCT(text VARCHAR, source VARCHAR, kind VARCHAR)[] NOT NULL,
            sentences STRUCT(start INTEGER, "end" INTEGER)[] NOT NULL,
            seq BIGINT NOT NULL,
            ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        INSERT INTO articles_v6 SELECT
            id, external_id, input, source_format, url, title, outlet, author, published_at, language, text,
            list_transform(from_json(removed, '[["VARCHAR"]]'), lambda r: {'text': r[1], 'reason': r[2]}),
            list_transform(from_json(credits, '[["VARCHAR"]]'), lambda c: {'text': c[1], 'source': c[2], 'kind': c[3]}),
            list_transform(from_json(sentences, '[["INTEGER"]]'), lambda s: {'start': s[1], 'end': s[2]}),
            seq, ingested_at
        FROM articles;
        DROP TABLE articles;
        ALTER TABLE articles_v6 RENAME TO articles;
        """,
    ),
    Migration(
        7,
        "fingerprints: entities as a list",
        """
        CREATE TABLE fingerprints_v7 (
            article_id VARCHAR PRIMARY KEY,
            exact_hash VARCHAR NOT NULL,
            minhash BLOB NOT NULL,
            embedding BLOB NOT NULL,
            terms BLOB NOT NULL,
            entities VARCHAR[] NOT NULL,
            embedder VARCHAR NOT NULL
        );
        INSERT INTO fingerprints_v7 SELECT
            article_id, exact_hash, minhash, embedding, terms, from_json(entities, '["VARCHAR"]'), embedder
        FROM fingerprints;
        DROP TABLE fingerprints;
        ALTER TABLE fingerprints_v7 RENAME TO fingerprints;
        """,
    ),
    Migration(
        8,
        "relations: passages as a list of STRUCTs; a pair is keyed within its story",
        """
        CREATE TABLE relations_v8 (
            story_id VARCHAR NOT NULL,
            source_id VARCHAR NOT NULL,
            target_id VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL,
            coverage DOUBLE NOT NULL,
            source_coverage DOUBLE NOT NULL,
            evidence VARCHAR NOT NULL,
            passages STRUCT(
                source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER,
                kind VARCHAR, similarity DOUBLE
            )[] NOT NULL,
            PRIMARY KEY (story_id, source_id, target_id)
        );
        INSERT INTO relations_v8 SELECT
            story_id, source_id, target_id, kind, confidence, coverage, source_coverage, evidence,
            list_transform(from_json(passages, '["JSON"]'), lambda p: {
                'source_start': (p ->> '$[0][0]')::INTEGER, 'source_end': (p ->> '$[0][1]')::INTEGER,
                'target_start': (p ->> '$[1][0]')::INTEGER, 'target_end': (p ->> '$[1][1]')::INTEGER,
                'kind': p ->> '$[2]', 'similarity': (p ->> '$[3]')::DOUBLE
            })
        FROM relations;
        DROP TABLE relations;
        ALTER TABLE relations_v8 RENAME TO relations;
        """,
    ),
    Migration(
        9,
        "provenance: origins and graph edges as lists",
        """
        CREATE TABLE provenance_v9 (
            story_id VARCHAR PRIMARY KEY,
            origins VARCHAR[] NOT NULL,
            independent_sources INTEGER NOT NULL,
            first_reported VARCHAR,
            external_origins VARCHAR[] NOT NULL,
            parents STRUCT(child VARCHAR, parent VARCHAR)[] NOT NULL
        );
        INSERT INTO provenance_v9 SELECT
            story_id, from_json(origins, '["VARCHAR"]'), independent_sources, first_reported,
            from_json(external_origins, '["VARCHAR"]'),
            list_transform(from_json(parents, '[["VARCHAR"]]'), lambda e: {'child': e[1], 'parent': e[2]})
        FROM provenance;
        DROP TABLE provenance;
        ALTER TABLE provenance_v9 RENAME TO provenance;
        """,
    ),
    Migration(
        10,
        "claims: the value as a typed STRUCT, mentions as a list of STRUCTs",
        f"""
        CREATE TABLE claims_v10 (
            story_id VARCHAR NOT NULL,
            claim_id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL,
            statement VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            speaker VARCHAR,
            independent_support INTEGER NOT NULL,
            note VARCHAR NOT NULL,
            value {_VALUE_TYPE} NOT NULL,
            mentions STRUCT(
                article_id VARCHAR, type VARCHAR, span_start INTEGER, span_end INTEGER, text VARCHAR,
                sentence VARCHAR, speaker VARCHAR, attributed_to VARCHAR, cue VARCHAR, measure VARCHAR,
                value {_VALUE_TYPE}
            )[] NOT NULL
        );
        INSERT INTO claims_v10 SELECT
            story_id, claim_id, type, statement, status, speaker, independent_support, note,
            {_claim_value("value")},
            list_transform(from_json(mentions, '["JSON"]'), lambda m: {{
                'article_id': m ->> '$.article_id', 'type': m ->> '$.type',
                'span_start': (m ->> '$.span[0]')::INTEGER, 'span_end': (m ->> '$.span[1]')::INTEGER,
                'text': m ->> '$.text', 'sentence': m ->> '$.sentence', 'speaker': m ->> '$.speaker',
                'attributed_to': m ->> '$.attributed_to', 'cue': m ->> '$.cue', 'measure': m ->> '$.measure',
                'value': {_claim_value("(m -> '$.value')")}
            }})
        FROM claims;
        DROP TABLE claims;
        ALTER TABLE claims_v10 RENAME TO claims;
        """,
    ),
    Migration(11, "briefs: sentences, flags and dropped ids as lists", _briefs_v11),
    Migration(
        12,
        "completion marks per (stage, unit)",
        """
        CREATE TABLE stage_marks (
            stage VARCHAR NOT NULL,
            unit VARCHAR NOT NULL,
            inputs VARCHAR NOT NULL,
            done_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (stage, unit)
        );
        """,
    ),
    Migration(
        20,
        "fetched documents: validators, outcomes, the article each page gave",
        """
        CREATE TABLE fetch_documents (
            url VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            final_url VARCHAR,
            canonical_url VARCHAR,
            status INTEGER,
            etag VARCHAR,
            last_modified VARCHAR,
            article_id VARCHAR,
            failure VARCHAR,
            listed_by VARCHAR,
            retryable BOOLEAN NOT NULL DEFAULT false,
            attempts INTEGER NOT NULL DEFAULT 0,
            first_fetched TIMESTAMP NOT NULL DEFAULT current_timestamp,
            last_fetched TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        """,
    ),
    Migration(
        30,
        "outlets: each article's role in its story, and the user's outlet table",
        """
        CREATE TABLE outlet_roles (
            story_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            outlet VARCHAR,
            url VARCHAR,
            input_label VARCHAR NOT NULL,
            published_at VARCHAR,
            role VARCHAR NOT NULL,
            source_id VARCHAR,
            root_id VARCHAR,
            coverage DOUBLE NOT NULL,
            delay_hours DOUBLE,
            credits VARCHAR[] NOT NULL,
            reused_claims INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            changed INTEGER NOT NULL,
            altered INTEGER NOT NULL
        );
        CREATE TABLE outlet_profiles (
            name VARCHAR NOT NULL,
            aliases VARCHAR[] NOT NULL,
            fields VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        """,
    ),
    Migration(
        50,
        "briefs: the event date read from the articles",
        """
        ALTER TABLE briefs ADD COLUMN event_date VARCHAR;
        ALTER TABLE briefs ADD COLUMN event_date_note VARCHAR DEFAULT '';
        """,
    ),
    Migration(65, "MinHash signatures over the batch shingler's word hashes", _resign_minhashes),
    # Nullable, filled only for articles indexed from now on: a NULL size
    # sends that article's candidate pairs to exact verification, so an
    # older store groups as before without re-reading every text.
    Migration(
        66, "fingerprints: the number of distinct shingles", "ALTER TABLE fingerprints ADD COLUMN shingles INTEGER;"
    ),
)
