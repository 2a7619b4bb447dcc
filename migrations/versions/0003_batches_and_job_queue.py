"""Background ingestion: batches, one numbering of quotes per article, procrastinate's queue.

On PostgreSQL this installs procrastinate's own schema (its jobs table and functions), so that
jobs are enqueued in the same transaction as the articles they process. SQLite runs jobs in
the service's own process and needs no queue tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROP_PROCRASTINATE = r"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables
             WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\_%' LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%' LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || r.signature || ' CASCADE';
    END LOOP;
    FOR r IN SELECT t.typname FROM pg_type t
             JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\_%'
               AND (t.typtype = 'e' OR (t.typtype = 'c' AND t.typrelid IN (
                    SELECT oid FROM pg_class WHERE relkind = 'c'))) LOOP
        EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
    END LOOP;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_batch_items_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_batch_items_batch_id_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_items")),
        sa.UniqueConstraint("batch_id", "position", name=op.f("uq_batch_items_batch_id")),
    )
    with op.batch_alter_table("batch_items") as batch_op:
        batch_op.create_index(batch_op.f("ix_batch_items_article_id"), ["article_id"])
    # A unique index, not a constraint: on SQLite a constraint means rebuilding the table,
    # which would drop the full-text triggers of migration 0002.
    op.create_index("uq_quotes_article_position", "quotes", ["article_id", "position"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(DROP_PROCRASTINATE.replace("%", "%%"))
    op.drop_index("uq_quotes_article_position", table_name="quotes")
    with op.batch_alter_table("batch_items") as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_items_article_id"))
    op.drop_table("batch_items")
    op.drop_table("batches")
