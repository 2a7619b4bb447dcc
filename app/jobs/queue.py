"""Putting articles on the job queue, inside the caller's transaction.

On PostgreSQL a procrastinate job is inserted with procrastinate's own SQL function on the same
connection and transaction as the articles: both are committed, or neither is. On SQLite the
pending rows themselves are the queue, drained by the service's in-process runner.
"""

import json
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

QUEUE = "articles"
TASK_NAME = "quotewise.process_articles"

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


def even_job_size(total: int, size: int) -> int:
    """Articles per job when ``total`` are split into as few jobs of at most ``size`` as can be.

    Even jobs rather than full ones and a remainder: 42 articles at 32 become 21 + 21, not
    32 + 10. The number of jobs (the spread over workers) is the same, and no small tail
    job forgoes Stanza's bulk speed, which grows with the articles per call
    (benchmarks/README.md).
    """
    if total <= size:
        return max(total, 1)
    jobs = -(-total // size)
    return -(-total // jobs)


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    """``ids`` in as few jobs of at most ``size`` as can be, of sizes differing by one at most."""
    out: list[list[int]] = []
    start = 0
    while start < len(ids):
        step = even_job_size(len(ids) - start, size)
        out.append(list(ids[start : start + step]))
        start += step
    return out


def enqueue_articles(session: Session, article_ids: Sequence[int], job_size: int) -> int:
    """Queue jobs of up to ``job_size`` articles (bulk Stanza work); returns jobs queued."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    jobs = chunks(article_ids, job_size)
    for ids in jobs:
        session.execute(
            _DEFER,
            {"queue": QUEUE, "task": TASK_NAME, "args": json.dumps({"article_ids": ids})},
        )
    return len(jobs)
