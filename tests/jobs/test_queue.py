"""Job sizing: as few jobs as the size allows, of even sizes, on the queue and in-process."""

import random

import pytest
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleCreate
from app.articles.service import new_article
from app.jobs.processing import PENDING, pending_article_ids
from app.jobs.queue import chunks, even_job_size


@pytest.mark.parametrize(
    ("total", "sizes"),
    [
        (0, []),
        (5, [5]),
        (32, [32]),
        (33, [17, 16]),
        (42, [21, 21]),
        (83, [28, 28, 27]),
    ],
)
def test_chunks_are_even_and_as_few_as_the_size_allows(total: int, sizes: list[int]) -> None:
    ids = list(range(total))
    jobs = chunks(ids, 32)
    # Which job takes the extra article does not matter, only that sizes differ by one.
    assert sorted(len(job) for job in jobs) == sorted(sizes)
    assert [i for job in jobs for i in job] == ids  # every id once, in order


def test_a_thousand_articles_make_as_many_jobs_as_before_without_a_small_tail() -> None:
    jobs = chunks(list(range(1000)), 32)
    assert len(jobs) == 32  # ceil(1000 / 32): the spread over workers is unchanged
    assert {len(job) for job in jobs} == {31, 32}


def test_weighted_jobs_split_the_text_evenly_and_keep_the_size_limit() -> None:
    # Ten long articles, then ten short ones: by count the first job would hold all the text.
    ids = list(range(20))
    lengths = [1000] * 10 + [10] * 10
    assert [len(job) for job in chunks(ids, 16)] == [10, 10]
    jobs = chunks(ids, 16, lengths)
    assert [len(job) for job in jobs] == [5, 15]
    assert [i for job in jobs for i in job] == ids
    # Equal lengths cut as the count does; one job when all fit.
    assert [len(job) for job in chunks(list(range(42)), 32, [7] * 42)] == [21, 21]
    assert chunks([1, 2, 3], 64, [5, 1, 9]) == [[1, 2, 3]]
    assert chunks([], 64, []) == []


@pytest.mark.parametrize("seed", range(20))
def test_weighted_jobs_are_as_few_as_the_size_allows_and_never_larger(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 300)
    size = rng.randint(1, 70)
    lengths = [rng.choice([50, 500, 5000, 50000]) for _ in range(n)]
    jobs = chunks(list(range(n)), size, lengths)
    assert len(jobs) == -(-n // size)
    assert all(1 <= len(job) <= size for job in jobs)
    assert [i for job in jobs for i in job] == list(range(n))


def test_even_job_size_never_exceeds_the_size() -> None:
    for total in range(1, 300):
        assert 1 <= even_job_size(total, 32) <= 32


def test_the_in_process_runner_takes_an_even_share_of_the_pending_articles(db: Session) -> None:
    for i in range(42):
        db.add(new_article(ArticleCreate(text=f"Pending article {i}."), status=PENDING))
    db.commit()
    first = pending_article_ids(db, 32)
    assert len(first) == 21
    assert first == sorted(first)
