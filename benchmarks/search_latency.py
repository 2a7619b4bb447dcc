"""Search latency at scale: p50/p95/p99 of the service's real query code over N stored quotes.

Usage::

    python benchmarks/search_latency.py [--quotes 1000000] [--backend sqlite|postgresql|both]
        [--queries 300] [--database-url URL] [--rebuild] [--keep] [--explain]

Builds (or reuses) a database through the project's own Alembic migrations, so the real
indexes and full-text machinery (FTS5 tables and triggers on SQLite, GIN indexes on
PostgreSQL) are in place, then bulk-loads synthetic but realistic data:

* ~20k articles from ~40 outlets over seven years; ~500 events (forums, summits, ...);
* ~5k speakers named after the PER entities of CoNLL-2003 (plus ORG entities as
  organisations), each with aliases (full name, surname, "President Surname", ...);
* N quotes whose texts are real sentences of ``/work/shared/data/newstext/*.txt``, speakers
  drawn from a Zipf distribution (a few people are quoted very often, as in the news).

The secondary indexes of ``quotes`` are dropped before the load and re-created afterwards from
their own stored definitions (``pg_get_indexdef`` / ``sqlite_master``), so they end up exactly
as the migrations made them; SQLite's FTS5 triggers fire for every row.

Then it times, one session per query as a request would have, the view functions themselves
(``app.quotes.views.list_quotes`` = ``resolve_speaker`` + ``search_quotes`` + serialisation,
and ``app.people.views.search_people`` = ``fuzzy_person_scores`` + people + quote counts):

* ``speaker``: ``/v1/quotes?speaker=`` with an alias as a client would type it;
* ``speaker~``: the same with a typo (falls through to the trigram search);
* ``q``: ``/v1/quotes?q=`` with 1-3 words taken from stored quotes;
* ``event``: ``/v1/quotes?event=`` with (part of) an event name;
* ``people?q``: ``/v1/people?q=`` fuzzy with a misspelt name;
* ``q+speaker``: ``/v1/quotes?q=&speaker=``, 1-2 words of a stored quote and a speaker's alias.

``--explain`` prints the plan of the slowest SQL statement of the slowest query of each shape
(EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).

Built SQLite databases live in ``build/bench/`` (git-ignored) and are reused when their size
matches; PostgreSQL ones are created as ``quotewise_bench_<N>`` on
``--postgres-url``'s server and dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("QUOTEWISE_PRELOAD_MODELS", "false")

from app.api.pagination import PageParams  # noqa: E402
from app.db.engine import build_engine  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.people.views import search_people  # noqa: E402
from app.quotes.views import list_quotes  # noqa: E402
from app.search.keys import name_key  # noqa: E402

DATA = Path(os.environ.get("QUOTEWISE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
BUILD = REPO_ROOT / "build" / "bench"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_P99_MS = 50.0

OUTLETS = [
    "Reuters", "AP", "BBC", "The Guardian", "The Times", "Financial Times", "Bloomberg",
    "Al Jazeera", "Le Monde", "Der Spiegel", "El País", "NPR", "CNN", "Fox News", "NBC",
    "The Washington Post", "The New York Times", "Politico", "The Hill", "Axios",
    "The Independent", "The Telegraph", "Sky News", "France 24", "DW", "ABC News", "CBS",
    "The Economist", "Nikkei Asia", "South China Morning Post", "The Hindu", "Dawn",
    "The Globe and Mail", "Sydney Morning Herald", "Irish Times", "Haaretz", "Kyiv Independent",
    "Meduza", "TASS", "Xinhua",
]  # fmt: skip
TITLES = ["President", "Prime Minister", "Minister", "Senator", "Chancellor", "Governor",
          "Mr", "Ms", "Dr", "General", "Secretary", "Spokesman", "Chairman", "Mayor"]  # fmt: skip
EVENT_KINDS = [
    "Economic Forum", "Summit", "Security Conference", "Climate Conference", "Press Conference",
    "Party Congress", "Annual Meeting", "Trade Talks", "Peace Talks", "Energy Forum",
    "Investment Forum", "Leaders' Meeting", "Council Meeting", "Development Forum", "Rally",
]  # fmt: skip
EVENT_PREFIXES = ["Eastern", "Western", "Northern", "Southern", "Central", "International",
                  "Global", "Annual", "Regional", "World", "Joint", "Extraordinary"]  # fmt: skip
CUES = ["said", "told reporters", "added", "warned", "insisted", "argued", "noted", "stressed"]

# --------------------------------------------------------------------------------------------
# Source material


def load_sentences(limit: int = 400_000) -> list[str]:
    """Real news sentences (30-300 characters, mostly letters) from the news text corpus."""
    splitter = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
    out: list[str] = []
    for path in sorted((DATA / "newstext").glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in splitter.split(line.strip()):
                if 30 <= len(sentence) <= 300 and sum(c.islower() for c in sentence) > 20:
                    out.append(sentence)
                    if len(out) >= limit:
                        return out
    if not out:
        raise SystemExit(f"no sentences found under {DATA / 'newstext'}")
    return out


def conll_entities() -> tuple[list[str], list[str], list[str]]:
    """Distinct multi-word PER names, ORG names and LOC names of CoNLL-2003."""
    per: dict[str, None] = {}
    org: dict[str, None] = {}
    loc: dict[str, None] = {}
    for name in ("eng.train", "eng.testa", "eng.testb"):
        path = DATA / "conll2003" / name
        if not path.exists():
            continue
        current: list[str] = []
        kind = ""
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            parts = line.split()
            tag = parts[-1] if len(parts) >= 4 else "O"
            typ = tag[2:] if tag != "O" else ""
            if current and (typ != kind or tag.startswith("B-")):
                entity = " ".join(current)
                if kind == "PER" and len(current) >= 2:
                    per[entity] = None
                elif kind == "ORG":
                    org[entity] = None
                elif kind == "LOC" and len(current) == 1:
                    loc[entity] = None
                current = []
            if typ:
                current.append(parts[0])
                kind = typ
    ok = re.compile(r"^[A-Z][a-zA-Z'\-]+( [A-Z][a-zA-Z'\-.]+)+$")
    people = [p for p in per if ok.match(p)]
    orgs = [o for o in org if re.match(r"^[A-Z][A-Za-z&'\- ]{2,40}$", o)]
    places = [x for x in loc if re.match(r"^[A-Z][a-z]{3,}$", x)]
    return people, orgs, places


# --------------------------------------------------------------------------------------------
# Synthetic data


@dataclass
class Dataset:
    people: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)


def make_dataset(
    rng: random.Random, sentences: list[str], n_articles: int, n_people: int, n_events: int
) -> Dataset:
    names, orgs, places = conll_entities()
    rng.shuffle(names)
    rng.shuffle(orgs)
    n_orgs = n_people // 20
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    for org_name in orgs:
        if len(chosen) >= n_orgs:
            break
        if name_key(org_name) and name_key(org_name) not in seen:
            seen.add(name_key(org_name))
            chosen.append((org_name, "organization"))
    firsts = [n.split()[0] for n in names]
    lasts = [n.split()[-1] for n in names]
    pool = iter(names)
    while len(chosen) < n_people:
        candidate = next(pool, None) or f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if name_key(candidate) and name_key(candidate) not in seen:
            seen.add(name_key(candidate))
            chosen.append((candidate, "person"))
    rng.shuffle(chosen)
    now = dt.datetime.now(dt.UTC)
    data = Dataset()
    alias_id = 0
    for pid, (name, kind) in enumerate(chosen, start=1):
        data.people.append(
            {"id": pid, "name": name, "name_key": name_key(name), "kind": kind, "created_at": now}
        )
        variants = [name]
        if kind == "person":
            variants.append(name.split()[-1])
            if rng.random() < 0.5:
                variants.append(f"{rng.choice(TITLES)} {name.split()[-1]}")
        keys: set[str] = set()
        for alias in variants:
            key = name_key(alias)
            if key and key not in keys:
                keys.add(key)
                alias_id += 1
                data.aliases.append(
                    {"id": alias_id, "person_id": pid, "alias": alias, "alias_key": key}
                )
    start = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    span_s = int((dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - start).total_seconds())
    event_names: set[str] = {"Eastern Economic Forum"}
    while len(event_names) < n_events:
        prefix = rng.choice([*EVENT_PREFIXES, *places[:300]])
        event_names.add(f"{prefix} {rng.choice(EVENT_KINDS)}")
    for eid, ename in enumerate(sorted(event_names), start=1):
        day = (start + dt.timedelta(seconds=rng.randrange(span_s))).date()
        data.events.append(
            {
                "id": eid,
                "name": ename,
                "name_key": name_key(ename),
                "place": rng.choice(places) if places else None,
                "date": day,
                "created_at": now,
            }
        )
    for aid in range(1, n_articles + 1):
        first = rng.randrange(len(sentences))
        body = " ".join(sentences[(first + k) % len(sentences)] for k in range(8))
        outlet = rng.choice(OUTLETS)
        data.articles.append(
            {
                "id": aid,
                "external_id": f"bench-{aid}",
                "url": f"https://{outlet.lower().replace(' ', '')}.example/{aid}",
                "text_sha256": hashlib.sha256(f"{aid}\n{body}".encode()).hexdigest(),
                "title": sentences[first][:120],
                "text": body,
                "outlet": outlet,
                "published_at": start + dt.timedelta(seconds=rng.randrange(span_s)),
                "event_hint": None,
                "event_id": rng.randrange(1, n_events + 1) if rng.random() < 0.4 else None,
                "status": "processed",
                "error": None,
                "created_at": now,
            }
        )
    return data


QUOTE_COLUMNS = [
    "id", "article_id", "person_id", "event_id", "position", "text", "type", "spans",
    "cue_text", "cue_start", "cue_end", "speaker_name", "speaker_kind", "mention_text",
    "mention_start", "mention_end", "confidence", "context", "published_at",
]  # fmt: skip


def quote_rows(
    rng: random.Random, data: Dataset, sentences: list[str], n_quotes: int
) -> Iterator[tuple[Any, ...]]:
    """Quotes spread over the articles; speakers Zipf-distributed (exponent 0.9)."""
    weights = [1.0 / (rank**0.9) for rank in range(1, len(data.people) + 1)]
    cumulative: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    people = data.people
    articles = data.articles
    n_events = len(data.events)
    per_article = max(1, n_quotes // len(articles))
    types = ["direct"] * 45 + ["indirect"] * 40 + ["mixed"] * 15
    for qid in range(1, n_quotes + 1):
        index = min((qid - 1) // per_article, len(articles) - 1)
        article = articles[index]
        first = rng.randrange(len(sentences))
        quote = sentences[first]
        if rng.random() < 0.3:
            quote = f"{quote} {sentences[(first + 1) % len(sentences)]}"
        person: dict[str, Any] | None = None
        if rng.random() < 0.9:
            person = people[_bisect(cumulative, rng.random() * total)]
        event_id = article["event_id"]
        if event_id is None and rng.random() < 0.05:
            event_id = rng.randrange(1, n_events + 1)
        cue = rng.choice(CUES)
        name = None if person is None else person["name"]
        mention = name.split()[-1] if name else None
        yield (
            qid,
            article["id"],
            None if person is None else person["id"],
            event_id,
            qid - 1 - index * per_article,
            quote,
            rng.choice(types),
            json.dumps([[1, 1 + len(quote)]]),
            cue,
            len(quote) + 3,
            len(quote) + 3 + len(cue),
            name,
            "unknown" if person is None else person["kind"],
            mention,
            None if mention is None else len(quote) + 4 + len(cue),
            None if mention is None else len(quote) + 4 + len(cue) + len(mention),
            round(rng.uniform(0.3, 0.99), 4),
            quote,
            article["published_at"],
        )


def _bisect(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


# --------------------------------------------------------------------------------------------
# Loading


def _sqlite_value(value: Any) -> Any:
    # The formats SQLAlchemy's SQLite DateTime/Date types store (and compare as strings).
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _insert_sqlite(raw: Any, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    raw.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [tuple(_sqlite_value(row[c]) for c in columns) for row in rows],
    )


def _copy_postgres(raw: Any, table: str, columns: list[str], rows: Any) -> None:
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _quote_indexes(conn: Any, dialect: str) -> list[tuple[str, str]]:
    if dialect == "postgresql":
        rows = conn.execute(
            text(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = 'quotes' AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)"
            )
        )
    else:
        rows = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = 'quotes' AND sql IS NOT NULL"
            )
        )
    return [(str(name), str(sql)) for name, sql in rows]


def build_database(url: str, n_quotes: int, seed: int) -> None:
    started = time.perf_counter()
    upgrade(url)
    engine = build_engine(url)
    dialect = engine.dialect.name
    rng = random.Random(seed)
    sentences = load_sentences()
    n_articles = max(1, min(20_000, n_quotes // 5))
    n_people = max(10, min(5_000, n_quotes // 20))
    n_events = max(5, min(500, n_quotes // 200))
    data = make_dataset(rng, sentences, n_articles, n_people, n_events)
    print(
        f"  {len(sentences)} sentences; {len(data.articles)} articles, {len(data.people)} "
        f"people ({len(data.aliases)} aliases), {len(data.events)} events, {n_quotes} quotes",
        flush=True,
    )
    with engine.connect() as conn:
        indexes = _quote_indexes(conn, dialect)
        for name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        conn.commit()
    raw_conn = engine.raw_connection()
    try:
        raw = raw_conn.driver_connection
        assert raw is not None
        if dialect == "sqlite":
            raw.execute("PRAGMA synchronous=OFF")
            for table, rows in [
                ("events", data.events),
                ("people", data.people),
                ("person_aliases", data.aliases),
                ("articles", data.articles),
            ]:
                _insert_sqlite(raw, table, rows)
            raw.commit()
            placeholders = ", ".join("?" * len(QUOTE_COLUMNS))
            insert = f"INSERT INTO quotes ({', '.join(QUOTE_COLUMNS)}) VALUES ({placeholders})"
            batch: list[tuple[Any, ...]] = []
            for row in quote_rows(rng, data, sentences, n_quotes):
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) == 50_000:
                    raw.executemany(insert, batch)
                    raw.commit()
                    batch = []
                    print(f"  {row[0]} quotes ({time.perf_counter() - started:.0f} s)", flush=True)
            if batch:
                raw.executemany(insert, batch)
            raw.commit()
        else:
            for table, rows in [
                ("events", data.events),
                ("people", data.people),
                ("person_aliases", data.aliases),
                ("articles", data.articles),
            ]:
                columns = list(rows[0])
                _copy_postgres(raw, table, columns, ([r[c] for c in columns] for r in rows))
            raw.commit()
            _copy_postgres(raw, "quotes", QUOTE_COLUMNS, quote_rows(rng, data, sentences, n_quotes))
            raw.commit()
            with raw.cursor() as cur:
                # The loads gave explicit ids: move the sequences past them, as inserts would.
                for table in ("events", "people", "person_aliases", "articles", "quotes"):
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
            raw.commit()
        print(f"  rows loaded ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        raw_conn.close()
    with engine.connect() as conn:
        if dialect == "postgresql":
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
        for _, sql in indexes:
            conn.execute(text(sql))
        conn.commit()
    print(f"  indexes re-created ({time.perf_counter() - started:.0f} s)", flush=True)
    if dialect == "postgresql":
        # What autovacuum does on its own after a load like this: statistics, visibility map.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def quote_count(url: str) -> int | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM quotes")).scalar_one())
    except Exception:
        return None
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------------
# Queries


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word + rng.choice("aeiou")
    k = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:  # swap two neighbours
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if op == 1:  # drop one
        return word[:k] + word[k + 1 :]
    return word[:k] + word[k] + word[k:]  # double one


def make_queries(engine: Engine, rng: random.Random, n: int) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as conn:
        max_alias = int(conn.execute(text("SELECT max(id) FROM person_aliases")).scalar_one())
        max_quote = int(conn.execute(text("SELECT max(id) FROM quotes")).scalar_one())
        alias_ids = [rng.randrange(1, max_alias + 1) for _ in range(2 * n)]
        aliases = [
            str(a)
            for (a,) in conn.execute(
                text("SELECT alias FROM person_aliases WHERE id IN :ids").bindparams(
                    _expanding("ids")
                ),
                {"ids": alias_ids},
            )
        ]
        # A third of speaker queries ask for the people quoted most: the real traffic skew.
        top = [
            str(a)
            for (a,) in conn.execute(
                text(
                    "SELECT a.alias FROM person_aliases a JOIN ("
                    " SELECT person_id, count(*) AS n FROM quotes WHERE person_id IS NOT NULL"
                    " GROUP BY person_id ORDER BY n DESC LIMIT 20) t ON t.person_id = a.person_id"
                )
            )
        ]
        quote_ids = [rng.randrange(1, max_quote + 1) for _ in range(n)]
        texts = [
            str(t)
            for (t,) in conn.execute(
                text("SELECT text FROM quotes WHERE id IN :ids").bindparams(_expanding("ids")),
                {"ids": quote_ids},
            )
        ]
        events = [str(e) for (e,) in conn.execute(text("SELECT name FROM events"))]
    queries: dict[str, list[dict[str, Any]]] = {
        "speaker": [],
        "speaker~": [],
        "q": [],
        "event": [],
        "people?q": [],
        "q+speaker": [],
    }
    for k in range(n):
        alias = rng.choice(top) if k % 3 == 0 and top else rng.choice(aliases)
        style = k % 4
        speaker = {0: alias, 1: alias.lower(), 2: f"President {alias}", 3: alias.upper()}[style]
        queries["speaker"].append({"speaker": speaker})
        words = alias.split()
        w = rng.randrange(len(words))
        words[w] = _typo(rng, words[w])
        queries["speaker~"].append({"speaker": " ".join(words)})
        queries["people?q"].append({"q": " ".join(words)})
        candidates = [w for w in re.findall(r"[A-Za-z]+", rng.choice(texts)) if len(w) >= 4]
        if not candidates:
            candidates = ["government"]
        picked = rng.sample(candidates, min(len(candidates), 1 + k % 3))
        queries["q"].append({"q": " ".join(picked)})
        ename = rng.choice(events)
        ewords = ename.split()
        estyle = k % 3
        eq = {0: ename, 1: " ".join(ewords[-2:]), 2: ewords[-1]}[estyle]
        queries["event"].append({"event": eq.lower() if k % 2 else eq})
    # Drawn from a generator of its own, so the shapes above keep the queries they always had.
    mixed = random.Random(rng.getrandbits(32))
    for k in range(n):
        alias = mixed.choice(top) if k % 3 == 0 and top else mixed.choice(aliases)
        candidates = [w for w in re.findall(r"[A-Za-z]+", mixed.choice(texts)) if len(w) >= 4]
        picked = mixed.sample(candidates, min(len(candidates), 1 + k % 2)) or ["said"]
        queries["q+speaker"].append({"q": " ".join(picked), "speaker": alias})
    return queries


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def run_query(session: Session, shape: str, args: dict[str, Any]) -> int:
    page = PageParams(limit=20, offset=0)
    if shape == "people?q":
        return len(search_people(session=session, page=page, q=args["q"]).items)
    quote_args: dict[str, Any] = {
        "speaker": None,
        "person_id": None,
        "event": None,
        "event_id": None,
        "q": None,
        "type": None,
        "outlet": None,
        "date_from": None,
        "date_to": None,
    }
    quote_args.update(args)
    return len(list_quotes(session=session, page=page, **quote_args).items)


@dataclass
class Captured:
    """The statements one query sent (time, SQL, parameters)."""

    statements: list[tuple[float, str, Any]] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_queries(
    url: str, n: int, seed: int, explain: bool, shapes: list[str] | None
) -> dict[str, dict[str, float]]:
    """Wall-clock and this process's CPU time per query, per shape.

    The CPU column says how much of the wall time this process itself computed (on SQLite
    that includes the database engine; on PostgreSQL the server's work is not in it): on a
    busy machine wall time also holds the time spent waiting for a core.
    """
    engine = build_engine(url)
    rng = random.Random(seed + 1)
    queries = make_queries(engine, rng, n)
    capture = Captured()

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: Any):  # type: ignore[no-untyped-def]
        capture.statements.append((0.0, statement, params))

    print(f"  load average before timing: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    results: dict[str, dict[str, float]] = {}
    for shape, items in queries.items():
        if shapes and shape not in shapes:
            continue
        for args in items[:10]:  # warm-up: connection pool, caches, first-use compilation
            with Session(engine) as session:
                run_query(session, shape, args)
        times: list[float] = []
        cpu: list[float] = []
        hits: list[int] = []
        slowest: tuple[float, dict[str, Any], list[tuple[float, str, Any]]] = (0.0, {}, [])
        for args in items:
            capture.statements = []
            with Session(engine) as session:
                c0 = time.thread_time()
                t0 = time.perf_counter()
                hits.append(run_query(session, shape, args))
                elapsed = (time.perf_counter() - t0) * 1000
                cpu.append((time.thread_time() - c0) * 1000)
            times.append(elapsed)
            if elapsed > slowest[0]:
                slowest = (elapsed, args, list(capture.statements))
        stats = {
            "n": len(times),
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
            "max": max(times),
            "cpu_p50": percentile(cpu, 50),
            "cpu_p99": percentile(cpu, 99),
            "empty": sum(1 for h in hits if h == 0),
        }
        results[shape] = stats
        print(
            f"  {shape:<9} n={stats['n']:<4} p50 {stats['p50']:7.1f} ms  p95 {stats['p95']:7.1f} ms"
            f"  p99 {stats['p99']:7.1f} ms  max {stats['max']:7.1f} ms  | CPU p50 "
            f"{stats['cpu_p50']:6.1f} p99 {stats['cpu_p99']:6.1f} ms  "
            f"({stats['empty']} with no result)  "
            f"{'OK' if stats['p99'] <= TARGET_P99_MS else 'MISSES'} p99 <= {TARGET_P99_MS:.0f} ms",
            flush=True,
        )
        if explain and slowest[2]:
            explain_slowest(engine, slowest[1], slowest[0], slowest[2])
    engine.dispose()
    return results


def explain_slowest(
    engine: Engine, args: dict[str, Any], elapsed: float, statements: list[tuple[float, str, Any]]
) -> None:
    """Re-run each statement of a query alone (fetching every row) and explain the slowest.

    Re-running is needed because SQLite computes rows while they are fetched, so the time of
    ``cursor.execute`` alone says little.
    """
    timed: list[tuple[float, str, Any]] = []
    with engine.connect() as conn:
        for _, statement, params in statements:
            t0 = time.perf_counter()
            conn.exec_driver_sql(statement, params).fetchall()
            timed.append((time.perf_counter() - t0, statement, params))
    worst = max(timed, key=lambda s: s[0])
    print(
        f"    slowest query: {args} {elapsed:.1f} ms, {len(statements)} statements; the slowest "
        f"alone ({worst[0] * 1000:.1f} ms):\n      " + worst[1].replace("\n", "\n      ")
    )
    print(f"      params: {worst[2]}")
    if engine.dialect.name == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(prefix + worst[1], worst[2]).fetchall()
    for row in plan:
        print("      | " + " ".join(str(c) for c in row))


# --------------------------------------------------------------------------------------------


def postgres_database(admin_url: str, name: str, create: bool) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if create and exists:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--queries", type=int, default=300, help="timed queries per shape")
    parser.add_argument("--database-url", help="use (and build if empty) this database")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="server to build on")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if it exists")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database built")
    parser.add_argument("--explain", action="store_true", help="plan of each shape's slowest")
    parser.add_argument("--shapes", nargs="*", help="only these query shapes")
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()

    targets: list[tuple[str, str, str | None]] = []  # (backend, url, pg database to drop)
    if args.database_url:
        targets.append((make_url(args.database_url).get_backend_name(), args.database_url, None))
    else:
        if args.backend in ("sqlite", "both"):
            BUILD.mkdir(parents=True, exist_ok=True)
            targets.append(("sqlite", f"sqlite:///{BUILD / f'search_{args.quotes}.db'}", None))
        if args.backend in ("postgresql", "both"):
            name = f"quotewise_bench_{args.quotes}"
            url = postgres_database(args.postgres_url, name, create=args.rebuild)
            targets.append(("postgresql", url, None if args.keep else name))

    summary: dict[str, dict[str, dict[str, float]]] = {}
    for backend, url, to_drop in targets:
        try:
            shown = make_url(url).render_as_string(hide_password=True)
            print(f"[{backend}] {shown}", flush=True)
            if backend == "sqlite" and args.rebuild:
                path = make_url(url).database
                for suffix in ("", "-wal", "-shm"):
                    if path and Path(path + suffix).exists():
                        Path(path + suffix).unlink()
            count = quote_count(url)
            if count != args.quotes:
                if count:
                    raise SystemExit(
                        f"{shown} holds {count} quotes, not {args.quotes}: "
                        f"pass --rebuild, or --quotes {count}"
                    )
                print(f"  building {args.quotes} quotes", flush=True)
                build_database(url, args.quotes, args.seed)
            else:
                print(f"  reusing its {count} quotes; migrating it to head", flush=True)
                started = time.perf_counter()
                upgrade(url)  # a database built before a new migration gets it, as in production
                print(f"  migrated in {time.perf_counter() - started:.0f} s", flush=True)
            summary[backend] = time_queries(url, args.queries, args.seed, args.explain, args.shapes)
        finally:
            if to_drop:
                drop_postgres_database(args.postgres_url, to_drop)
                print(f"  dropped database {to_drop}", flush=True)
    print(json.dumps({"quotes": args.quotes, "results": summary}, indent=1))


if __name__ == "__main__":
    main()
