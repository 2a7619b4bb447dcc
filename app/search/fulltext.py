"""Ranked full-text search over quote text, on SQLite FTS5 or PostgreSQL tsvector.

User text never reaches the query syntax: it is cut into words, and each word becomes a quoted
FTS5 phrase (SQLite) or goes through ``plainto_tsquery`` (PostgreSQL), both as bound parameters.

Relevance is ranked among the newest ``RANKED_CANDIDATES`` matches (after every other
filter), not among all of them: ranking every match of a common word ("said": 450,000 of a
million quotes) took seconds, and for news the best of the recent matches is the better
answer anyway. benchmarks/search_latency.py measures it.

Finding those newest matches cheaply needs a different plan for frequent and rare words, and
neither database picks it alone (measured on 1,000,000 quotes, benchmarks/README.md):

* SQLite: FTS5 hands out matches newest first and can stop after ``RANKED_CANDIDATES``, but
  bm25 first counts every quote holding each word (its IDF), 32 ms for "said". Words found in
  more than ``COMMON_MATCHES`` quotes therefore do not take part in the ranking (their IDF is
  small anyway); a query of only such words comes newest first. With only common words and a
  selective filter, walking the matches newest first visits them all (0.7–0.8 s for "said" and
  a speaker with 187 quotes), so a filter leaving at most ``FILTER_PROBES`` quotes has each of
  them probed in the index instead (~0.2 ms a probe for "said"). A larger filter leaving at
  most ``FILTER_SET`` quotes is read once into a set that the walk tests each match against:
  FTS5 hands out rowids cheaply (~0.1 us each), and it is the join to ``quotes`` for every
  match that cost 90–220 ms ("will" and a speaker with 6,804 quotes: 195 → 25 ms).
* PostgreSQL: the GIN index yields matches in no useful order. Walking the primary key
  backwards finds the newest matches of a frequent word at once, but for a word in 1% of the
  quotes it filters ~100,000 rows (165 ms), which the planner, costing ``@@`` as cheap, still
  prefers to the ~10,000 rows of the GIN index. So the plan is chosen here from the planner's
  own (accurate) row estimate: the walk for frequent words, the GIN index for rare ones, and in
  between the GIN index within a window of the newest ids expected to hold the candidates.
  Where migration 0005 could make a RUM index (the extension is optional), it replaces the GIN
  and window plans for words in fewer than ``WALK_SHARE`` of the quotes: it orders the matches
  by id inside the index, so only the candidates kept are read from the heap. It sorts every
  match to do so (~0.65 us each: 290 ms for "said"), hence the walk stays for frequent words.
  A frequent word with a filter estimated to leave at most ``FILTER_ROWS`` quotes (a speaker)
  reads the filter's rows from its own index and tests each one, which neither the GIN bitmap
  of the word nor the walk can match.
"""

import logging
import math
import re
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Engine,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    TextClause,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.planner import plan_methods_off
from app.quotes.models import Quote

RANKED_CANDIDATES = 1000
# SQLite: a word in more quotes than this is left out of bm25, whose IDF counts every match.
COMMON_MATCHES = 10_000
# SQLite: with only common words, a filter leaving at most this many quotes drives the search
# (each one an index probe, ~0.2 ms for "said": probes cost more than walking a rarer word).
FILTER_PROBES = 100
# SQLite: with only common words, a filter leaving at most this many quotes is read into a set
# once (~1 us an id) that each match is tested against, instead of a join per match.
FILTER_SET = 50_000
# SQLite: at most this many rows are scored when ranking by the informative words alone.
SCORED_ROWS = 2 * RANKED_CANDIDATES
# PostgreSQL: estimated matches up to which every match is taken from the GIN index ...
GIN_MATCHES = 6_000
# ... and the share of all quotes from which walking the primary key backwards (at most 25,000
# rows, ~1.5 us each) is cheaper than a window: the GIN index's bitmap alone costs ~0.4 us a
# match (56 ms for "year", 128,000 matches).
WALK_SHARE = 0.04
# PostgreSQL: a filter estimated to leave at most this many quotes is read from its own index
# and each row tested, when the words are frequent (~3 us a row: 27 ms for "said" and a speaker
# with 8,113 quotes, where the GIN bitmap alone took 40 ms).
FILTER_ROWS = 10_000
# PostgreSQL: how long the highest quote id is reused before it is read again.
NEWEST_ID_SECONDS = 60.0
# PostgreSQL: a window of newest ids is sized to hold this many times the candidates needed.
WINDOW_MARGIN = 1.5

