"""Where training reads its corpora and writes its scratch files.

Kept apart from the service settings (``app.core.config``) because only the training
pipeline and its tests need them; the corpora live outside the repository
(``../shared/data`` beside the checkout) and must never be copied into it.
"""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from app.core.config import REPO_ROOT, SHIPPED_MODELS_DIR


class TrainingSettings(BaseSettings):
    """Paths for ``quotewise models train``; env ``QUOTEWISE_DATA_DIR`` and friends."""

    model_config = SettingsConfigDict(env_prefix="QUOTEWISE_", env_file=".env", extra="ignore")

    # The shared corpora (UD EWT/GUM, CoNLL-2003, news text), read-only.
    data_dir: Path = REPO_ROOT.parent / "shared" / "data"
    # Scratch space: prepared data, checkpoints, logs. Gitignored (``/build/``).
    work_dir: Path = REPO_ROOT / "build" / "stanza-work"
    # Where finished models are published (and committed from).
    models_out: Path = SHIPPED_MODELS_DIR


def get_training_settings() -> TrainingSettings:
    """Read the settings afresh: tests change the environment between calls."""
    return TrainingSettings()
