from app.api.pagination import Page
from app.quotes.schemas import EventPublic


class EventDetail(EventPublic):
    quote_count: int
    article_count: int


EventPage = Page[EventDetail]
