"""The declarative base every table model derives from, so Alembic sees one metadata."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Primary keys (and, through ForeignKey, the columns that refer to them): 64-bit on PostgreSQL
# (migration 0006), so that quotes can pass 2,147,483,647 ids; SQLite's INTEGER PRIMARY KEY is
# already 64-bit and must stay spelt INTEGER to remain the rowid that FTS5 indexes by.
ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that reads back aware UTC datetimes on every backend.

    SQLite keeps no offset and hands stored times back naive, so the same resource came out
    as ``…Z`` when created and without an offset when read again; PostgreSQL is unchanged.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return as_utc(value) if isinstance(value, datetime) else None


def as_utc(moment: datetime | None) -> datetime | None:
    """A naive time taken as UTC (what clients mean without an offset, what SQLite returns)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CreatedAtMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
