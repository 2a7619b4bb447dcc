"""Service settings, read once from the environment (prefix ``QUOTEWISE_``) or a ``.env`` file."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MODELS_DIR = REPO_ROOT / "models" / "stanza" / "en"


class Settings(BaseSettings):
    """Everything an operator may change without touching code.

    Defaults give the embedded set-up: SQLite next to the code and the Stanza models shipped
    in ``models/stanza/en``, so ``uvicorn app.main:app`` works on a fresh checkout.
    """

    model_config = SettingsConfigDict(env_prefix="QUOTEWISE_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'quotewise.db'}"
    # A directory of Stanza models: the shipped ones, or the official ``stanza_resources``
    # tree (the directory holding ``resources.json`` and ``en/``) for users with internet.
    stanza_dir: Path = SHIPPED_MODELS_DIR
    # Threads torch may use per process; 0 leaves torch's own default.
    torch_threads: int = 0
    # Largest article text accepted, in bytes of UTF-8.
    max_text_bytes: int = 1_000_000
    # Write endpoints need this key in ``X-API-Key`` when it is set; reads stay open.
    api_key: str | None = None
    # Largest number of articles in one ``POST /v1/batches``.
    batch_max_articles: int = 1000
    # Run Alembic migrations when the service starts (the embedded default needs no set-up).
    migrate_on_start: bool = True
    # Load the Stanza models at start-up rather than on the first request.
    preload_models: bool = True
    # Largest request body for writes (a batch of articles), in bytes.
    max_request_bytes: int = 32_000_000
    # Write requests per minute per API key (or client address); 0 turns the limit off.
    write_rate_per_minute: float = 600
    write_burst: int = 60
    # Redis shared by every process for the write rate limits (``redis://host:6379/0``; needs
    # the ``redis`` extra). Unset: each process limits on its own, as the embedded set-up does.
    redis_url: str | None = None
    # Articles per background job, processed in one Stanza bulk call. Since the parser's
    # batches were made small (app.nlp.pipeline.DEPPARSE_BATCH_WORDS) the job size barely
    # changes Stanza's speed (benchmarks/job_size.py, 83 texts: +2.1% over one call in jobs
    # of at most 16, +1.7% of 32, +0.7% of 64; with Stanza's own batches it was +19%, +7%,
    # +4%). A worker peaked at 801 MB with 64 articles. Smaller jobs spread a small batch
    # over more workers; larger ones make fewer rows in the queue.
    job_articles: int = 64
    # On SQLite the service drains batches itself; PostgreSQL deployments run `quotewise worker`.
    inprocess_jobs: bool = True
    # Worker heartbeats, and how long without one before its jobs are handed to another worker.
    worker_heartbeat_s: float = 5.0
    worker_stalled_after_s: float = 20.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
