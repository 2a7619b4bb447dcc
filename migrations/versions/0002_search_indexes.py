"""Full-text search over quotes and fuzzy search over people's names.

SQLite: FTS5 (porter stemming) over quote text and an FTS5 trigram index over aliases, both
external-content tables kept in step by triggers. PostgreSQL: a GIN index over
``to_tsvector('english', text)`` and a pg_trgm GIN index over alias keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE VIRTUAL TABLE person_aliases_fts USING fts5(
        alias_key, content='person_aliases', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER person_aliases_fts_ai AFTER INSERT ON person_aliases BEGIN
        INSERT INTO person_aliases_fts(rowid, alias_key) VALUES (new.id, new.alias_key);
    END""",
    """CREATE TRIGGER person_aliases_fts_ad AFTER DELETE ON person_aliases BEGIN
        INSERT INTO person_aliases_fts(person_aliases_fts, rowid, alias_key)
        VALUES ('delete', old.id, old.alias_key);
    END""",
    """CREATE TRIGGER person_aliases_fts_au AFTER UPDATE OF alias_key ON person_aliases BEGIN
        INSERT INTO person_aliases_fts(person_aliases_fts, rowid, alias_key)
        VALUES ('delete', old.id, old.alias_key);
        INSERT INTO person_aliases_fts(rowid, alias_key) VALUES (new.id, new.alias_key);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS person_aliases_fts_au",
    "DROP TRIGGER IF EXISTS person_aliases_fts_ad",
    "DROP TRIGGER IF EXISTS person_aliases_fts_ai",
    "DROP TABLE IF EXISTS person_aliases_fts",
    "DROP TRIGGER IF EXISTS quotes_fts_au",
    "DROP TRIGGER IF EXISTS quotes_fts_ad",
    "DROP TRIGGER IF EXISTS quotes_fts_ai",
    "DROP TABLE IF EXISTS quotes_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_quotes_text_tsv ON quotes USING gin (to_tsvector('english', text))",
    "CREATE INDEX ix_person_aliases_alias_key_trgm ON person_aliases "
    "USING gin (alias_key gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_person_aliases_alias_key_trgm",
    "DROP INDEX IF EXISTS ix_quotes_text_tsv",
]


def _statements(up: bool) -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    raise NotImplementedError(f"no search indexes for the {dialect} dialect")


def upgrade() -> None:
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
