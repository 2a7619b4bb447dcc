"""The schema comes only from migrations, and they agree with the models on both backends."""

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import BigInteger, Engine, inspect, text
from sqlalchemy.orm import Session

from app.db import extensions
from app.db.engine import build_engine
from app.db.migrate import alembic_config, upgrade
from app.quotes.service import QuoteFilters, search_quotes
from app.search import fulltext
from tests.conftest import _postgres_database


def test_models_match_migrations(engine: Engine, database_url: str) -> None:
    # Raises if autogenerate finds any difference between models and the migrated database.
    command.check(alembic_config(database_url))


def test_search_structures_exist(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"articles", "quotes", "people", "person_aliases", "events", "batches"} <= names
    if engine.dialect.name == "sqlite":
        assert {"quotes_fts", "person_aliases_fts"} <= names
    else:
        assert "procrastinate_jobs" in names
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("quotes")}
        assert {"ix_quotes_search_vector", "ix_quotes_person_recent"} <= indexes
        # 64-bit ids (migration 0006), foreign keys included.
        columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("quotes")}
        for name in ("id", "article_id", "person_id", "event_id"):
            assert isinstance(columns[name], BigInteger), name
        # The RUM index exists exactly where the server offers the extension.
        with engine.connect() as conn:
            offered = conn.scalar(
                text("SELECT count(*) FROM pg_available_extensions WHERE name = 'rum'")
            )
        assert ("ix_quotes_search_rum" in indexes) == bool(offered)


def test_downgrade_and_upgrade_again(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/roundtrip.db"
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")


@pytest.fixture
def bare_postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database of its own (skips where no server answers)."""
    yield from _postgres_database()


def test_without_rum_the_schema_and_search_still_work(
    bare_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server without the rum package (or a role that may not create it): no RUM index,
    and full text goes through the GIN plans, detected at start-up."""
    monkeypatch.setattr(extensions, "create_extension_if_available", lambda conn, name: False)
    upgrade(bare_postgres_url)
    engine = build_engine(bare_postgres_url)
    try:
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("quotes")}
        assert "ix_quotes_search_rum" not in indexes
        assert "ix_quotes_search_vector" in indexes
        fulltext.detect_search_indexes(engine)
        assert fulltext._has_rum_index(engine) is False
        with Session(engine) as session:
            assert search_quotes(session, QuoteFilters(q="cocoa said"), limit=20, offset=0) == []
        # The migration goes down and up again without the index too.
        command.downgrade(alembic_config(bare_postgres_url), "0004")
        command.upgrade(alembic_config(bare_postgres_url), "head")
    finally:
        engine.dispose()
