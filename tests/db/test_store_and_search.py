"""Persistence and search on both backends, fed with hand-built extractions (no models needed)."""

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleCreate
from app.articles.service import new_article, store_extraction
from app.events.models import Event
from app.nlp.types import EventInfo, Extraction, PersonInfo, Quote, Speaker, TextSpan
from app.people.models import Person
from app.quotes.service import QuoteFilters, search_quotes
from app.search.names import fuzzy_person_scores, resolve_speaker

PUTIN = PersonInfo("Vladimir Putin", "person", ["Putin", "President Putin"], ["Russian President"])
PESKOV = PersonInfo("Dmitry Peskov", "person", ["Peskov"], ["Kremlin spokesperson"])
FORUM = EventInfo("Eastern Economic Forum", "Vladivostok", dt.date(2025, 9, 5))


def quote(
    words: str, speaker: PersonInfo | None, event: EventInfo | None = None, confidence: float = 0.9
) -> Quote:
    return Quote(
        text=words,
        type="direct",
        spans=[(0, len(words))],
        cue=TextSpan("said", 0, 4),
        speaker=Speaker(speaker.name if speaker else None, "person", None),
        event=event,
        confidence=confidence,
    )


def store(db: Session, text: str, published: str, *quotes: Quote, hint: str | None = None) -> int:
    people = [p for p in (PUTIN, PESKOV) if any(q.speaker.name == p.name for q in quotes)]
    article = new_article(
        ArticleCreate(text=text, published_at=dt.datetime.fromisoformat(published), event=hint)
    )
    db.add(article)
    store_extraction(db, article, Extraction(list(quotes), people, []))
    db.commit()
    return article.id


def test_one_person_across_articles(db: Session) -> None:
    store(db, "a", "2025-09-05", quote("troops will be legitimate targets", PUTIN, FORUM))
    store(
        db,
        "b",
        "2025-09-06",
        quote("I see little point", PersonInfo("Putin", "person", [], [])),
        quote("outrageous efforts", PESKOV),
    )
    assert db.scalar(select(func.count()).select_from(Person)) == 2
    putin = resolve_speaker(db, "putin")
    assert len(putin) == 1
    found = search_quotes(db, QuoteFilters(person_ids=putin), limit=10, offset=0)
    assert sorted(q.text for q in found) == [
        "I see little point",
        "troops will be legitimate targets",
    ]


def test_speaker_by_alias_title_and_misspelling(db: Session) -> None:
    store(db, "a", "2025-09-05", quote("x", PUTIN), quote("y", PESKOV))
    putin_id = db.scalar(select(Person.id).where(Person.name == "Vladimir Putin"))
    for name in ("putin", "PUTIN", "Vladimir Putin", "President Putin", "Russian President Putin"):
        assert resolve_speaker(db, name) == [putin_id], name
    assert resolve_speaker(db, "puttin") == [putin_id]
    assert fuzzy_person_scores(db, "puttin")[0][0] == putin_id
    assert resolve_speaker(db, "Angela Merkel") == []


def test_event_shared_by_articles_covering_it(db: Session) -> None:
    store(db, "a", "2025-09-05", quote("x", PUTIN, FORUM))
    later = EventInfo("Eastern Economic Forum", None, None)
    store(db, "b", "2025-09-06", quote("y", PUTIN, later))
    next_year = EventInfo("Eastern Economic Forum", "Vladivostok", dt.date(2026, 9, 4))
    store(db, "c", "2026-09-04", quote("z", PUTIN, next_year))
    events = db.scalars(select(Event).order_by(Event.id)).all()
    assert [(e.name, e.date) for e in events] == [
        ("Eastern Economic Forum", dt.date(2025, 9, 5)),
        ("Eastern Economic Forum", dt.date(2026, 9, 4)),
    ]


def test_client_event_hint_wins(db: Session) -> None:
    store(db, "a", "2025-09-05", quote("x", PUTIN, FORUM), hint="Press conference")
    assert db.scalars(select(Event.name)).all() == ["Press conference"]


def test_full_text_is_ranked_and_safe(db: Session) -> None:
    store(
        db,
        "a",
        "2025-09-05",
        quote("NATO must stop its expansion, NATO is a threat", PUTIN),
        quote("We discussed NATO briefly among other matters of trade", PESKOV),
        quote("Nothing about alliances here", PESKOV),
    )
    found = search_quotes(db, QuoteFilters(q="nato"), limit=10, offset=0)
    assert found[0].text.startswith("NATO must stop")
    assert len(found) == 2
    # FTS and SQL syntax in user text is just words.
    for hostile in ('"', "NEAR(nato", "nato OR *", "'; DROP TABLE quotes; --", "a:b -c"):
        search_quotes(db, QuoteFilters(q=hostile), limit=10, offset=0)
    assert search_quotes(db, QuoteFilters(q="expansions"), limit=10, offset=0)  # stemming


def test_date_type_and_paging_filters(db: Session) -> None:
    for day in range(1, 6):
        store(db, f"article {day}", f"2025-09-0{day}", quote(f"words {day}", PUTIN))
    page = search_quotes(db, QuoteFilters(), limit=2, offset=0)
    assert [q.text for q in page] == ["words 5", "words 4", "words 3"]  # one extra: more follow
    window = QuoteFilters(
        date_from=dt.datetime(2025, 9, 2, tzinfo=dt.UTC),
        date_to=dt.datetime(2025, 9, 3, 23, tzinfo=dt.UTC),
    )
    assert [q.text for q in search_quotes(db, window, 10, 0)] == ["words 3", "words 2"]
    assert search_quotes(db, QuoteFilters(type="indirect"), 10, 0) == []


def test_min_confidence_keeps_the_likelier_quotes(db: Session) -> None:
    store(
        db,
        "a",
        "2025-09-05",
        quote("sure", PUTIN, confidence=0.9),
        quote("guess", PUTIN, confidence=0.4),
    )
    likely = search_quotes(db, QuoteFilters(min_confidence=0.8), 10, 0)
    assert [q.text for q in likely] == ["sure"]
    assert len(search_quotes(db, QuoteFilters(min_confidence=0.4), 10, 0)) == 2
