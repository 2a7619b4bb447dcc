"""RUM index for full-text candidates on PostgreSQL, where the extension is available.

A GIN index hands out matches in no useful order, so ranking the newest matches of a word in
0.6–4% of the quotes meant fetching every match from the heap (92 ms for "stock shares", 3,038
estimated and 14,525 found) or ANDing the GIN bitmap with a window of ids. A RUM index that
carries the quote id with each posting (``rum_tsvector_addon_ops``, ``attach = 'id'``) returns
the matches ordered by id from the index (``ORDER BY id <=| bound``), so only the candidates
kept are read from the heap: 22 ms for "stock shares" (benchmarks/README.md).

The extension (Debian/PGDG package ``postgresql-15-rum``) is optional: without it, or without
the right to create it, no index is made and app.search.fulltext keeps its GIN plans (it looks
for the index at start-up). It is over 3 times the size of the GIN index (228 MB against 69 MB
for 1,000,000 quotes) and took 30 s to build there; each quote inserted costs ~0.5 ms more
with it (no pending list as GIN has). SQLite is unaffected.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 04:00:00
"""

from collections.abc import Sequence

from alembic import op

from app.db import extensions

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The name app.search.fulltext looks for; kept out of autogenerate in migrations/env.py.
RUM_INDEX = "ix_quotes_search_rum"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not extensions.create_extension_if_available(bind, "rum"):
        return
    op.execute(
        f"CREATE INDEX {RUM_INDEX} ON quotes USING rum (search_vector rum_tsvector_addon_ops, id) "
        "WITH (attach = 'id', to = 'search_vector')"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The extension stays: other databases' objects may use it.
        op.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
