"""``quotewise worker``: procrastinate workers on PostgreSQL, one Stanza pipeline each.

A worker that dies mid-job leaves the job "doing"; every worker periodically hands such jobs
(whose worker stopped sending heartbeats) back to the queue, and processing is idempotent.
"""

import asyncio
import contextlib
import logging
from typing import Any

import procrastinate
from sqlalchemy.engine import make_url

from app.core.config import get_settings
from app.db.session import get_sessionmaker
from app.extract.service import get_extractor
from app.jobs.processing import process_articles
from app.jobs.queue import QUEUE, TASK_NAME

logger = logging.getLogger(__name__)


def libpq_conninfo(database_url: str) -> str:
    """The SQLAlchemy URL in the plain ``postgresql://`` form psycopg's pool expects."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("background workers need PostgreSQL; SQLite runs jobs in-process")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(database_url: str) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(conninfo=libpq_conninfo(database_url))
    app = procrastinate.App(connector=connector)

    @app.task(
        name=TASK_NAME,
        queue=QUEUE,
        retry=procrastinate.RetryStrategy(max_attempts=5, wait=5, exponential_wait=2),
    )
    def process(article_ids: list[int]) -> dict[str, int]:
        report = process_articles(get_sessionmaker(), get_extractor(), article_ids)
        return {"processed": report.processed, "failed": report.failed, "skipped": report.skipped}

    return app


async def _requeue_stalled(app: procrastinate.App, every: float, stalled_after: float) -> None:
    while True:
        with contextlib.suppress(Exception):  # the database may be restarting; try again later
            for job in await app.job_manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=stalled_after
            ):
                logger.warning("re-queueing job %s of a worker that stopped", job.id)
                await app.job_manager.retry_job(job)
        await asyncio.sleep(every)


async def _run(concurrency: int) -> None:
    settings = get_settings()
    app = build_app(settings.database_url)
    # Load Stanza before taking jobs, so that heartbeats start only once work can be done.
    await asyncio.to_thread(get_extractor)
    async with app.open_async():
        requeue = asyncio.create_task(
            _requeue_stalled(app, settings.worker_heartbeat_s, settings.worker_stalled_after_s)
        )
        worker_options: dict[str, Any] = {
            "queues": [QUEUE],
            "concurrency": concurrency,
            "update_heartbeat_interval": settings.worker_heartbeat_s,
            "stalled_worker_timeout": settings.worker_stalled_after_s,
        }
        try:
            await app.run_worker_async(**worker_options)
        finally:
            requeue.cancel()


def run_worker(concurrency: int = 1) -> None:
    # A worker runs unattended: its log (jobs taken, retried, their timings) is all it says.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_run(concurrency))
