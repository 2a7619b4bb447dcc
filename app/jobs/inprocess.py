"""The embedded runner: on SQLite, pending articles are processed by a thread of the service."""

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from app.extract.service import SharedExtractor
from app.jobs.processing import ProcessReport, pending_article_ids, process_articles

logger = logging.getLogger(__name__)


def drain(
    factory: sessionmaker[Session], extractor: SharedExtractor, job_size: int
) -> ProcessReport:
    """Process pending articles until none is left."""
    total = ProcessReport()
    while True:
        with factory() as session:
            ids = pending_article_ids(session, job_size)
        if not ids:
            return total
        report = process_articles(factory, extractor, ids)
        total.processed += report.processed
        total.failed += report.failed
        total.skipped += report.skipped


class InProcessRunner:
    """A daemon thread that drains pending articles, waking when told or every ``interval``."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        extractor: Callable[[], SharedExtractor],
        job_size: int,
        interval: float = 2.0,
    ) -> None:
        self._factory = factory
        self._extractor = extractor
        self._job_size = job_size
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quotewise-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                drain(self._factory, self._extractor(), self._job_size)
            except Exception:  # keep serving; the articles stay pending and are retried
                logger.exception("in-process ingestion failed; retrying later")
            self._wake.wait(self._interval)
            self._wake.clear()
