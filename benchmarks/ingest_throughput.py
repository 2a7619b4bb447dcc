"""Ingestion throughput, and what the service adds on top of Stanza's own time.

Usage::

    python benchmarks/ingest_throughput.py [--articles 40] [--threads 1] [--stanza-dir DIR]
        [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--no-batch]
        [--rounds 3] [--workers 1]

Texts: the seed articles plus ``--articles`` PolNeAR dev texts (a fixed sample). Measured, in
one process, article by article and interleaved so that a busy machine slows all alike:

* (a) the raw Stanza pipeline (``app.nlp.pipeline.load_pipeline``): ``nlp(text)``;
* (b) the extractor (``app.nlp.extractor.Extractor.extract``) on the same text, and the rule
  passes alone (``Extractor.extract_from_doc`` on (a)'s document: no Stanza at all);
* (c) ``POST /v1/articles`` through the ASGI app (FastAPI ``TestClient``) on a fresh SQLite
  database: validation, extraction, people/event resolution, storage, the response;

then over all texts at once: ``nlp.bulk_process`` against ``Extractor.extract_many``, and
(d) ``POST /v1/batches`` with every text, polling ``GET /v1/batches/{id}`` until done (on
SQLite the service's in-process runner does the work; on PostgreSQL a ``quotewise worker``
process started here), ``--rounds`` times, each right after a ``bulk_process`` of the same
texts that it is compared with. ``--workers N`` starts N workers (scale-out on one machine).

``--postgres-url`` repeats (a) and (c), interleaved, and (d) on a scratch PostgreSQL database
(made and dropped here), in a child process, since the app's settings are fixed per process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DATA = Path(os.environ.get("QUOTEWISE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
SEEDS = REPO_ROOT / "tests" / "fixtures" / "seeds"
BUILD = REPO_ROOT / "build" / "bench"
TARGET_OVERHEAD = 15.0


def load_texts(n_polnear: int, seed: int) -> list[tuple[str, str]]:
    """(name, text) of the seed articles and a fixed sample of PolNeAR dev articles.

    PolNeAR texts the API would reject (some hold HTML tags: 422) are passed over, so that
    every phase processes the same texts.
    """
    from pydantic_core import PydanticCustomError

    from app.api.validation import check_article_text

    def accepted(text: str) -> bool:
        try:
            check_article_text(text)
        except PydanticCustomError:
            return False
        return True

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    polnear = sorted((DATA / "polnear" / "dev" / "text").glob("*.txt"))
    random.Random(seed).shuffle(polnear)
    sample: list[tuple[str, str]] = []
    for path in polnear:
        if len(sample) >= n_polnear:
            break
        text = path.read_text(encoding="utf-8")
        if accepted(text):
            sample.append((path.name, text))
    return texts + sorted(sample)


def title_of(text: str) -> str:
    return text.strip().splitlines()[0][:200]


def rate(articles: int, tokens: int, seconds: float) -> str:
    return f"{articles / seconds:5.2f} art/s  {tokens / seconds:6.0f} tok/s"


def pct(part: float, whole: float) -> str:
    return f"{(part / whole - 1) * 100:+.1f}%"


@dataclass(slots=True)
class Polls:
    """The status requests made while waiting: on SQLite the API answers them in the process
    whose runner thread does the work, so their time competes with it."""

    count: int = 0
    seconds: float = 0.0


def wait_batch(
    client: Any, batch_id: int, timeout: float, interval: float
) -> tuple[dict[str, Any], Polls]:
    deadline = time.perf_counter() + timeout
    polls = Polls()
    while True:
        started = time.perf_counter()
        body: dict[str, Any] = client.get(f"/v1/batches/{batch_id}").json()
        polls.count += 1
        polls.seconds += time.perf_counter() - started
        if body["status"] == "done" or time.perf_counter() > deadline:
            return body, polls
        time.sleep(interval)


def wipe(database_url: str) -> None:
    from sqlalchemy import text

    from app.db.engine import build_engine
    from app.db.models import Base

    engine = build_engine(database_url)
    names = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        else:
            for name in names:
                conn.execute(text(f"DELETE FROM {name}"))
    engine.dispose()


def timed_bulk(nlp: Any, texts: list[tuple[str, str]]) -> float:
    """Seconds of one ``nlp.bulk_process`` over all texts: Stanza's best on them."""
    import stanza

    docs = [stanza.Document([], text=t) for _, t in texts]
    started = time.perf_counter()
    nlp.bulk_process(docs)
    return time.perf_counter() - started


