from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from app.api.pagination import PageDep
from app.api.params import IdPath
from app.db.session import SessionDep
from app.people.models import Person
from app.people.schemas import PersonPage, PersonPublic
from app.people.service import get_person, list_people, quote_counts
from app.quotes.schemas import QuotePage
from app.quotes.service import QuoteFilters
from app.quotes.views import quote_page
from app.search.names import fuzzy_person_scores, people_by_ids

router = APIRouter(prefix="/people", tags=["people"])


def _public(person: Person, count: int, score: float | None = None) -> PersonPublic:
    return PersonPublic(
        id=person.id,
        name=person.name,
        kind=person.kind,
        aliases=[a.alias for a in person.aliases],
        roles=[r.role for r in person.roles],
        quote_count=count,
        score=score,
    )


@router.get(
    "",
    response_model=PersonPage,
    summary="List people, or find them by name (fuzzy: 'puttin' finds Putin)",
)
def search_people(
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="A name")] = None,
) -> PersonPage:
    if q is None:
        people = list_people(session, page.limit + 1, page.offset)
        scores: dict[int, float] = {}
    else:
        ranked = fuzzy_person_scores(session, q)[page.offset : page.offset + page.limit + 1]
        scores = dict(ranked)
        people = people_by_ids(session, [pid for pid, _ in ranked])
    counts = quote_counts(session, [p.id for p in people])
    return page.respond(people, lambda p: _public(p, counts.get(p.id, 0), scores.get(p.id)))


@router.get("/{person_id}", response_model=PersonPublic, summary="One person, aliases and roles")
def read_person(person_id: IdPath, session: SessionDep) -> PersonPublic:
    person = get_person(session, person_id)
    if person is None:
        raise HTTPException(404, f"No person with id {person_id}.")
    return _public(person, quote_counts(session, [person_id]).get(person_id, 0))


@router.get("/{person_id}/quotes", response_model=QuotePage, summary="What one person said")
def person_quotes(person_id: IdPath, session: SessionDep, page: PageDep) -> QuotePage:
    if session.get(Person, person_id) is None:
        raise HTTPException(404, f"No person with id {person_id}.")
    return quote_page(session, QuoteFilters(person_ids=[person_id]), page)
