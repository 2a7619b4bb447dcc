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


@lru_cache
def get_settings() -> Settings:
    return Settings()
