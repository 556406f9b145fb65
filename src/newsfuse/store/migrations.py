"""Numbered schema migrations for the DuckDB store.

Decides the store's schema. Each migration runs once, in order, inside a
transaction, and is recorded in ``schema_migrations``; a store written by an
older version is brought up to date when opened. Never edit a released
migration: add the next number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


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
)
