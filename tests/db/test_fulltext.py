"""Full-text search gives the same matches, order and pages whichever plan serves it.

app.search.fulltext picks a plan from how frequent the words are (SQLite: bounded match counts;
PostgreSQL: the planner's row estimate); on a small database every plan is forced here through
its thresholds and compared with the plain one.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.quotes.service import QuoteFilters, search_quotes
from app.search import fulltext
from app.search.names import resolve_speaker
from tests.db.test_store_and_search import PESKOV, PUTIN, quote, store

TEXTS = [
    ("cocoa prices said to rise", PUTIN),
    ("nothing here said", PESKOV),
    ("cocoa cocoa harvest said", PESKOV),
    ("said the minister", PUTIN),
    ("cocoa said again", PUTIN),
    ("said said said", PESKOV),
]


@pytest.fixture(params=[1, 3_000_000_000], ids=["ids from 1", "ids past 32 bits"])
def quotes(request: pytest.FixtureRequest, db: Session) -> Iterator[dict[str, int]]:
    """The quotes of TEXTS, one article each, so that ids follow the list: text -> id.

    Also with every id past 2**31 (PostgreSQL's ids are 64-bit since migration 0006, and the
    RUM plan's distances must still order them).
    """
    if request.param > 1:
        if dialect(db) != "postgresql":
            pytest.skip("SQLite's rowids are 64-bit whatever the schema says")
        for table in ("articles", "quotes", "people", "person_aliases", "person_roles", "events"):
            db.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                {"t": table, "v": request.param},
            )
        db.commit()
    for day, (words, speaker) in enumerate(TEXTS, start=1):
        store(db, f"article {day}", f"2025-09-{day:02d}", quote(words, speaker))
    found = search_quotes(db, QuoteFilters(), limit=100, offset=0)
    assert all(q.id >= request.param for q in found)
    yield {q.text: q.id for q in found}


def texts(db: Session, q: str, limit: int = 100, offset: int = 0, **filters: object) -> list[str]:
    found = search_quotes(db, QuoteFilters(q=q, **filters), limit=limit, offset=offset)  # type: ignore[arg-type]
    return [x.text for x in found]


def dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def plans(db: Session) -> dict[str, dict[str, object]]:
    """Threshold settings that force each plan of this backend."""
    if dialect(db) == "sqlite":
        return {
            "bm25 inline": {},
            "rare word ranks": {"COMMON_MATCHES": 3},
            "common words, walk": {"COMMON_MATCHES": 0, "FILTER_PROBES": 0, "FILTER_SET": 0},
            "common words, filter as a set": {"COMMON_MATCHES": 0, "FILTER_PROBES": 0},
            "common words, probes": {"COMMON_MATCHES": 0},
        }
    no_rum = {"_has_rum_index": lambda engine: False}
    gin_plans: dict[str, dict[str, object]] = {
        "walk": {"WALK_SHARE": 0.0, "FILTER_ROWS": 0},
        "frequent words, filter read first": {"WALK_SHARE": 0.0, "FILTER_ROWS": float("inf")},
        "GIN index": {"WALK_SHARE": float("inf"), "GIN_MATCHES": float("inf")},
        "windows": {"WALK_SHARE": float("inf"), "GIN_MATCHES": 0, "_window": lambda n, e: 1},
        # The highest id is reused for a minute: rows added since, or a smaller table, must
        # still be found.
        **{
            f"windows, highest id read as {stale}": {
                "WALK_SHARE": float("inf"),
                "GIN_MATCHES": 0,
                "_window": lambda n, e: 1,
                "_newest_id": lambda session, stale=stale: stale,
            }
            for stale in (2, 10_000)
        },
    }
    found = {name: {**no_rum, **settings} for name, settings in gin_plans.items()}
    if rum_index_exists(db):
        # Migration 0005 made it (the extension is installed on this server).
        found["RUM index"] = {"WALK_SHARE": float("inf"), "_has_rum_index": lambda engine: True}
        found["RUM index, frequent words walk"] = {"WALK_SHARE": 0.0, "FILTER_ROWS": 0}
    return found


def rum_index_exists(db: Session) -> bool:
    return bool(db.scalar(text("SELECT to_regclass('ix_quotes_search_rum') IS NOT NULL")))


def test_every_plan_finds_the_same_matches_and_pages(
    db: Session, quotes: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    both = {"cocoa prices said to rise", "cocoa cocoa harvest said", "cocoa said again"}
    peskov = resolve_speaker(db, "Peskov")
    for name, settings in plans(db).items():
        with monkeypatch.context() as patch:
            for attr, value in settings.items():
                patch.setattr(fulltext, attr, value)
            found = texts(db, "cocoa said")
            assert set(found) == both, name
            assert set(texts(db, "said")) == {t for t, _ in TEXTS}, name
            assert set(texts(db, "said", person_ids=peskov)) == {
                "said said said",
                "cocoa cocoa harvest said",
                "nothing here said",
            }, name
            assert texts(db, "cocoa said", person_ids=peskov) == ["cocoa cocoa harvest said"]
            assert texts(db, "said rise", person_ids=peskov) == [], name
            assert texts(db, "cocoa unheard") == [], name
            # Pages of one cut the same list, and the extra row says whether more follow.
            pages = [texts(db, "cocoa said", limit=1, offset=k) for k in range(3)]
            assert [p[0] for p in pages] == found, name
            assert [len(p) for p in pages] == [2, 2, 1], name
            assert texts(db, "cocoa said", limit=1, offset=3) == [], name


def test_relevance_first_then_newest(
    db: Session, quotes: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = {}
    for name, settings in plans(db).items():
        with monkeypatch.context() as patch:
            for attr, value in settings.items():
                patch.setattr(fulltext, attr, value)
            ranked[name] = texts(db, "cocoa said")
    newest_first = ["cocoa said again", "cocoa cocoa harvest said", "cocoa prices said to rise"]
    if dialect(db) == "sqlite":
        # Words in more than COMMON_MATCHES quotes do not rank: with only those, newest first.
        assert ranked.pop("common words, walk") == newest_first
        assert ranked.pop("common words, filter as a set") == newest_first
        assert ranked.pop("common words, probes") == newest_first
    # The quote with the rare word twice is the most relevant on every other plan, and all of
    # them agree (bm25 on SQLite, ts_rank on PostgreSQL).
    orders = list(ranked.values())
    assert orders[0][0] == "cocoa cocoa harvest said"
    assert all(order == orders[0] for order in orders), ranked


def test_only_the_newest_matches_are_ranked(
    db: Session, quotes: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "RANKED_CANDIDATES", 2)
    for name, settings in plans(db).items():
        with monkeypatch.context() as patch:
            for attr, value in settings.items():
                patch.setattr(fulltext, attr, value)
            assert set(texts(db, "cocoa said")) == {
                "cocoa said again",
                "cocoa cocoa harvest said",
            }, name


def test_rum_index_serves_the_newest_matches(
    db: Session, quotes: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a table this small the planner would sort in memory: made to use the index, the RUM
    plan still gives what the GIN plans give."""
    if dialect(db) != "postgresql" or not rum_index_exists(db):
        pytest.skip("needs PostgreSQL with the rum extension (postgresql-15-rum)")
    monkeypatch.setattr(fulltext, "_has_rum_index", lambda engine: False)
    expected = {q: texts(db, q) for q in ("cocoa said", "said", "cocoa unheard")}
    monkeypatch.setattr(fulltext, "_has_rum_index", lambda engine: True)
    monkeypatch.setattr(fulltext, "WALK_SHARE", float("inf"))
    monkeypatch.setattr(fulltext, "RANKED_CANDIDATES", 2)
    db.execute(text("SET LOCAL enable_seqscan = off"))
    db.execute(text("SET LOCAL enable_sort = off"))
    plan = db.scalars(
        text(
            "EXPLAIN SELECT id FROM quotes WHERE search_vector @@ plainto_tsquery('english', "
            "'said') ORDER BY id <=| 9007199254740992 LIMIT 2"
        )
    ).all()
    assert any("ix_quotes_search_rum" in line for line in plan), plan
    # Two candidates: the two newest matches, ranked.
    assert set(texts(db, "said")) == {"said said said", "cocoa said again"}
    monkeypatch.setattr(fulltext, "RANKED_CANDIDATES", 1000)
    assert {q: texts(db, q) for q in expected} == expected
