"""The training pipeline stays runnable: a tiny run on a slice of the shared corpora.

Trains the tokenizer and NER for a handful of steps (profile ``smoke``) into a temporary
work dir, checks the models get published, then reruns to check finished stages are
skipped. Skipped, saying why, when the shared corpora (``../shared/data`` beside the
checkout, or ``QUOTEWISE_DATA_DIR``) are absent. Full training is not part of CI.
"""

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.training.cli import app
from app.training.settings import get_training_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir() -> Path:
    data = get_training_settings().data_dir
    if not (data / "ud_english_ewt").is_dir() or not (data / "conll2003").is_dir():
        pytest.skip(f"shared corpora not found at {data} (set QUOTEWISE_DATA_DIR)")
    return data


def _train(data_dir: Path, work: Path, out: Path) -> None:
    args = [
        "train",
        "--profile",
        "smoke",
        "--data-dir",
        str(data_dir),
        "--work-dir",
        str(work),
        "--out",
        str(out),
        "--stage",
        "tokenize",
        "--stage",
        "ner",
        "--lanes",
        "2",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output + repr(result.exception)


def test_smoke_training_publishes_models_and_resumes(data_dir: Path, tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "models"
    _train(data_dir, work, out)
    for name in ("tokenize.pt", "ner.pt", "pretrain.pt", "resources.json"):
        assert (out / name).stat().st_size > 0, name
    resources = json.loads((out / "resources.json").read_text())
    assert resources["en"] == {"lang_name": "English"}  # no packages: not the official tree
    assert resources["quotewise"]["models"] == {"tokenize": "tokenize.pt", "ner": "ner.pt"}

    started = time.monotonic()
    _train(data_dir, work, out)  # everything finished: only republishes
    assert time.monotonic() - started < 10
