"""Shared fixtures: a migrated database per backend, an HTTP client, the real extractor.

PostgreSQL tests use QUOTEWISE_TEST_POSTGRES_URL (default: the local server on 127.0.0.1:5432,
database ``test``), make a database of their own there, and skip, saying why, when none answers.
"""

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before the app is imported: never touch the developer's own database or preload models.
_TMP = Path(tempfile.mkdtemp(prefix="quotewise-tests-"))
os.environ["QUOTEWISE_DATABASE_URL"] = f"sqlite:///{_TMP / 'default.db'}"
os.environ["QUOTEWISE_MIGRATE_ON_START"] = "false"
os.environ["QUOTEWISE_PRELOAD_MODELS"] = "false"
os.environ["QUOTEWISE_INPROCESS_JOBS"] = "false"

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import build_engine
from app.db.migrate import upgrade
from app.db.models import Base
from app.db.session import get_db
from app.extract.service import SharedExtractor, get_extractor
from app.main import app
from app.nlp.pipeline import ModelsNotFoundError

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get(
    "QUOTEWISE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_database() -> Iterator[str]:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        pytest.skip(
            f"no PostgreSQL answers at {POSTGRES_URL} ({type(exc).__name__}); "
            "`bash .ci/run` installs and starts one, or set QUOTEWISE_TEST_POSTGRES_URL"
        )
    name = f"quotewise_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{_TMP / f'{uuid.uuid4().hex}.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = build_engine(database_url)
    yield engine
    engine.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table, and on PostgreSQL the job queue too: a test that counts the jobs its
    batch enqueued must not see those an earlier test left behind."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            tables.append("procrastinate_jobs")
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(scope="session")
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture
def db(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session on an empty database."""
    wipe(engine)
    with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def extractor() -> SharedExtractor:
    try:
        return get_extractor()
    except ModelsNotFoundError as exc:
        pytest.skip(f"the Stanza models are not in place: {exc}")


def client_for(factory: sessionmaker[Session]) -> TestClient:
    def override() -> Iterator[Session]:
        with factory() as session:
            yield session

    app.dependency_overrides[get_db] = override
    return TestClient(app)


@pytest.fixture
def client(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """An HTTP client on an empty database."""
    wipe(engine)
    with client_for(session_factory) as test_client:
        yield test_client
    app.dependency_overrides.clear()


def seed_text(name: str) -> str:
    return (FIXTURES / "seeds" / name).read_text(encoding="utf-8")