# PostgreSQL: the RUM index of migration 0005, made only where the extension is available.
RUM_INDEX = "ix_quotes_search_rum"

logger = logging.getLogger(__name__)
_WORD = re.compile(r"\w+")
_newest_ids: dict[str, tuple[float, int]] = {}
_rum_indexes: dict[str, bool] = {}

# The FTS5 shadow table, described only for building queries; migration 0002 creates it.
_fts_metadata = MetaData()
quotes_fts = Table("quotes_fts", _fts_metadata, Column("rowid", Integer), Column("rank", Float))
# PostgreSQL's stored tsvector of quote text (migration 0004), outside the ORM model.
_search_vector: ColumnElement[Any] = literal_column("quotes.search_vector", TSVECTOR)


def search_words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5_phrase_query(words: Sequence[str]) -> str:
    """Every word must appear; each is a quoted string so FTS5 operators in it mean nothing."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def ranked_ids(session: Session, conditions: list[ColumnElement[bool]], query: str) -> list[int]:
    """Ids of quotes matching ``query`` and ``conditions``, most relevant first.

    At most ``RANKED_CANDIDATES`` ids: relevance ranks the newest matches (by id) only.
    """
    words = search_words(query)
    if not words:  # only punctuation: nothing can match, and FTS5 rejects an empty query
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_ranked_ids(session, conditions, words)
    return _postgres_ranked_ids(session, conditions, words)


# --------------------------------------------------------------------------------------------
# SQLite


def _fts_match(words: Sequence[str], name: str = "fts_query") -> TextClause:
    return text(f"quotes_fts MATCH :{name}").bindparams(**{name: fts5_phrase_query(words)})


def _matches_up_to(session: Session, word: str, cap: int) -> int:
    """How many quotes hold ``word``, counted no further than ``cap`` (FTS5 stops there)."""
    first = select(quotes_fts.c.rowid).where(_fts_match([word])).limit(cap).subquery()
    return session.scalar(select(func.count()).select_from(first)) or 0


def _sqlite_ranked_ids(
    session: Session, conditions: list[ColumnElement[bool]], words: list[str]
) -> list[int]:
    counts = {w: _matches_up_to(session, w, COMMON_MATCHES + 1) for w in dict.fromkeys(words)}
    informative = [w for w, n in counts.items() if n <= COMMON_MATCHES]
    match = _fts_match(words)
    newest_first = quotes_fts.c.rowid.desc()
    if len(informative) == len(counts):
        # No common word: bm25 is cheap, and FTS5 ranks only the rows it hands out.
        candidates = (
            select(quotes_fts.c.rowid.label("id"), quotes_fts.c.rank.label("score"))
            .where(match)
            .order_by(newest_first)
            .limit(RANKED_CANDIDATES)
        )
        if conditions:
            candidates = candidates.join(Quote, Quote.id == quotes_fts.c.rowid).where(*conditions)
        rows = session.execute(candidates).all()
        return [id_ for id_, _ in sorted(rows, key=lambda r: (r.score, -r.id))]
    ids = _sqlite_candidates(session, conditions, match, probe_filter=not informative)
    if not informative or len(ids) < 2:
        return ids
    # Rank by the informative words alone: their IDF is cheap to count. Rows between the
    # oldest and newest candidate that hold them, newest first, at most SCORED_ROWS.
    scored = (
        select(quotes_fts.c.rowid, quotes_fts.c.rank)
        .where(
            _fts_match(informative),
            quotes_fts.c.rowid.between(min(ids), max(ids)),
        )
        .order_by(newest_first)
        .limit(SCORED_ROWS)
    )
    scores: dict[int, float] = {int(r): float(s) for r, s in session.execute(scored)}
    unscored = math.inf  # bm25 is negative, lower is better: unscored rows come last
    return sorted(ids, key=lambda i: (scores.get(i, unscored), -i))


def _sqlite_candidates(
    session: Session,
    conditions: list[ColumnElement[bool]],
    match: TextClause,
    probe_filter: bool,
) -> list[int]:
    """The newest ``RANKED_CANDIDATES`` matching ids, newest first, without bm25.

    ``probe_filter``: the query has only common words, so a filter leaving few quotes is
    cheaper to probe, or to test as a set, than joining every match is (an informative word
    has few matches to join).
    """
    walk = select(quotes_fts.c.rowid).where(match).order_by(quotes_fts.c.rowid.desc())
    if conditions and probe_filter:
        filtered = select(Quote.id).where(*conditions)
        few = session.scalars(filtered.limit(FILTER_PROBES + 1)).all()
        if len(few) <= FILTER_PROBES:
            # Unordered, so that SQLite probes each id (rowid = ? AND MATCH) instead of
            # walking the matches newest first and testing the list.
            probes = select(quotes_fts.c.rowid).where(match, quotes_fts.c.rowid.in_(few))
            return sorted(session.scalars(probes), reverse=True)[:RANKED_CANDIDATES]
        bounded = select(func.count()).select_from(filtered.limit(FILTER_SET + 1).subquery())
        if (session.scalar(bounded) or 0) <= FILTER_SET:
            # "+rowid": the unary plus keeps the IN away from FTS5 (which would probe each id);
            # SQLite builds the subquery's set once and tests every match of the walk in it.
            in_filter = literal_column("+quotes_fts.rowid").in_(filtered)
            return list(session.scalars(walk.where(in_filter).limit(RANKED_CANDIDATES)))
    if conditions:
        walk = walk.join(Quote, Quote.id == quotes_fts.c.rowid).where(*conditions)
    return list(session.scalars(walk.limit(RANKED_CANDIDATES)))


# --------------------------------------------------------------------------------------------
# PostgreSQL


def _estimated_rows(session: Session, stmt: Select[Any]) -> float:
    """The planner's row estimate for ``stmt`` (EXPLAIN without running it)."""
    compiled = stmt.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
    )
    plan = (
        session.connection()
        .exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
        .scalar_one()
    )
    return float(plan[0]["Plan"]["Plan Rows"])


