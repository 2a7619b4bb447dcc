"""Resolving the people an article names to the one row each has across all articles."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.db.upsert import get_or_create
from app.nlp.types import PersonInfo
from app.people.models import Person, PersonAlias, PersonRole
from app.quotes.models import Quote
from app.search.keys import name_key


def _names_to_alias(info: PersonInfo) -> list[str]:
    names = [info.name, *info.aliases]
    words = info.name.split()
    # A person's surname alone is how later articles name them ("Putin").
    if info.kind == "person" and len(words) > 1:
        names.append(words[-1])
    return names


def _find_existing(session: Session, info: PersonInfo) -> Person | None:
    key = name_key(info.name)
    person = session.scalar(select(Person).where(Person.name_key == key))
    if person is not None or " " in key:
        return person
    # A bare surname ("Putin") joins the one person already known by it; if several share it
    # we cannot tell which is meant, so it stays a person of its own.
    owners = session.scalars(
        select(PersonAlias.person_id).where(PersonAlias.alias_key == key).distinct()
    ).all()
    return session.get(Person, owners[0]) if len(owners) == 1 else None


def _ensure_alias(session: Session, person_id: int, alias: str) -> None:
    key = name_key(alias)
    if not key:
        return
    get_or_create(
        session,
        lambda: session.scalar(
            select(PersonAlias).where(
                PersonAlias.person_id == person_id, PersonAlias.alias_key == key
            )
        ),
        lambda: PersonAlias(person_id=person_id, alias=alias, alias_key=key),
    )


def _ensure_role(session: Session, person_id: int, role: str) -> None:
    get_or_create(
        session,
        lambda: session.scalar(
            select(PersonRole).where(PersonRole.person_id == person_id, PersonRole.role == role)
        ),
        lambda: PersonRole(person_id=person_id, role=role),
    )


def resolve_person(session: Session, info: PersonInfo) -> Person:
    person = get_or_create(
        session,
        lambda: _find_existing(session, info),
        lambda: Person(name=info.name, name_key=name_key(info.name), kind=info.kind),
    )
    for alias in _names_to_alias(info):
        _ensure_alias(session, person.id, alias)
    for role in info.roles:
        _ensure_role(session, person.id, role)
    return person


def get_person(session: Session, person_id: int) -> Person | None:
    return session.scalar(
        select(Person)
        .where(Person.id == person_id)
        .options(selectinload(Person.aliases), selectinload(Person.roles))
    )


def quote_counts(session: Session, person_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(Quote.person_id, func.count())
        .where(Quote.person_id.in_(person_ids))
        .group_by(Quote.person_id)
    )
    return {int(pid): int(n) for pid, n in rows if pid is not None}


def list_people(session: Session, limit: int, offset: int) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .options(selectinload(Person.aliases), selectinload(Person.roles))
            .order_by(Person.name_key, Person.id)
            .limit(limit)
            .offset(offset)
        )
    )
