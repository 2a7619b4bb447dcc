"""Failure behaviour on real databases: killed workers, races, a database restart."""

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.articles.models import Article
from app.articles.schemas import ArticleCreate
from app.articles.service import new_article, store_extraction
from app.db.engine import build_engine
from app.db.migrate import upgrade
from app.extract.service import SharedExtractor
from app.main import app
from app.nlp.types import Extraction, PersonInfo, Quote, Speaker
from app.people.models import Person
from app.quotes.models import Quote as StoredQuote
from tests.conftest import client_for, wipe

REPO = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def in_parallel(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``n`` threads released together; re-raise the first error."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def test_parallel_articles_introducing_one_new_person(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    wipe(engine)
    person = PersonInfo("Zbigniew Nowakowski", "person", ["Nowakowski"], ["Mayor of Gdansk"])

    def store(i: int) -> None:
        quote = Quote(
            text=f"statement {i}",
            type="direct",
            spans=[(0, 5)],
            cue=None,
            speaker=Speaker(person.name, "person", None),
            event=None,
            confidence=0.9,
        )
        with session_factory() as session:
            article = new_article(ArticleCreate(text=f"Article number {i}."))
            session.add(article)
            store_extraction(session, article, Extraction([quote], [person], []))
            session.commit()

    in_parallel(6, store)
    with session_factory() as session:
        people = session.scalars(select(Person).where(Person.name == person.name)).all()
        assert len(people) == 1
        assert session.scalar(select(func.count()).select_from(StoredQuote)) == 6
        assert {q.person_id for q in session.scalars(select(StoredQuote))} == {people[0].id}


def test_same_article_posted_concurrently_is_stored_once(
    engine: Engine, session_factory: sessionmaker[Session], extractor: SharedExtractor
) -> None:
    wipe(engine)
    body = {"text": "“Prices will fall,” the governor said.", "url": "https://news.example/x"}
    with client_for(session_factory):
        responses = in_parallel(4, lambda _: TestClient(app).post("/v1/articles", json=body))
    app.dependency_overrides.clear()
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def _worker(database_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QUOTEWISE_DATABASE_URL": database_url,
        "QUOTEWISE_TORCH_THREADS": "1",
        "QUOTEWISE_WORKER_HEARTBEAT_S": "1",
        "QUOTEWISE_WORKER_STALLED_AFTER_S": "4",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_worker_killed_mid_batch_processes_every_article_once(
    engine: Engine,
    database_url: str,
    session_factory: sessionmaker[Session],
    extractor: SharedExtractor,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("background workers run on PostgreSQL; SQLite processes in-process")
    wipe(engine)
    texts = [
        f"“Our plan number {i} will work,” said Mayor Anna Berg. "
        f"She added that the city would spend {i} million on roads."
        # Enough articles that an idle machine cannot finish them all between two polls of
        # ``wait_for`` (8 could: the worker was done before it was killed).
        for i in range(60)
    ]
    with client_for(session_factory) as client:
        # One article per job, so that killing the worker leaves jobs done, doing and to do.
        os.environ["QUOTEWISE_JOB_ARTICLES"] = "1"
        from app.core.config import get_settings

        get_settings.cache_clear()
        try:
            batch = client.post(
                "/v1/batches", json={"articles": [{"text": t} for t in texts]}
            ).json()
        finally:
            del os.environ["QUOTEWISE_JOB_ARTICLES"]
            get_settings.cache_clear()
    app.dependency_overrides.clear()

    def processed() -> int:
        with session_factory() as session:
            return int(
                session.scalar(
                    select(func.count()).select_from(Article).where(Article.status == "processed")
                )
                or 0
            )

    first = _worker(database_url)
    try:
        wait_for(lambda: processed() >= 2, 240, "the first worker to process two articles")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert processed() < len(texts), "the worker finished before it could be killed"

    second = _worker(database_url)
    try:
        wait_for(lambda: processed() == len(texts), 300, "a second worker to finish the batch")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)

    expected = {t: len(extractor.extract(t).quotes) for t in texts}
    with session_factory() as session:
        for item in batch["items"]:
            article = session.get(Article, item["article_id"])
            assert article is not None and article.status == "processed"
            positions = sorted(q.position for q in article.quotes)
            assert positions == list(range(expected[article.text])), article.text
        states = session.execute(text("SELECT status FROM procrastinate_jobs")).scalars().all()
        assert set(states) == {"succeeded"}


# --- the database goes away and comes back -------------------------------------------------


def _pg_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return candidates[-1].parent if candidates else None


@pytest.fixture
def private_postgres() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A PostgreSQL server of this test's own, which it may stop and start at will."""
    bin_dir = _pg_bin()
    if bin_dir is None or shutil.which("runuser") is None or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL's server binaries and root (to run them as postgres)")
    # Outside pytest's tmp_path: the postgres user must be able to reach it.
    data = Path(tempfile.mkdtemp(prefix="quotewise-pg-"))
    shutil.chown(data, "postgres")
    port = 54000 + os.getpid() % 1000

    def as_postgres(*args: str) -> None:
        # No pipes: the server would inherit them and the call would never see their end.
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    log = str(data / "server.log")

    def start() -> None:
        as_postgres(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-l", log, "-o", options, "-w", "start"
        )

    def stop() -> None:
        as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop, start
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def test_api_survives_a_database_restart(
    private_postgres: tuple[str, Callable[[], None], Callable[[], None]],
) -> None:
    url, stop, start = private_postgres
    upgrade(url)
    engine = build_engine(url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    article = {"text": "Officials said the bridge would reopen.", "external_id": "bridge"}
    try:
        with client_for(factory) as client:
            assert client.post("/v1/batches", json={"articles": [article]}).status_code == 202
            stop()
            down = client.get("/v1/articles")
            assert down.status_code == 503, down.text
            assert down.headers["content-type"] == "application/problem+json"
            other = {"text": "A second article.", "external_id": "second"}
            assert client.post("/v1/batches", json={"articles": [other]}).status_code == 503
            assert client.get("/ready").status_code == 503
            start()
            wait_for(lambda: client.get("/v1/articles").status_code == 200, 30, "recovery")
            items = client.get("/v1/articles").json()["items"]
            assert [a["external_id"] for a in items] == ["bridge"]  # nothing half-written
            assert client.post("/v1/batches", json={"articles": [other]}).status_code == 202
            published = dt.datetime.now(dt.UTC)
            assert published  # the service answers writes again
    finally:
        app.dependency_overrides.clear()
        engine.dispose()