def _postgres_ranked_ids(
    session: Session, conditions: list[ColumnElement[bool]], words: list[str]
) -> list[int]:
    newest = _newest_id(session)
    tsquery = func.plainto_tsquery(literal_column("'english'"), " ".join(words))
    match = _search_vector.op("@@")(tsquery)
    where = [match, *conditions]
    expected = max(_estimated_rows(session, select(Quote.id).where(*where)), 1.0)
    scored = select(Quote.id, func.ts_rank(_search_vector, tsquery).label("score"))
    rows: list[Any] = []
    frequent = WALK_SHARE * newest
    matches = _estimated_rows(session, select(Quote.id).where(match)) if conditions else expected
    if conditions and matches >= frequent:
        # A frequent word and a filter that leaves few of its matches: the GIN bitmap of the
        # word alone costs ~0.1 us a match (40 ms for "said"), the walk meets few filtered
        # rows. A small filter is cheaper read from its own index, each row tested: the
        # function form of ``@@`` (``ts_match_vq``) cannot use the text indexes, and ``id + 0``
        # keeps the planner off the primary key.
        filtered = _estimated_rows(session, select(Quote.id).where(*conditions))
        if filtered <= FILTER_ROWS:
            tested = scored.where(func.ts_match_vq(_search_vector, tsquery), *conditions)
            first = tested.order_by((Quote.id + 0).desc()).limit(RANKED_CANDIDATES)
            rows = list(session.execute(first))
            return _most_relevant_first(rows)
    if matches < frequent and _has_rum_index(session.get_bind().engine):
        # The index sorts every match of the words, filtered or not: bounded by the walk's
        # threshold, so a filter on a frequent word keeps the plans below.
        ordered = scored.where(*where).order_by(_newest_first_in_rum()).limit(RANKED_CANDIDATES)
        rows = list(session.execute(ordered))
        return _most_relevant_first(rows)
    if expected >= frequent:
        # Frequent: the primary key backwards meets RANKED_CANDIDATES matches soon.
        walk = scored.where(*where).order_by(Quote.id.desc()).limit(RANKED_CANDIDATES)
        rows = list(session.execute(walk))
    else:
        # ``id + 0`` cannot come from the primary key. Rare words: the planner takes the GIN
        # index by itself. A window: with plain index and sequential scans off it can only
        # AND the GIN index's bitmap with the primary key's range (it would walk the window).
        unordered = (Quote.id + 0).desc()
        upper: int | None = None
        window = None if expected <= GIN_MATCHES else _window(newest, expected)
        methods = ("enable_indexscan", "enable_seqscan") if window is not None else ()
        with plan_methods_off(session, *methods):
            while len(rows) < RANKED_CANDIDATES:
                lower = None if window is None or window >= newest else newest - window
                bounded = [*where]
                if lower is not None:
                    bounded.append(Quote.id > lower)
                if upper is not None:
                    bounded.append(Quote.id <= upper)
                step = (
                    scored.where(*bounded).order_by(unordered).limit(RANKED_CANDIDATES - len(rows))
                )
                rows.extend(session.execute(step))
                if lower is None or window is None:
                    break
                upper = lower
                window *= 4
    return _most_relevant_first(rows)


