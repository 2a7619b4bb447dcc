"""Ranked full-text search over quote text, on SQLite FTS5 or PostgreSQL tsvector.

User text never reaches the query syntax: it is cut into words, and each word becomes a quoted
FTS5 phrase (SQLite) or goes through ``plainto_tsquery`` (PostgreSQL), both as bound parameters.

Relevance is ranked among the newest ``RANKED_CANDIDATES`` matches (after every other
filter), not among all of them: ranking every match of a common word ("said": 450,000 of a
million quotes) took seconds, and for news the best of the recent matches is the better
answer anyway. benchmarks/search_latency.py measures it.
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
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from app.quotes.models import Quote

RANKED_CANDIDATES = 1000

_WORD = re.compile(r"\w+")

# The FTS5 shadow table, described only for building queries; migration 0002 creates it.
_fts_metadata = MetaData()
quotes_fts = Table("quotes_fts", _fts_metadata, Column("rowid", Integer), Column("rank", Float))
# PostgreSQL's stored tsvector of quote text (migration 0004), outside the ORM model.
_search_vector: ColumnElement[Any] = literal_column("quotes.search_vector", TSVECTOR)


def search_words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5_phrase_query(words: list[str]) -> str:
    """Every word must appear; each is a quoted string so FTS5 operators in it mean nothing."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def ranked_quotes(
    conditions: list[ColumnElement[bool]], dialect: str, query: str
) -> Select[Quote]:
    """Quotes matching ``query`` and ``conditions``, most relevant first."""
    words = search_words(query)
    if not words:  # only punctuation: nothing can match, and FTS5 rejects an empty query
        return select(Quote).where(false())
    if dialect == "sqlite":
        match = text("quotes_fts MATCH :fts_query").bindparams(fts_query=fts5_phrase_query(words))
        candidates = (
            select(Quote.id.label("id"), quotes_fts.c.rank.label("score"))
            .join(quotes_fts, quotes_fts.c.rowid == Quote.id)
            .where(match, *conditions)
            # The FTS table's own rowid, so that FTS5 streams matches newest first and stops.
            .order_by(quotes_fts.c.rowid.desc())
            .limit(RANKED_CANDIDATES)
            .subquery()
        )
        best_first = candidates.c.score.asc()  # bm25: lower is better
    else:
        tsquery = func.plainto_tsquery(literal_column("'english'"), " ".join(words))
        candidates = (
            select(Quote.id.label("id"), func.ts_rank(_search_vector, tsquery).label("score"))
            .where(_search_vector.op("@@")(tsquery), *conditions)
            .order_by(Quote.id.desc())
            .limit(RANKED_CANDIDATES)
            .subquery()
        )
        best_first = candidates.c.score.desc()
    return (
        select(Quote)
        .join(candidates, candidates.c.id == Quote.id)
        .order_by(best_first, Quote.id.desc())
    )
