"""Alembic environment: the schema is created and evolved only through these migrations."""

from logging.config import fileConfig
from typing import Any

from alembic import context

from app.core.config import get_settings
from app.db.engine import build_engine
from app.db.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


# Search structures of migrations 0002, 0004 and 0005, made per dialect, outside the models.
HANDMADE_INDEXES = {
    "ix_quotes_text_tsv",
    "ix_quotes_search_vector",
    "ix_quotes_search_rum",
    "ix_person_aliases_alias_key_trgm",
    "ix_quotes_person_recent",
    "ix_quotes_event_recent",
    "ix_quotes_recent",
}
HANDMADE_COLUMNS = {"search_vector"}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave out what migrations make by hand: search structures and procrastinate's queue."""
    if type_ == "index":
        return name not in HANDMADE_INDEXES
    if type_ == "column":
        return name not in HANDMADE_COLUMNS
    handmade = bool(name) and (str(name).startswith("procrastinate_") or "_fts" in str(name))
    return not (type_ == "table" and handmade)


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url if url else get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = build_engine(_database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
