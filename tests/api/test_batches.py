"""Batches: accepted at once (202), processed in the background, progress per article."""

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.extract.service import SharedExtractor
from app.jobs.inprocess import drain
from app.jobs.processing import process_articles
from app.jobs.queue import TASK_NAME

ARTICLES = [
    {"text": "“We will not retreat,” said Olaf Scholz on Monday.", "external_id": "a"},
    {"text": "The minister said the budget would be balanced.", "external_id": "b"},
    {"text": "“We will not retreat,” said Olaf Scholz on Monday."},  # same text as "a"
]


def test_batch_is_accepted_then_processed(
    client: TestClient,
    engine: Engine,
    session_factory: sessionmaker[Session],
    extractor: SharedExtractor,
) -> None:
    response = client.post("/v1/batches", json={"articles": ARTICLES})
    assert response.status_code == 202, response.text
    batch: dict[str, Any] = response.json()
    assert response.headers["location"] == f"/v1/batches/{batch['id']}"
    # The repeat points at the first article, which is pending too: three items wait.
    assert (batch["total"], batch["pending"], batch["duplicates"]) == (3, 3, 1)
    assert batch["items"][2]["article_id"] == batch["items"][0]["article_id"]
    counts = client.get(f"/v1/batches/{batch['id']}", params={"items": "false"}).json()
    assert counts["items"] is None
    assert {k: v for k, v in counts.items() if k != "items"} == {
        k: v for k, v in batch.items() if k != "items"
    }  # the database's tally agrees with the one over the items (all still pending)

    if engine.dialect.name == "postgresql":
        # The jobs were committed with the articles; run them as a worker would.
        with engine.connect() as conn:
            jobs = (
                conn.execute(
                    text("SELECT args FROM procrastinate_jobs WHERE task_name = :t"),
                    {"t": TASK_NAME},
                )
                .scalars()
                .all()
            )
        ids = sorted(i for args in jobs for i in args["article_ids"])
        assert ids == sorted({item["article_id"] for item in batch["items"]})
        process_articles(session_factory, extractor, ids)
    else:
        drain(session_factory, extractor, job_size=8)

    done = client.get(f"/v1/batches/{batch['id']}").json()
    assert (done["status"], done["processed"], done["pending"]) == ("done", 3, 0)
    done_counts = client.get(f"/v1/batches/{batch['id']}?items=false").json()
    assert done_counts == {**done, "items": None}
    # Stored once although the batch held the article twice.
    scholz = client.get("/v1/quotes", params={"speaker": "Scholz"}).json()["items"]
    assert len(scholz) == 1 and "We will not retreat" in scholz[0]["text"]


def test_processing_twice_stores_quotes_once(
    client: TestClient, session_factory: sessionmaker[Session], extractor: SharedExtractor
) -> None:
    batch = client.post("/v1/batches", json={"articles": ARTICLES[:1]}).json()
    ids = [batch["items"][0]["article_id"]]
    first = process_articles(session_factory, extractor, ids)
    again = process_articles(session_factory, extractor, ids)  # a retried job
    assert (first.processed, again.processed, again.skipped) == (1, 0, 1)
    article = client.get(f"/v1/articles/{ids[0]}").json()
    positions = [q["spans"] for q in article["quotes"]]
    assert len(positions) == len({str(p) for p in positions}) >= 1


def test_each_job_logs_its_counts_and_timings(
    client: TestClient,
    session_factory: sessionmaker[Session],
    extractor: SharedExtractor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    batch = client.post("/v1/batches", json={"articles": ARTICLES[:2]}).json()
    ids = [item["article_id"] for item in batch["items"]]
    with caplog.at_level(logging.INFO, logger="app.jobs.processing"):
        process_articles(session_factory, extractor, ids)
        process_articles(session_factory, extractor, ids)
    lines = [r.getMessage() for r in caplog.records if r.name == "app.jobs.processing"]
    assert lines[0].startswith("2 articles: 2 processed, 0 failed, 0 skipped; extraction ")
    assert lines[1].startswith("2 articles: 0 processed, 0 failed, 2 skipped; extraction ")
    assert lines[0].endswith(" s") and "storage" in lines[0]


def test_bad_article_rejects_the_whole_batch(client: TestClient) -> None:
    response = client.post(
        "/v1/batches", json={"articles": [ARTICLES[0], {"text": "   "}, ARTICLES[1]]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:3] == ["body", "articles", 1]
    assert client.get("/v1/articles").json()["items"] == []


def test_batch_size_limit(client: TestClient, monkeypatch: Any) -> None:
    from app.core.config import get_settings

    monkeypatch.setenv("QUOTEWISE_BATCH_MAX_ARTICLES", "2")
    get_settings.cache_clear()
    try:
        response = client.post("/v1/batches", json={"articles": ARTICLES})
        assert response.status_code == 413
        assert "at most 2" in response.json()["detail"]
    finally:
        get_settings.cache_clear()
    assert client.get("/v1/articles").json()["items"] == []
    assert client.get("/v1/batches/12345").status_code == 404


def test_timestamps_read_back_with_their_utc_offset(client: TestClient) -> None:
    """SQLite stores no offset; a resource must not lose its ``Z`` between two reads."""
    created = client.post("/v1/batches", json={"articles": [{"text": "Smith said it rained."}]})
    assert created.status_code == 202, created.text
    read = client.get(f"/v1/batches/{created.json()['id']}")
    assert read.json()["created_at"] == created.json()["created_at"]
    assert read.json()["created_at"].endswith("Z")
