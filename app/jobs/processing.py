"""Processing stored-but-pending articles: the work every background runner does.

Idempotent by construction: an article is locked, re-checked and stored in one transaction, so
a job that is retried after its worker died, or run twice by two workers, stores quotes once.
"""

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.articles.models import Article
from app.articles.service import store_extraction
from app.extract.service import SharedExtractor
from app.jobs.queue import even_job_size
from app.nlp.types import ArticleText, Extraction

logger = logging.getLogger(__name__)

PENDING = "pending"


@dataclass(slots=True)
class ProcessReport:
    processed: int = 0
    failed: int = 0
    skipped: int = 0


def _extract_all(
    extractor: SharedExtractor, articles: Sequence[Article]
) -> list[Extraction | Exception]:
    """Extract in bulk; if the bulk call fails, one by one so one bad article fails alone."""
    texts = [
        ArticleText(
            text=a.text,
            published_at=None if a.published_at is None else a.published_at.date(),
            title=a.title,
        )
        for a in articles
    ]
    try:
        return list(extractor.extract_many(texts))
    except Exception:
        logger.exception("bulk extraction failed; retrying the articles one by one")
    results: list[Extraction | Exception] = []
    for item in texts:
        try:
            results.append(
                extractor.extract(item.text, published_at=item.published_at, title=item.title)
            )
        except Exception as exc:
            results.append(exc)
    return results


def process_articles(
    factory: sessionmaker[Session], extractor: SharedExtractor, article_ids: Sequence[int]
) -> ProcessReport:
    report = ProcessReport()
    with factory() as session:
        pending = list(
            session.scalars(
                select(Article)
                .where(Article.id.in_(article_ids), Article.status == PENDING)
                .order_by(Article.id)
            )
        )
    report.skipped = len(set(article_ids)) - len(pending)
    started = time.perf_counter()
    results = _extract_all(extractor, pending)
    extracted = time.perf_counter()
    for snapshot, result in zip(pending, results, strict=True):
        with factory() as session:
            # The row lock makes a second worker wait here and then see "processed".
            article = session.scalar(
                select(Article).where(Article.id == snapshot.id).with_for_update()
            )
            if article is None or article.status != PENDING:
                report.skipped += 1
                continue
            if isinstance(result, Exception):
                article.status = "failed"
                article.error = f"{type(result).__name__}: {result}"[:2000]
                report.failed += 1
            else:
                store_extraction(session, article, result)
                report.processed += 1
            session.commit()
    # The two figures an operator compares with Stanza's own speed (benchmarks/README.md).
    logger.info(
        "%d articles: %d processed, %d failed, %d skipped; extraction %.2f s, storage %.2f s",
        len(article_ids),
        report.processed,
        report.failed,
        report.skipped,
        extracted - started,
        time.perf_counter() - extracted,
    )
    return report


def pending_article_ids(session: Session, job_size: int) -> list[int]:
    """The next job: the oldest pending articles, sized as an even split of all pending ones."""
    pending = select(Article.id).where(Article.status == PENDING)
    total = session.scalar(select(func.count()).select_from(pending.subquery())) or 0
    limit = even_job_size(total, job_size)
    return list(session.scalars(pending.order_by(Article.id).limit(limit)))
