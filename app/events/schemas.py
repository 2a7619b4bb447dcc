from pydantic import BaseModel

from app.quotes.schemas import EventPublic


class EventDetail(EventPublic):
    quote_count: int
    article_count: int


class EventPage(BaseModel):
    items: list[EventDetail]
    limit: int
    offset: int
    next_offset: int | None
