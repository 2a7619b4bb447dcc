"""Resolving the occasion of a quote to one event row shared by every article that covers it."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.events.models import Event
from app.nlp.types import EventInfo
from app.search.keys import name_key

# Two mentions of a same-named event this far apart are different occasions (yearly forums).
SAME_EVENT_WINDOW = dt.timedelta(days=10)


def _matches(event: Event, info: EventInfo, day: dt.date | None) -> bool:
    if event.date is None or day is None:
        return True
    return abs(event.date - day) <= SAME_EVENT_WINDOW


def resolve_event(session: Session, info: EventInfo, published: dt.date | None) -> Event:
    key = name_key(info.name)
    day = info.date or published
    candidates = session.scalars(
        select(Event).where(Event.name_key == key).order_by(Event.id)
    ).all()
    for event in candidates:
        if _matches(event, info, day):
            # Later articles may say where or when; keep what the first one left out.
            event.place = event.place or info.place
            event.date = event.date or info.date
            return event
    event = Event(name=info.name, name_key=key, place=info.place, date=info.date)
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, q: str | None, limit: int, offset: int) -> list[Event]:
    stmt = select(Event)
    if q:
        stmt = stmt.where(Event.name_key.contains(name_key(q), autoescape=True))
    return list(
        session.scalars(
            stmt.order_by(Event.date.desc(), Event.id.desc()).limit(limit).offset(offset)
        )
    )
