"""Search at a million quotes: indexes in the order results are served, a stored tsvector.

Measured by benchmarks/search_latency.py: PostgreSQL could not serve ``ORDER BY published_at
DESC NULLS LAST, id DESC`` from ``(person_id, published_at)`` and sorted every quote of a
speaker (665 ms for the most quoted one; 0.14 ms with these indexes), and ranking re-parsed
``to_tsvector(text)`` for every match. SQLite sorts NULLs first, so its plain ``DESC`` already
means "NULLS LAST".

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_INDEXES = {
    "ix_quotes_person_published": "quotes (person_id, published_at)",
    "ix_quotes_event_published": "quotes (event_id, published_at)",
    "ix_quotes_published_at": "quotes (published_at)",
}


def _recent(dialect: str) -> dict[str, str]:
    order = "published_at DESC NULLS LAST, id DESC" if dialect == "postgresql" else (
        "published_at DESC, id DESC"
    )
    return {
        "ix_quotes_person_recent": f"quotes (person_id, {order})",
        "ix_quotes_event_recent": f"quotes (event_id, {order})",
        "ix_quotes_recent": f"quotes ({order})",
    }


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, target in _recent(dialect).items():
        op.execute(f"CREATE INDEX {name} ON {target}")
    for name in OLD_INDEXES:
        op.execute(f"DROP INDEX {name}")
    if dialect == "postgresql":
        op.execute(
            "ALTER TABLE quotes ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX ix_quotes_search_vector ON quotes USING gin (search_vector)")
        op.execute("DROP INDEX ix_quotes_text_tsv")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE INDEX ix_quotes_text_tsv ON quotes USING gin (to_tsvector('english', text))")
        op.execute("ALTER TABLE quotes DROP COLUMN search_vector")
    for name, target in OLD_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {target}")
    for name in _recent(dialect):
        op.execute(f"DROP INDEX {name}")
