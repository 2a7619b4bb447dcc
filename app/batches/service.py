"""Accepting batches: articles stored as pending and their jobs queued, in one transaction."""

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.articles.models import Article
from app.articles.schemas import ArticleCreate
from app.articles.service import find_duplicate, new_article
from app.batches.models import Batch, BatchItem
from app.batches.schemas import BatchItemPublic, BatchPublic
from app.jobs.queue import enqueue_articles

# A concurrent request storing one of the same articles makes the commit fail; the retry
# then finds that article stored and records it as a duplicate.
ATTEMPTS = 3


def _store(session: Session, articles: list[ArticleCreate], job_size: int) -> Batch:
    batch = Batch()
    session.add(batch)
    new_ids: list[int] = []
    lengths: list[int] = []
    for position, data in enumerate(articles):
        existing = find_duplicate(session, data)  # also finds repeats earlier in this batch
        if existing is not None:
            batch.items.append(BatchItem(position=position, article=existing, duplicate=True))
            continue
        article = new_article(data, status="pending")
        session.add(article)
        session.flush()
        new_ids.append(article.id)
        lengths.append(len(data.text))
        batch.items.append(BatchItem(position=position, article=article, duplicate=False))
    enqueue_articles(session, new_ids, lengths, job_size)
    session.commit()
    return batch


def create_batch(session: Session, articles: list[ArticleCreate], job_size: int) -> Batch:
    for attempt in range(ATTEMPTS):
        try:
            return _store(session, articles, job_size)
        except IntegrityError:
            session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def get_batch(session: Session, batch_id: int) -> Batch | None:
    """The batch with each item's article status, for progress polling.

    Only the columns the progress needs are read: clients poll this while the batch runs,
    and loading every article's text made each poll of a 1,000-article batch read megabytes.
    """
    return session.scalar(
        select(Batch)
        .where(Batch.id == batch_id)
        .options(
            selectinload(Batch.items)
            .selectinload(BatchItem.article)
            .load_only(Article.status, Article.error)
        )
    )


def to_public(batch: Batch) -> BatchPublic:
    """Progress with every item (``get_batch`` loads them)."""
    items = [
        BatchItemPublic(
            position=item.position,
            article_id=item.article_id,
            status=item.article.status,
            duplicate=item.duplicate,
            error=item.article.error,
        )
        for item in batch.items
    ]
    return _summary(batch, ((i.status, i.duplicate, 1) for i in items), items)


def progress_only(session: Session, batch_id: int) -> BatchPublic | None:
    """Progress counted by the database, without items: a cheap poll of a large batch."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        return None
    rows = session.execute(
        select(Article.status, BatchItem.duplicate, func.count())
        .join(BatchItem.article)
        .where(BatchItem.batch_id == batch_id)
        .group_by(Article.status, BatchItem.duplicate)
    )
    return _summary(batch, ((status, dup, n) for status, dup, n in rows), None)


def _summary(
    batch: Batch, tallies: Iterable[tuple[str, bool, int]], items: list[BatchItemPublic] | None
) -> BatchPublic:
    """The batch's counts from (article status, duplicate, count) tallies."""
    counts = {"pending": 0, "processed": 0, "failed": 0}
    duplicates = 0
    for status, duplicate, n in tallies:
        counts[status] += n
        duplicates += n if duplicate else 0
    return BatchPublic(
        id=batch.id,
        created_at=batch.created_at,
        status="pending" if counts["pending"] else "done",
        total=sum(counts.values()),
        pending=counts["pending"],
        processed=counts["processed"],
        failed=counts["failed"],
        duplicates=duplicates,
        items=items,
    )