def _most_relevant_first(rows: Sequence[Any]) -> list[int]:
    """Ids of ``(id, ts_rank)`` rows, highest rank first; ties newest first, as on every plan."""
    return [id_ for id_, _ in sorted(rows, key=lambda r: (-r.score, -r.id))]


def _newest_id(session: Session) -> int:
    """The highest quote id, read at most once a minute per database (one statement less).

    It only sizes the windows and the walk's threshold: rows added since are inside the first
    window (it has no upper bound), and the last window has no lower one, so a stale value
    costs time, never results.
    """
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _newest_ids.get(key)
    now = time.monotonic()
    if cached is None or now - cached[0] > NEWEST_ID_SECONDS:
        cached = (now, session.scalar(select(func.max(Quote.id))) or 0)
        _newest_ids[key] = cached
    return max(cached[1], 1)


def _window(newest: int, expected: float) -> int:
    """Newest ids expected to hold ``WINDOW_MARGIN`` times the candidates needed."""
    return math.ceil(WINDOW_MARGIN * RANKED_CANDIDATES * newest / expected)


def _has_rum_index(engine: Engine) -> bool:
    """Whether this database has migration 0005's RUM index (looked up once per database).

    The service calls it at start-up (app.main); the answer is kept for the process's life, so
    an index made later by hand is used after a restart.
    """
    key = engine.url.render_as_string(hide_password=True)
    if key not in _rum_indexes:
        with engine.connect() as conn:
            found = conn.scalar(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": RUM_INDEX})
        _rum_indexes[key] = bool(found)
    return _rum_indexes[key]


def detect_search_indexes(engine: Engine) -> None:
    """Look for optional search indexes now, rather than during the first search.

    A database that does not answer yet must not stop the service from starting (``/ready``
    reports it): the first search looks again.
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        _has_rum_index(engine)
    except SQLAlchemyError:
        logger.warning("could not look for the RUM index yet; the first search will")


def _newest_first_in_rum() -> ColumnElement[Any]:
    """``id <=| bound``: RUM's distance to a bound above every id, smallest for the newest.

    RUM computes the distance as a float8, so the bound must keep ``bound - id`` exact: 2**53
    for 64-bit ids (with 2**63 - 1 every distance rounded to the same value and the order was
    lost), the largest value for 32-bit ones.
    """
    bound = 2**53 if isinstance(Quote.id.type, BigInteger) else 2**31 - 1
    return Quote.id.op("<=|")(literal(bound, Quote.id.type))
