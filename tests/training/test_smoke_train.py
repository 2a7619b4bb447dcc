"""The training pipeline stays runnable: a tiny run on a slice of the shared corpora.

Trains the tokenizer and NER for a handful of steps (profile ``smoke``) into a temporary
work dir, checks the models get published, reruns to check finished stages are skipped,
and continues NER from the published models (``--warm-from``). Skipped, saying why, when
the shared corpora (``../shared/data`` beside the checkout, or ``QUOTEWISE_DATA_DIR``) are
absent. Full training is not part of CI.
"""

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.training.cli import app
from app.training.settings import get_training_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir() -> Path:
    data = get_training_settings().data_dir
    if not (data / "ud_english_ewt").is_dir() or not (data / "conll2003").is_dir():
        pytest.skip(f"shared corpora not found at {data} (set QUOTEWISE_DATA_DIR)")
    return data


def _train(data_dir: Path, work: Path, out: Path, *extra: str) -> None:
    stages = extra or ("--stage", "tokenize", "--stage", "ner")
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
        "--lanes",
        "2",
        *stages,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output + repr(result.exception)


@pytest.fixture(scope="module")
def trained(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One smoke run shared by the tests below: (work dir, published models)."""
    root = tmp_path_factory.mktemp("smoke")
    work, out = root / "work", root / "models"
    _train(data_dir, work, out)
    return work, out


def test_smoke_training_publishes_models_and_resumes(
    data_dir: Path, trained: tuple[Path, Path]
) -> None:
    work, out = trained
    for name in ("tokenize.pt", "ner.pt", "pretrain.pt", "resources.json"):
        assert (out / name).stat().st_size > 0, name
    resources = json.loads((out / "resources.json").read_text())
    assert resources["en"] == {"lang_name": "English"}  # no packages: not the official tree
    assert resources["quotewise"]["models"] == {"tokenize": "tokenize.pt", "ner": "ner.pt"}

    started = time.monotonic()
    _train(data_dir, work, out)  # everything finished: only republishes
    assert time.monotonic() - started < 10


def test_warm_start_continues_from_published_models(
    data_dir: Path, trained: tuple[Path, Path], tmp_path: Path
) -> None:
    _, first = trained
    work, out = tmp_path / "work", tmp_path / "models"
    _train(data_dir, work, out, "--stage", "ner", "--warm-from", str(first))
    # The published vectors are kept, not retrained: continued models index them.
    assert (out / "pretrain.pt").read_bytes() == (first / "pretrain.pt").read_bytes()
    ner_log = (work / "logs" / "ner.log").read_text()
    assert f"--finetune --finetune_load_name {first / 'ner.pt'}" in ner_log
    assert "Finetune is ON" in ner_log
    assert (out / "ner.pt").stat().st_size > 0


def test_warm_start_needs_published_models(data_dir: Path, tmp_path: Path) -> None:
    args = ["train", "--profile", "smoke", "--data-dir", str(data_dir)]
    args += ["--work-dir", str(tmp_path / "w"), "--warm-from", str(tmp_path / "nothing")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code != 0
    assert "no published models" in result.output


def test_evaluate_scores_the_dev_split_for_choosing_models(
    data_dir: Path, trained: tuple[Path, Path]
) -> None:
    work, out = trained
    args = ["evaluate", "--profile", "smoke", "--data-dir", str(data_dir)]
    args += ["--work-dir", str(work), "--models", str(out), "--only", "ner", "--split", "dev"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output + repr(result.exception)
    scores = {row["name"]: row for row in json.loads((work / "eval" / "scores.json").read_text())}
    overall = scores["CoNLL-2003 testa: NER F1 (all)"]
    assert 0.0 <= float(overall["value"]) <= 100.0
    assert "--score_dev" in str(overall["command"])
    assert not any(name.startswith("CoNLL-2003 testb") for name in scores)
