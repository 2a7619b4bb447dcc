"""The ASGI application: ``uvicorn app.main:app`` from the repository root."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import make_url

from app.api.errors import install_error_handlers
from app.api.limits import LimitsMiddleware
from app.api.router import api_router
from app.core.config import get_settings
from app.db.migrate import upgrade
from app.db.session import get_engine, get_sessionmaker
from app.extract.service import get_extractor
from app.health.views import router as health_router
from app.jobs.inprocess import InProcessRunner
from app.search.fulltext import detect_search_indexes

logger = logging.getLogger("quotewise")

DESCRIPTION = """
Quotewise finds every quotation in a news article (direct, mixed and indirect), attributes it
to the person or organisation who said it, and keeps a searchable index by person and event.

* `POST /v1/extract` analyses text without storing it.
* `POST /v1/articles` stores an article and indexes its quotes (idempotent).
* `GET /v1/quotes?speaker=putin&event=eastern economic forum` answers "what did Putin say there".

Errors are `application/problem+json` (RFC 9457).
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    if settings.migrate_on_start:
        await run_in_threadpool(upgrade, settings.database_url)
    # Optional indexes (RUM, migration 0005) decide the full-text plans: known before a search.
    await run_in_threadpool(detect_search_indexes, get_engine())
    if settings.preload_models:
        # Loading Stanza takes seconds; do it before the first request rather than during it.
        try:
            await run_in_threadpool(get_extractor)
        except Exception:
            logger.exception("NLP models failed to load; /ready reports it")
    runner = None
    if settings.inprocess_jobs and make_url(settings.database_url).get_backend_name() == "sqlite":
        runner = InProcessRunner(get_sessionmaker(), get_extractor, settings.job_articles)
        runner.start()
    app.state.job_runner = runner
    yield
    if runner is not None:
        runner.stop()


def create_app() -> FastAPI:
    app = FastAPI(
        title="Quotewise",
        version="0.1.0",
        summary="Who said what, in the news",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "extract", "description": "Analyse text without storing it"},
            {"name": "articles", "description": "Store articles and their quotes"},
            {"name": "batches", "description": "Ingest many articles in the background"},
            {"name": "quotes", "description": "Search stored quotes"},
            {"name": "people", "description": "Speakers across all articles"},
            {"name": "events", "description": "Occasions quotes were said at"},
            {"name": "health", "description": "Liveness and readiness"},
        ],
    )
    install_error_handlers(app)
    app.add_middleware(LimitsMiddleware)
    app.include_router(health_router)
    app.include_router(api_router)
    return app


app = create_app()
