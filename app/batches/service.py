"""Accepting batches: articles stored as pending and their jobs queued, in one transaction."""

from sqlalchemy import select
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
    counts = {
        status: sum(i.status == status for i in items)
        for status in ("pending", "processed", "failed")
    }
    return BatchPublic(
        id=batch.id,
        created_at=batch.created_at,
        status="pending" if counts["pending"] else "done",
        total=len(items),
        pending=counts["pending"],
        processed=counts["processed"],
        failed=counts["failed"],
        duplicates=sum(i.duplicate for i in items),
        items=items,
    )
