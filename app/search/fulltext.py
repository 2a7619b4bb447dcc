"""Ranked full-text search over quote text, on SQLite FTS5 or PostgreSQL tsvector.

User text never reaches the query syntax: it is cut into words, and each word becomes a quoted
FTS5 phrase (SQLite) or goes through ``plainto_tsquery`` (PostgreSQL), both as bound parameters.
"""

import re
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    false,
    func,
    literal_column,
    text,
)

from app.quotes.models import Quote

_WORD = re.compile(r"\w+")

# The FTS5 shadow table, described only for building queries; migration 0002 creates it.
_fts_metadata = MetaData()
quotes_fts = Table("quotes_fts", _fts_metadata, Column("rowid", Integer), Column("rank", Float))


def search_words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5_phrase_query(words: list[str]) -> str:
    """Every word must appear; each is a quoted string so FTS5 operators in it mean nothing."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def apply_text_search(stmt: Select[Any], dialect: str, query: str) -> Select[Any]:
    """Restrict ``stmt`` (a select over Quote) to quotes matching ``query``, best first."""
    words = search_words(query)
    if not words:  # only punctuation: nothing can match, and FTS5 rejects an empty query
        return stmt.where(false())
    if dialect == "sqlite":
        return (
            stmt.join(quotes_fts, quotes_fts.c.rowid == Quote.id)
            .where(
                text("quotes_fts MATCH :fts_query").bindparams(fts_query=fts5_phrase_query(words))
            )
            .order_by(quotes_fts.c.rank)
        )
    config: ColumnElement[str] = literal_column("'english'")
    vector = func.to_tsvector(config, Quote.text)
    tsquery = func.plainto_tsquery(config, " ".join(words))
    return stmt.where(vector.op("@@")(tsquery)).order_by(func.ts_rank(vector, tsquery).desc())
