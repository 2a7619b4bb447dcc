"""Storing extracted quotes and searching stored ones."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from app.articles.models import Article
from app.events.models import Event
from app.nlp import types as nlp
from app.quotes.models import Quote
from app.quotes.schemas import (
    ArticleRef,
    EventPublic,
    ExtractedQuote,
    QuotePublic,
    SpeakerPublic,
    TextSpanPublic,
)
from app.search.fulltext import ranked_ids
from app.search.keys import name_key

# What a quote shows of its article (ArticleRef).
ARTICLE_REF_COLUMNS = (Article.id, Article.title, Article.url, Article.outlet, Article.published_at)


def _span(span: nlp.TextSpan | None) -> TextSpanPublic | None:
    return None if span is None else TextSpanPublic(text=span.text, start=span.start, end=span.end)


def extracted_to_public(quote: nlp.Quote) -> ExtractedQuote:
    event = quote.event
    return ExtractedQuote(
        text=quote.text,
        type=quote.type,
        spans=[(s, e) for s, e in quote.spans],
        cue=_span(quote.cue),
        speaker=SpeakerPublic(
            name=quote.speaker.name, kind=quote.speaker.kind, mention=_span(quote.speaker.mention)
        ),
        event=None
        if event is None
        else EventPublic(name=event.name, place=event.place, date=event.date),
        confidence=round(quote.confidence, 4),
        context=None if quote.context is None else quote.context.text,
    )


def build_quote(
    position: int,
    quote: nlp.Quote,
    article: Article,
    person_id: int | None,
    event: Event | None,
) -> Quote:
    cue, mention = quote.cue, quote.speaker.mention
    return Quote(
        article=article,
        person_id=person_id,
        event=event,
        position=position,
        text=quote.text,
        type=quote.type,
        spans=[[s, e] for s, e in quote.spans],
        cue_text=None if cue is None else cue.text[:255],
        cue_start=None if cue is None else cue.start,
        cue_end=None if cue is None else cue.end,
        speaker_name=quote.speaker.name,
        speaker_kind=quote.speaker.kind,
        mention_text=None if mention is None else mention.text[:255],
        mention_start=None if mention is None else mention.start,
        mention_end=None if mention is None else mention.end,
        confidence=quote.confidence,
        context=None if quote.context is None else quote.context.text,
        published_at=article.published_at,
    )


def stored_to_public(quote: Quote) -> QuotePublic:
    def span(text: str | None, start: int | None, end: int | None) -> TextSpanPublic | None:
        if text is None or start is None or end is None:
            return None
        return TextSpanPublic(text=text, start=start, end=end)

    return QuotePublic(
        id=quote.id,
        text=quote.text,
        type=quote.type,
        spans=[(s, e) for s, e in quote.spans],
        cue=span(quote.cue_text, quote.cue_start, quote.cue_end),
        speaker=SpeakerPublic(
            name=quote.person.name if quote.person else quote.speaker_name,
            kind=quote.speaker_kind,
            mention=span(quote.mention_text, quote.mention_start, quote.mention_end),
            person_id=quote.person_id,
        ),
        event=None if quote.event is None else EventPublic.model_validate(quote.event),
        confidence=quote.confidence,
        context=quote.context,
        article=ArticleRef.model_validate(quote.article),
    )


@dataclass(slots=True)
class QuoteFilters:
    person_ids: list[int] | None = None
    event_id: int | None = None
    event: str | None = None
    q: str | None = None
    type: str | None = None
    outlet: str | None = None
    min_confidence: float | None = None
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None
    article_id: int | None = None


def _conditions(session: Session, f: QuoteFilters) -> list[ColumnElement[bool]] | None:
    """WHERE clauses for ``f``; None when a filter names nothing (no event of that name)."""
    conditions: list[ColumnElement[bool]] = []
    if f.person_ids is not None:
        conditions.append(Quote.person_id.in_(f.person_ids))
    if f.event_id is not None:
        conditions.append(Quote.event_id == f.event_id)
    if f.event:
        # Resolved to ids first: the planner then uses the per-event index with real numbers.
        event_ids = session.scalars(
            select(Event.id).where(Event.name_key.contains(name_key(f.event), autoescape=True))
        ).all()
        if not event_ids:
            return None
        conditions.append(Quote.event_id.in_(event_ids))
    if f.type:
        conditions.append(Quote.type == f.type)
    if f.min_confidence is not None:
        conditions.append(Quote.confidence >= f.min_confidence)
    if f.outlet:
        conditions.append(
            Quote.article_id.in_(select(Article.id).where(Article.outlet == f.outlet))
        )
    if f.date_from:
        conditions.append(Quote.published_at >= f.date_from)
    if f.date_to:
        conditions.append(Quote.published_at <= f.date_to)
    if f.article_id is not None:
        conditions.append(Quote.article_id == f.article_id)
    return conditions


def _page_loading(dialect: str) -> tuple[LoaderOption, ...]:
    """How a page's articles (the columns shown only), people and events are loaded.

    PostgreSQL: joined into the page's statement, one round trip instead of four (on a busy
    machine each waits for a core; its planner sorts and cuts the page before joining).
    SQLite: a statement costs no round trip, and its planner joins every matching quote before
    the sort (`event=Forum`: 6 → 225 ms joined), so each relationship has a statement of its own.
    """
    article = Quote.article
    if dialect == "postgresql":
        return (
            joinedload(article).load_only(*ARTICLE_REF_COLUMNS),
            joinedload(Quote.person),
            joinedload(Quote.event),
        )
    return (
        selectinload(article).load_only(*ARTICLE_REF_COLUMNS),
        selectinload(Quote.person),
        selectinload(Quote.event),
    )


def search_quotes(session: Session, filters: QuoteFilters, limit: int, offset: int) -> list[Quote]:
    """One page (plus one row, to tell whether another page follows) of matching quotes.

    Full-text queries are ranked by relevance (among the newest matches, see
    app.search.fulltext); the rest come newest first.
    """
    conditions = _conditions(session, filters)
    if conditions is None or filters.person_ids == []:
        return []
    load = _page_loading(session.get_bind().dialect.name)
    if filters.q:
        # Ranked in app.search.fulltext (several statements, plans chosen by word frequency);
        # the page is cut from the ranked ids and only its quotes are loaded.
        page = ranked_ids(session, conditions, filters.q)[offset : offset + limit + 1]
        loaded = session.scalars(select(Quote).where(Quote.id.in_(page)).options(*load))
        by_id = {quote.id: quote for quote in loaded}
        return [by_id[id_] for id_ in page]
    stmt = (
        select(Quote)
        .where(*conditions)
        .order_by(Quote.published_at.desc().nulls_last(), Quote.id.desc())
        .options(*load)
    )
    return list(session.scalars(stmt.limit(limit + 1).offset(offset)))
