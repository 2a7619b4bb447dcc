from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import func, select

from app.api.pagination import PageDep
from app.api.params import IdPath
from app.db.session import SessionDep
from app.events.models import Event
from app.events.schemas import EventDetail, EventPage
from app.events.service import list_events
from app.quotes.models import Quote
from app.quotes.schemas import QuotePage
from app.quotes.service import QuoteFilters
from app.quotes.views import quote_page

router = APIRouter(prefix="/events", tags=["events"])


def _detail(session: SessionDep, event: Event) -> EventDetail:
    quotes, articles = session.execute(
        select(func.count(), func.count(func.distinct(Quote.article_id))).where(
            Quote.event_id == event.id
        )
    ).one()
    return EventDetail(
        id=event.id,
        name=event.name,
        place=event.place,
        date=event.date,
        quote_count=quotes,
        article_count=articles,
    )


@router.get("", response_model=EventPage, summary="List events, newest first")
def read_events(
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Words of the name")] = None,
) -> EventPage:
    rows = list_events(session, q, page.limit + 1, page.offset)
    return page.respond(rows, lambda event: _detail(session, event))


@router.get("/{event_id}", response_model=EventDetail, summary="One event")
def read_event(event_id: IdPath, session: SessionDep) -> EventDetail:
    event = session.get(Event, event_id)
    if event is None:
        raise HTTPException(404, f"No event with id {event_id}.")
    return _detail(session, event)


@router.get("/{event_id}/quotes", response_model=QuotePage, summary="What was said at an event")
def event_quotes(event_id: IdPath, session: SessionDep, page: PageDep) -> QuotePage:
    if session.get(Event, event_id) is None:
        raise HTTPException(404, f"No event with id {event_id}.")
    return quote_page(session, QuoteFilters(event_id=event_id), page)
