"""64-bit ids on PostgreSQL: primary keys, the columns that refer to them, their sequences.

``SERIAL`` columns stop at 2,147,483,647; a service meant to hold millions of quotes a month
and to re-ingest should not have a ceiling there. SQLite is unaffected: its ``INTEGER PRIMARY
KEY`` is already a 64-bit rowid (and must stay spelt that way for FTS5's ``content_rowid``).

Each table is rewritten once (all its columns in one ``ALTER TABLE``), with its indexes, then
vacuumed and analysed: on the benchmark's 1,000,000 quotes 58 s for the rewrite and 3 s for
``ANALYZE`` and ``VACUUM (ANALYZE)`` (run by hand there, measured apart). Downgrading fails if
any id has already passed the 32-bit range.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 04:20:00
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table -> its id columns: its own primary key first, then its foreign keys.
ID_COLUMNS = {
    "events": ["id"],
    "people": ["id"],
    "articles": ["id", "event_id"],
    "person_aliases": ["id", "person_id"],
    "person_roles": ["id", "person_id"],
    "quotes": ["id", "article_id", "person_id", "event_id"],
    "batches": ["id"],
    "batch_items": ["id", "batch_id", "article_id"],
}


def _retype(sql_type: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, columns in ID_COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {c} TYPE {sql_type}" for c in columns)
        op.execute(f"ALTER TABLE {table} {changes}")
        sequence = bind.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        op.execute(f"ALTER SEQUENCE {sequence} AS {sql_type}")
    # The rewrite drops the columns' statistics and empties the visibility map, and autovacuum
    # does not count a rewrite as changes: without this the planner read every quote of a
    # speaker (speaker= p99 17 -> 205 ms on 1,000,000 quotes) and counting a speaker's quotes
    # read the heap instead of the index alone (/v1/people?q= p99 26 -> 320 ms). VACUUM cannot
    # run in a transaction: the migration's work so far is committed first.
    with op.get_context().autocommit_block():
        for table in ID_COLUMNS:
            op.execute(f"VACUUM (ANALYZE) {table}")


def upgrade() -> None:
    _retype("bigint")


def downgrade() -> None:
    _retype("integer")