def submit_and_wait(
    client: Any, texts: list[tuple[str, str]], timeout: float, interval: float
) -> tuple[float, float, dict[str, Any], Polls]:
    """(seconds from submission to the last article processed, submission ms, final body,
    the status polls)."""
    body = {
        "articles": [
            {"text": t, "title": title_of(t), "external_id": f"batch-{name}"} for name, t in texts
        ]
    }
    started = time.perf_counter()
    response = client.post("/v1/batches", json=body)
    assert response.status_code == 202, response.text
    submitted = time.perf_counter() - started
    final, polls = wait_batch(client, response.json()["id"], timeout, interval)
    return time.perf_counter() - started, submitted * 1000, final, polls


def run_batch(
    client: Any,
    database_url: str,
    nlp: Any,
    texts: list[tuple[str, str]],
    args: argparse.Namespace,
) -> dict[str, Any] | None:
    """(d): all texts in one batch, from submission to the last article processed.

    Each round times one ``nlp.bulk_process`` over the same texts right before the batch, in
    this process, and compares the two: the machines' speed drifts by 10-20% within minutes
    (shared virtual CPUs), more than the overhead being measured, so only adjacent timings
    are compared. The overhead reported is the median of the rounds'.
    """
    if not (REPO_ROOT / "app" / "batches").is_dir() or args.no_batch:
        print("  (d) batches: not measured (no app/batches, or --no-batch)")
        return None
    workers: list[subprocess.Popen[bytes]] = []
    logs = []
    if database_url.startswith("postgresql"):
        exe = shutil.which("quotewise")
        # Without the console script installed, the same Typer app from the checkout.
        command = [exe] if exe else [sys.executable, "-c", "from app.cli import app; app()"]
        env = {**os.environ, "QUOTEWISE_DATABASE_URL": database_url}
        for k in range(args.workers):
            logs.append(BUILD.joinpath(f"worker-{k + 1}.log").open("w"))
            workers.append(
                subprocess.Popen(
                    [*command, "worker", "--threads", str(args.threads)],
                    cwd=REPO_ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=logs[-1],
                )
            )
        time.sleep(args.worker_start)  # let them load Stanza, so the timing is the work alone
    rounds: list[dict[str, float]] = []
    try:
        for k in range(args.rounds):
            bulk = timed_bulk(nlp, texts)
            wipe(database_url)
            seconds, submit_ms, final, polls = submit_and_wait(
                client, texts, args.batch_timeout, args.poll
            )
            done = final["processed"] + final["failed"]
            rounds.append(
                {"bulk_s": bulk, "batch_s": seconds, "done": done, "submit_ms": submit_ms}
            )
            print(
                f"  (d) round {k + 1}: nlp.bulk_process {bulk:.1f} s, then POST /v1/batches: "
                f"{final['total']} articles, {done} done ({final['failed']} failed, status "
                f"{final['status']}) in {seconds:.1f} s (submission answered in "
                f"{submit_ms:.0f} ms): {done / seconds:.2f} articles/s, {pct(seconds, bulk)}; "
                f"{polls.count} status polls answered in {polls.seconds:.1f} s",
                flush=True,
            )
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        for k, log in enumerate(logs):
            log.close()
            # Each worker's own account of its jobs: extraction and storage seconds.
            for line in Path(log.name).read_text().splitlines():
                if "app.jobs.processing" in line:
                    print(f"      worker {k + 1}: {line.split(': ', 1)[1]}")
    median = statistics.median((r["batch_s"] / r["bulk_s"] - 1) * 100 for r in rounds)
    print(f"      batch overhead over the adjacent bulk call: median {median:+.1f}%", flush=True)
    return {"rounds": rounds, "overhead_pct": median}


def storage_alone(texts: list[tuple[str, str]], extractions: list[Any]) -> float:
    """Seconds ``create_article`` takes with Stanza's work already done, on a fresh SQLite db:
    duplicate check, people/event resolution, inserts, commit."""
    from sqlalchemy.orm import sessionmaker

    from app.articles.schemas import ArticleCreate
    from app.articles.service import create_article
    from app.db.engine import build_engine
    from app.db.migrate import upgrade

    class Precomputed:
        def __init__(self) -> None:
            self.by_text = {t: x for (_, t), x in zip(texts, extractions, strict=True)}

        def extract(self, text: str, **_: Any) -> Any:
            return self.by_text[text]

    path = BUILD / "ingest-storage.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = build_engine(url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    stub: Any = Precomputed()
    seconds = 0.0
    for name, text in texts:
        data = ArticleCreate(text=text, title=title_of(text), external_id=name)
        with factory() as session:
            t0 = time.perf_counter()
            create_article(session, data, stub)
            seconds += time.perf_counter() - t0
    engine.dispose()
    return seconds


