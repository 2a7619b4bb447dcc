import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.pagination import PageDep
from app.api.params import MAX_ID
from app.db.session import SessionDep
from app.quotes.schemas import QuotePage, QuoteTypeName
from app.quotes.service import QuoteFilters, search_quotes, stored_to_public
from app.search.names import resolve_speaker

router = APIRouter(prefix="/quotes", tags=["quotes"])


def quote_page(session: SessionDep, filters: QuoteFilters, page: PageDep) -> QuotePage:
    return page.respond(search_quotes(session, filters, page.limit, page.offset), stored_to_public)


@router.get(
    "",
    response_model=QuotePage,
    summary="Search quotes by speaker, event, words, type, outlet, confidence and date",
    description="Filters combine with AND. With `q` results are ranked by relevance; "
    "otherwise newest first. Example: `/v1/quotes?speaker=putin&event=eastern economic forum`.",
)
def list_quotes(
    session: SessionDep,
    page: PageDep,
    speaker: Annotated[
        str | None,
        Query(description="A name or alias in any case ('putin', 'President Putin')"),
    ] = None,
    person_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="A stored person's id")
    ] = None,
    event: Annotated[str | None, Query(description="Words of the event's name")] = None,
    event_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="A stored event's id")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=500, description="Words in the quote")
    ] = None,
    type: Annotated[QuoteTypeName | None, Query(description="direct, mixed or indirect")] = None,
    outlet: Annotated[str | None, Query(description="Only quotes from this outlet")] = None,
    min_confidence: Annotated[
        float | None,
        Query(
            ge=0.0,
            le=1.0,
            description="Only quotes at least this likely to be right (content and speaker):"
            " 0.8 keeps the ones right about nine times in ten on PolNeAR dev",
        ),
    ] = None,
    date_from: Annotated[
        dt.datetime | None, Query(alias="from", description="Published on or after (ISO 8601)")
    ] = None,
    date_to: Annotated[
        dt.datetime | None, Query(alias="to", description="Published on or before (ISO 8601)")
    ] = None,
) -> QuotePage:
    person_ids: list[int] | None = None
    if speaker is not None:
        person_ids = resolve_speaker(session, speaker)
    if person_id is not None:
        person_ids = [person_id] if person_ids is None or person_id in person_ids else []
    filters = QuoteFilters(
        person_ids=person_ids,
        event_id=event_id,
        event=event,
        q=q,
        type=type,
        outlet=outlet,
        min_confidence=min_confidence,
        date_from=date_from,
        date_to=date_to,
    )
    return quote_page(session, filters, page)
