"""Storing articles with their quotes: once each, all or nothing."""

import hashlib
from collections import Counter

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.articles.models import Article
from app.articles.schemas import ArticleCreate, ArticlePublic, ArticleSummary
from app.db.base import as_utc
from app.events.models import Event
from app.events.service import resolve_event
from app.extract.service import SharedExtractor
from app.nlp.types import EventInfo, Extraction, PersonInfo
from app.people.service import resolve_person
from app.quotes.models import Quote
from app.quotes.schemas import EventPublic
from app.quotes.service import build_quote, stored_to_public


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def find_duplicate(session: Session, data: ArticleCreate) -> Article | None:
    """The stored article this one repeats: same client id, same URL, or the same text."""
    same = [Article.text_sha256 == text_sha256(data.text)]
    if data.external_id:
        same.append(Article.external_id == data.external_id)
    if data.url:
        same.append(Article.url == str(data.url))
    return session.scalar(select(Article).where(or_(*same)).order_by(Article.id).limit(1))


def new_article(data: ArticleCreate, status: str = "processed") -> Article:
    return Article(
        external_id=data.external_id,
        url=None if data.url is None else str(data.url),
        text_sha256=text_sha256(data.text),
        title=data.title,
        text=data.text,
        outlet=data.outlet,
        published_at=as_utc(data.published_at),
        event_hint=data.event,
        status=status,
    )


def store_extraction(session: Session, article: Article, extraction: Extraction) -> None:
    """Attach ``extraction``'s quotes, people and events to ``article`` (not yet committed)."""
    published = None if article.published_at is None else article.published_at.date()
    people = {info.name: info for info in extraction.people}
    persons: dict[str, int] = {}
    events: dict[str, Event] = {}

    def event_for(info: EventInfo | None) -> Event | None:
        if article.event_hint:  # the client's word on the occasion wins
            info = EventInfo(name=article.event_hint)
        if info is None:
            return None
        if info.name not in events:
            events[info.name] = resolve_event(session, info, published)
        return events[info.name]

    for position, quote in enumerate(extraction.quotes):
        name = quote.speaker.name
        if name and name not in persons:
            info = people.get(name) or PersonInfo(name=name, kind=quote.speaker.kind)
            persons[name] = resolve_person(session, info).id
        event = event_for(quote.event)
        session.add(build_quote(position, quote, article, persons.get(name or ""), event))

    named = Counter(q.event.name for q in extraction.quotes if q.event is not None)
    if article.event_hint:
        article.event = event_for(None)
    elif named:
        article.event = event_for(EventInfo(name=named.most_common(1)[0][0]))
    elif extraction.events:
        article.event = event_for(extraction.events[0])
    article.status = "processed"
    article.error = None


def create_article(
    session: Session, data: ArticleCreate, extractor: SharedExtractor
) -> tuple[Article, bool]:
    """Store ``data`` with its quotes; returns (article, created). A repeat returns the original."""
    existing = find_duplicate(session, data)
    if existing is not None:
        return existing, False
    published = as_utc(data.published_at)
    extraction = extractor.extract(
        data.text, published_at=None if published is None else published.date(), title=data.title
    )
    article = new_article(data)
    try:
        session.add(article)
        store_extraction(session, article, extraction)
        session.commit()
    except IntegrityError:
        # Another request stored the same article meanwhile: theirs is the one.
        session.rollback()
        existing = find_duplicate(session, data)
        if existing is None:
            raise
        return existing, False
    return article, True


def get_article(session: Session, article_id: int) -> Article | None:
    return session.scalar(
        select(Article)
        .where(Article.id == article_id)
        .options(
            selectinload(Article.event),
            selectinload(Article.quotes).options(
                selectinload(Quote.person), selectinload(Quote.event), selectinload(Quote.article)
            ),
        )
    )


def list_articles(
    session: Session, outlet: str | None, limit: int, offset: int
) -> list[tuple[Article, int]]:
    counts = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    stmt = (
        select(Article, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.article_id == Article.id)
        .options(selectinload(Article.event))
    )
    if outlet:
        stmt = stmt.where(Article.outlet == outlet)
    stmt = stmt.order_by(Article.id.desc()).limit(limit + 1).offset(offset)
    return [(article, int(n)) for article, n in session.execute(stmt)]


def to_summary(article: Article, quote_count: int) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        external_id=article.external_id,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published_at=article.published_at,
        status=article.status,
        created_at=article.created_at,
        event=None if article.event is None else EventPublic.model_validate(article.event),
        quote_count=quote_count,
    )


def to_public(article: Article) -> ArticlePublic:
    summary = to_summary(article, len(article.quotes))
    return ArticlePublic(
        **summary.model_dump(),
        text=article.text,
        quotes=[stored_to_public(q) for q in article.quotes],
    )