def http_phase_only(args: argparse.Namespace) -> None:
    """Child process for PostgreSQL: (c) and (d) against ``--database-url``."""
    from fastapi.testclient import TestClient

    from app.core.config import get_settings
    from app.main import app
    from app.nlp.pipeline import load_pipeline

    texts = load_texts(args.articles, args.seed)
    nlp = load_pipeline(get_settings().stanza_dir, torch_threads=args.threads)
    nlp(texts[0][1])  # warm-up
    with TestClient(app) as client:
        client.post("/v1/extract", json={"text": texts[0][1]})  # warm-up
        raw: list[float] = []
        times: list[float] = []
        # Interleaved with Stanza alone in this process, as (a) and (c) are on SQLite.
        for name, text in texts:
            t0 = time.perf_counter()
            nlp(text)
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            r = client.post(
                "/v1/articles", json={"text": text, "title": title_of(text), "external_id": name}
            )
            times.append(time.perf_counter() - t0)
            assert r.status_code == 201, r.text
        total, stanza_s = sum(times), sum(raw)
        print(
            f"  (a) Stanza nlp(text): {stanza_s:.1f} s; (c) POST /v1/articles, interleaved: "
            f"{total:.1f} s, {len(texts) / total:.2f} articles/s, overhead {pct(total, stanza_s)}"
        )
        batch = run_batch(client, args.database_url, nlp, texts, args)
    print(
        "CHILD-RESULT "
        + json.dumps({"post_seconds": total, "stanza_seconds": stanza_s, "batch": batch})
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=40, help="PolNeAR dev texts to add")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--stanza-dir", type=Path, help="default: the service's setting")
    parser.add_argument("--postgres-url", help="also measure (c) and (d) on PostgreSQL")
    parser.add_argument("--no-batch", action="store_true", help="skip (d)")
    parser.add_argument("--batch-timeout", type=float, default=1800)
    parser.add_argument("--rounds", type=int, default=3, help="(d): bulk call + batch pairs")
    parser.add_argument("--poll", type=float, default=0.2, help="(d): s between status polls")
    parser.add_argument("--worker-start", type=float, default=30, help="s to let a worker load")
    parser.add_argument("--workers", type=int, default=1, help="PostgreSQL: worker processes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--http-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    # The app reads its settings once, from the environment: set them before importing it.
    if args.stanza_dir:
        os.environ["QUOTEWISE_STANZA_DIR"] = str(args.stanza_dir.resolve())
    os.environ["QUOTEWISE_TORCH_THREADS"] = str(args.threads)
    os.environ["QUOTEWISE_MIGRATE_ON_START"] = "true"
    os.environ["QUOTEWISE_PRELOAD_MODELS"] = "true"
    os.environ["QUOTEWISE_INPROCESS_JOBS"] = "true"
    os.environ.pop("QUOTEWISE_API_KEY", None)
    if args.http_only:
        os.environ["QUOTEWISE_DATABASE_URL"] = args.database_url
        http_phase_only(args)
        return
    BUILD.mkdir(parents=True, exist_ok=True)
    db_path = BUILD / "ingest-sqlite.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    sqlite_url = f"sqlite:///{db_path}"
    os.environ["QUOTEWISE_DATABASE_URL"] = sqlite_url

    import stanza
    from fastapi.testclient import TestClient

    from app.core.config import get_settings
    from app.main import app
    from app.nlp.extractor import Extractor
    from app.nlp.pipeline import load_pipeline
    from app.nlp.types import ArticleText

    texts = load_texts(args.articles, args.seed)
    stanza_dir = get_settings().stanza_dir
    print(
        f"{len(texts)} articles ({sum(len(t) for _, t in texts)} characters); models "
        f"{stanza_dir}; torch threads {args.threads}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs",
        flush=True,
    )
    t0 = time.perf_counter()
    nlp = load_pipeline(stanza_dir, torch_threads=args.threads)
    print(f"  pipeline loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    extractor = Extractor(nlp)
    nlp(texts[0][1])
    extractor.extract(texts[0][1])  # warm-up

    raw: list[float] = []
    ext: list[float] = []
    rules: list[float] = []
    post: list[float] = []
    extractions: list[Any] = []
    tokens = 0
    with TestClient(app) as client:
        client.post("/v1/extract", json={"text": texts[0][1]})  # warm-up of the app's own
        for name, text in texts:
            t = time.perf_counter()
            doc = nlp(text)
            raw.append(time.perf_counter() - t)
            tokens += sum(len(s.tokens) for s in doc.sentences)
            t = time.perf_counter()
            extractions.append(extractor.extract(text, title=title_of(text)))
            ext.append(time.perf_counter() - t)
            t = time.perf_counter()
            Extractor.extract_from_doc(doc, text, title=title_of(text))
            rules.append(time.perf_counter() - t)
            t = time.perf_counter()
            r = client.post(
                "/v1/articles", json={"text": text, "title": title_of(text), "external_id": name}
            )
            post.append(time.perf_counter() - t)
            assert r.status_code == 201, r.text
        n = len(texts)
        a, b, c, rr = sum(raw), sum(ext), sum(post), sum(rules)
        print(f"  per article, interleaved ({n} articles, {tokens} tokens):", flush=True)
        print(f"    (a) Stanza nlp(text)        {a:7.1f} s  {rate(n, tokens, a)}")
        print(
            f"    (b) Extractor.extract       {b:7.1f} s  {rate(n, tokens, b)}"
            f"  overhead {pct(b, a)}"
        )
        print(f"        rule passes alone       {rr:7.1f} s  = {rr / a * 100:.1f}% of (a)")
        print(
            f"    (c) POST /v1/articles       {c:7.1f} s  {rate(n, tokens, c)}"
            f"  overhead {pct(c, a)}",
            flush=True,
        )
        store = storage_alone(texts, extractions)
        print(
            f"        of which storage alone  {store:7.1f} s  = {store / a * 100:.1f}% of (a) "
            f"(create_article with the extraction precomputed; the rest of (c)-(b) is HTTP, "
            f"validation and the response)",
            flush=True,
        )
        docs = [stanza.Document([], text=t) for _, t in texts]
        t = time.perf_counter()
        nlp.bulk_process(docs)
        bulk = time.perf_counter() - t
        t = time.perf_counter()
        extractor.extract_many([ArticleText(text=t, title=title_of(t)) for _, t in texts])
        many = time.perf_counter() - t
        print("  all at once:")
        print(
            f"    (a) nlp.bulk_process        {bulk:7.1f} s  {n / bulk:5.2f} art/s  "
            f"{tokens / bulk:6.0f} tok/s"
        )
        print(
            f"    (b) Extractor.extract_many  {many:7.1f} s  {n / many:5.2f} art/s  "
            f"{tokens / many:6.0f} tok/s  overhead {pct(many, bulk)}",
            flush=True,
        )
        batch = run_batch(client, sqlite_url, nlp, texts, args)
    results: dict[str, Any] = {
        "articles": n,
        "tokens": tokens,
        "stanza_s": a,
        "extractor_s": b,
        "rules_s": rr,
        "storage_sqlite_s": store,
        "post_sqlite_s": c,
        "bulk_s": bulk,
        "extract_many_s": many,
        "batch_sqlite": batch,
        "overhead_extractor_pct": (b / a - 1) * 100,
        "overhead_post_sqlite_pct": (c / a - 1) * 100,
        "overhead_extract_many_pct": (many / bulk - 1) * 100,
    }
    if args.postgres_url:
        results["postgresql"] = postgres_child(args)
    worst = max(results["overhead_extractor_pct"], results["overhead_post_sqlite_pct"])
    verdict = "meets" if worst <= TARGET_OVERHEAD else "misses"
    print(f"  service overhead on top of Stanza: {worst:+.1f}% ({verdict} <= {TARGET_OVERHEAD}%)")
    print(json.dumps(results, indent=1))


def postgres_child(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"quotewise_ingest_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres_url).set(database=name).render_as_string(hide_password=False)
    try:
        command = [sys.executable, __file__, "--http-only", "--database-url", url]
        command += ["--articles", str(args.articles), "--threads", str(args.threads)]
        command += ["--seed", str(args.seed), "--worker-start", str(args.worker_start)]
        command += ["--workers", str(args.workers)]
        command += ["--batch-timeout", str(args.batch_timeout), "--rounds", str(args.rounds)]
        command += ["--poll", str(args.poll)]
        if args.stanza_dir:
            command += ["--stanza-dir", str(args.stanza_dir)]
        if args.no_batch:
            command.append("--no-batch")
        print("  PostgreSQL (child process):", flush=True)
        out = subprocess.run(command, capture_output=True, text=True, check=False)
        result: dict[str, Any] = {}
        for line in out.stdout.splitlines():
            if line.startswith("CHILD-RESULT "):
                result = json.loads(line.removeprefix("CHILD-RESULT "))
            else:
                print("  " + line)
        if out.returncode != 0:
            print(out.stderr[-3000:])
        return result
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
