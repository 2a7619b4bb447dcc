"""Putting articles on the job queue, inside the caller's transaction.

On PostgreSQL a procrastinate job is inserted with procrastinate's own SQL function on the same
connection and transaction as the articles: both are committed, or neither is. On SQLite the
pending rows themselves are the queue, drained by the service's in-process runner.
"""

import itertools
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


def job_count(total: int, size: int) -> int:
    """The fewest jobs of at most ``size`` that hold ``total`` articles (ceiling division)."""
    return -(-total // size)


def even_job_size(total: int, size: int) -> int:
    """Articles per job when ``total`` are split into as few jobs of at most ``size`` as can be.

    Even jobs rather than full ones and a remainder: 42 articles at 32 become 21 + 21, not
    32 + 10. The number of jobs (the spread over workers) is the same, and the jobs take
    about as long, so workers that take one each finish together (benchmarks/README.md).
    """
    if total <= size:
        return max(total, 1)
    return job_count(total, job_count(total, size))


def chunks(ids: Sequence[int], size: int, weights: Sequence[int] | None = None) -> list[list[int]]:
    """``ids`` in as few jobs of at most ``size`` as can be, in order.

    Jobs are cut where the running weight (the articles' lengths) comes nearest each job's
    even share; without ``weights`` every article weighs the same, so the jobs' sizes
    differ by one at most. Stanza's time follows the text, not the article count, and
    workers that take one job each then finish together (benchmarks/README.md: two jobs of
    42 and 41 articles took 36 s and 27 s on two workers).
    """
    n = len(ids)
    jobs = job_count(n, size)
    prefix = list(itertools.accumulate([1] * n if weights is None else weights, initial=0))
    cuts = [0]
    for j in range(1, jobs):
        left = jobs - j  # jobs still to fill after this cut, at most ``size`` and at least 1 each
        lo = max(cuts[-1] + 1, n - left * size)
        hi = min(cuts[-1] + size, n - left)
        share = prefix[n] * j / jobs
        cuts.append(min(range(lo, hi + 1), key=lambda k: abs(prefix[k] - share)))
    cuts.append(n)
    return [list(ids[a:b]) for a, b in itertools.pairwise(cuts) if b > a]


def enqueue_articles(
    session: Session, article_ids: Sequence[int], lengths: Sequence[int], job_size: int
) -> int:
    """Queue jobs of up to ``job_size`` articles (bulk Stanza work) of about equal text;
    returns jobs queued."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    jobs = chunks(article_ids, job_size, lengths)
    for ids in jobs:
        session.execute(
            _DEFER,
            {"queue": QUEUE, "task": TASK_NAME, "args": json.dumps({"article_ids": ids})},
        )
    return len(jobs)
