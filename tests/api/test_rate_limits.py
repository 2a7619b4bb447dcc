"""Write rate limits: per process by default, one budget for every process through Redis.

Each LimitsMiddleware below stands for one process of the service (its own memory); Redis is
the server at QUOTEWISE_TEST_REDIS_URL (default 127.0.0.1:6379), and those tests skip, saying
why, where none answers.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import limits
from app.core.config import Settings

REDIS_URL = os.environ.get("QUOTEWISE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BURST = 3


def settings(**overrides: object) -> Settings:
    # A rate so slow that no token comes back during a test: only the burst is spent.
    return Settings(write_rate_per_minute=0.01, write_burst=BURST, **overrides)  # type: ignore[arg-type]


def process(monkeypatch: pytest.MonkeyPatch, config: Settings) -> TestClient:
    """One process of the service: a tiny app behind its own LimitsMiddleware.

    Used as a context manager, so that all its requests run in one event loop, as in a
    process of the service (the asynchronous Redis client belongs to one loop).
    """
    monkeypatch.setattr(limits, "get_settings", lambda: config)
    app = FastAPI()

    @app.post("/write")
    def write() -> dict[str, bool]:
        return {"ok": True}

    return TestClient(limits.LimitsMiddleware(app))


def statuses(client: TestClient, n: int, key: str) -> list[int]:
    return [client.post("/write", headers={"X-API-Key": key}).status_code for _ in range(n)]


@pytest.fixture
def redis_url() -> Iterator[str]:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis answers at {REDIS_URL} ({type(exc).__name__})")
    yield REDIS_URL


def test_each_process_has_its_own_budget_without_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    with process(monkeypatch, settings()) as first, process(monkeypatch, settings()) as second:
        key = uuid.uuid4().hex
        assert statuses(first, BURST + 1, key) == [200] * BURST + [429]
        assert statuses(second, BURST, key) == [200] * BURST
        refused = first.post("/write", headers={"X-API-Key": key})
        assert int(refused.headers["Retry-After"]) >= 1


def test_processes_share_one_budget_through_redis(
    monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    config = settings(redis_url=redis_url)
    with process(monkeypatch, config) as first, process(monkeypatch, config) as second:
        key = uuid.uuid4().hex  # a fresh client: no bucket left in Redis from another run
        assert statuses(first, 2, key) + statuses(second, 2, key) == [200] * BURST + [429]
        assert statuses(first, 1, key) == [429]
        # Another client has a budget of its own.
        assert statuses(second, 1, uuid.uuid4().hex) == [200]


def test_without_an_answer_from_redis_each_process_limits_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("redis")
    # Nothing listens on port 1: the limiter falls back to its own buckets, not to no limit.
    with process(monkeypatch, settings(redis_url="redis://127.0.0.1:1/0")) as client:
        assert statuses(client, BURST + 1, uuid.uuid4().hex) == [200] * BURST + [429]
