"""The versioned API: every domain's router under ``/v1``."""

from fastapi import APIRouter

from app.articles.views import router as articles
from app.batches.views import router as batches
from app.events.views import router as events
from app.extract.views import router as extract
from app.people.views import router as people
from app.quotes.views import router as quotes

api_router = APIRouter(prefix="/v1")
for router in (extract, articles, batches, quotes, people, events):
    api_router.include_router(router)
