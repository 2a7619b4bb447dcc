"""The schema comes only from migrations, and they agree with the models on both backends."""

from alembic import command
from sqlalchemy import Engine, inspect

from app.db.migrate import alembic_config


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


def test_downgrade_and_upgrade_again(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/roundtrip.db"
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
