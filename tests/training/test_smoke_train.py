"""The training pipeline stays runnable: a tiny run on a slice of the shared corpora.

Trains the tokenizer and NER for a handful of steps (profile ``smoke``) into a temporary
work dir, checks the models get published, reruns to check finished stages are skipped,
and continues NER from the published models (``--warm-from``). Skipped, saying why, when
the shared corpora (``../shared/data`` beside the checkout, or ``QUOTEWISE_DATA_DIR``) are
absent. Full training is not part of CI.
"""

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.training.cli import app
from app.training.continue_tagger import continuing_trainer
from app.training.layout import SHORT_NAME, WorkLayout
from app.training.profiles import get_profile
from app.training.scheduler import run_stages, with_dependencies
from app.training.settings import get_training_settings
from app.training.stages import StageContext

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


def test_preparing_data_publishes_nothing(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    _train(data_dir, tmp_path / "work", out, "--stage", "prepare_ner")
    assert not (out / "resources.json").exists()


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


def test_parser_continues_on_data_retagged_with_the_published_tagger(
    data_dir: Path, tmp_path: Path
) -> None:
    """``depparse_tags="predicted"``: the parser's data carries our tagger's tags, not gold.

    Heads and relations stay the annotators'; only the tag columns change, and the gold-tag
    files that ``evaluate`` scores against are left alone. The published parser then
    continues on that data, although its tag counts (and so Stanza's rebuilt vocabularies)
    differ from the gold data it was trained on.
    """
    shipped = get_training_settings().models_out
    smoke = get_profile("smoke")
    profile = replace(
        smoke, depparse_tags="predicted", warm_start=True, depparse_steps=2, depparse_batch_size=500
    )
    layout = WorkLayout(tmp_path / "work")
    layout.make_dirs()
    ctx = StageContext(data_dir, layout, profile, threads=1, warm_from=shipped.resolve())
    run_stages(with_dependencies(["depparse"], ctx), ctx, lanes=1, out_dir=tmp_path / "out")

    name = f"{SHORT_NAME}.train.in.conllu"
    gold = _token_rows(layout.data_root / "depparse" / name)
    retagged = _token_rows(layout.retagged_depparse_dir / name)
    assert [row[:2] + row[6:8] for row in retagged] == [row[:2] + row[6:8] for row in gold]
    changed = sum(g[3] != r[3] for g, r in zip(gold, retagged, strict=True))
    assert 0 < changed < len(gold) * 0.2  # a real tagger: mostly right, not a copy of gold
    assert str(shipped.resolve() / "pos.pt") in (layout.logs / "retag_depparse.log").read_text()
    parser_log = (layout.logs / "depparse.log").read_text()
    assert f"--continue_from {shipped.resolve() / 'depparse.pt'}" in parser_log
    assert str(layout.retagged_depparse_dir) in parser_log
    assert (tmp_path / "out" / "depparse.pt").stat().st_size > 0


def test_tagger_continues_from_a_published_tagger(data_dir: Path, tmp_path: Path) -> None:
    """Stanza's tagger cannot resume; ``app.training.continue_tagger`` starts from the model."""
    first, out = tmp_path / "first", tmp_path / "out"
    _train(data_dir, tmp_path / "w1", first, "--stage", "pos")
    work = tmp_path / "w2"
    _train(data_dir, work, out, "--stage", "pos", "--warm-from", str(first))
    log = (work / "logs" / "pos.log").read_text()
    assert f"--continue_from {first.resolve() / 'pos.pt'}" in log
    assert f"continuing the tagger from {first.resolve() / 'pos.pt'}" in log
    assert (out / "pos.pt").stat().st_size > 0


def test_tagger_continuation_refuses_other_vocabularies() -> None:
    """A tagger indexes its own vocabularies: data indexed by others would be garbage."""
    shipped = get_training_settings().models_out / "pos.pt"
    if not shipped.exists():
        pytest.skip(f"no shipped tagger at {shipped}")
    build = continuing_trainer(str(shipped))

    class OtherVocab:
        def state_dict(self) -> dict[str, object]:
            return {"word": []}

    with pytest.raises(SystemExit, match="vocabularies differ"):
        build(args={}, vocab=OtherVocab())


def _token_rows(path: Path) -> list[list[str]]:
    """Word rows; enhanced-graph empty nodes (``8.1``) are dropped, as the retagger drops them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [row for row in rows if "." not in row[0]]


@pytest.mark.parametrize(("cap", "message"), [("parse=5", "unknown stage"), ("pos=soon", "STAGE")])
def test_cap_must_name_a_stage_and_minutes(
    data_dir: Path, tmp_path: Path, cap: str, message: str
) -> None:
    args = ["train", "--profile", "smoke", "--data-dir", str(data_dir)]
    args += ["--work-dir", str(tmp_path / "w"), "--cap", cap, "--stage", "pos"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code != 0
    assert message in result.output
