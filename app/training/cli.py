"""``quotewise models``: train the compact English Stanza models and score them.

Mounted by the main CLI; also runnable as ``python -m app.training.cli``.
"""

import json
import logging
from dataclasses import replace
from pathlib import Path

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from app.nlp.pipeline import PRETRAIN_FILE
from app.training.layout import WorkLayout
from app.training.profiles import Profile, get_profile
from app.training.resources import write_resources
from app.training.scheduler import run_stages, with_dependencies
from app.training.settings import get_training_settings
from app.training.stages import STAGE_NAMES, StageContext

app = typer.Typer(help="Train, publish and evaluate the shipped Stanza English models.")
console = Console()


def _logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(message)s",
        datefmt="%H:%M:%S",
        handlers=[RichHandler(console=console, show_path=False)],
        force=True,
    )


def _context(
    data_dir: Path | None,
    work_dir: Path | None,
    profile: str,
    threads: int,
    warm_from: Path | None = None,
) -> StageContext:
    settings = get_training_settings()
    chosen = get_profile(profile)
    root = (work_dir or settings.work_dir / chosen.name).resolve()
    layout = WorkLayout(root)
    layout.make_dirs()
    data = (data_dir or settings.data_dir).resolve()
    if not (data / "ud_english_ewt").is_dir():
        raise typer.BadParameter(f"no corpora in {data} (set --data-dir or QUOTEWISE_DATA_DIR)")
    return StageContext(
        data_dir=data,
        layout=layout,
        profile=chosen,
        threads=threads,
        warm_from=_warm_from(warm_from, chosen.warm_start, settings.models_out),
    )


def _warm_from(given: Path | None, profile_warm: bool, shipped: Path) -> Path | None:
    if given is not None:
        if not (given / PRETRAIN_FILE).exists():
            raise typer.BadParameter(f"--warm-from {given}: no published models there")
        return given.resolve()
    return shipped.resolve() if profile_warm else None


@app.command()
def train(
    data_dir: Path | None = typer.Option(None, help="Shared corpora (default QUOTEWISE_DATA_DIR)."),
    work_dir: Path | None = typer.Option(
        None, help="Scratch dir (default build/stanza-work/<profile>)."
    ),
    out: Path | None = typer.Option(None, help="Publish models here (default models/stanza/en)."),
    stage: list[str] | None = typer.Option(
        None, help=f"Only these stages: {', '.join(STAGE_NAMES)}."
    ),
    profile: str = typer.Option(
        "full",
        help="Sizes: smoke (CI), quick (first models), full, continue (more training, "
        "starting from the shipped models), gpu (continue, sized for 10-minute GPU runs).",
    ),
    lanes: int = typer.Option(2, help="Stages trained side by side."),
    threads: int = typer.Option(1, help="Torch threads per stage."),
    warm_from: Path | None = typer.Option(
        None,
        help="Continue from the models published in this directory (profile continue: the "
        "shipped ones) rather than from scratch.",
    ),
    cap: list[str] | None = typer.Option(
        None,
        help="STAGE=MINUTES: this run's wall-clock cap for a stage, replacing the profile's "
        "(e.g. to end by a deadline; the best-on-dev model so far is kept).",
    ),
) -> None:
    """Run every unfinished stage (resumable: finished stages are skipped) and publish models."""
    _logging()
    ctx = _context(data_dir, work_dir, profile, threads, warm_from)
    if cap:
        ctx = replace(ctx, profile=_with_caps(ctx.profile, cap))
    names = list(stage) if stage else list(STAGE_NAMES)
    unknown = [name for name in names if name not in STAGE_NAMES]
    if unknown:
        raise typer.BadParameter(f"unknown stages {unknown}; choose from {STAGE_NAMES}")
    target = (out or get_training_settings().models_out).resolve()
    stages = with_dependencies(names, ctx)
    results = run_stages(stages, ctx, lanes, target)
    if any(s.published_as is not None for s in stages):
        # Preparing data alone publishes no model, so the shipped record stays as it was.
        write_resources(target, ctx)
    console.print_json(json.dumps(results))


def _with_caps(profile: Profile, caps: list[str]) -> Profile:
    minutes = dict(profile.stage_minutes)
    for item in caps:
        stage, _, value = item.partition("=")
        if stage not in STAGE_NAMES:
            raise typer.BadParameter(f"--cap {item}: unknown stage; choose from {STAGE_NAMES}")
        try:
            minutes[stage] = float(value)
        except ValueError:
            raise typer.BadParameter(f"--cap {item}: expected STAGE=MINUTES") from None
    return replace(profile, stage_minutes=minutes)


@app.command()
def evaluate(
    data_dir: Path | None = typer.Option(None, help="Shared corpora (default QUOTEWISE_DATA_DIR)."),
    work_dir: Path | None = typer.Option(None, help="Work dir holding the prepared test data."),
    models: Path | None = typer.Option(None, help="Model dir to score (default models/stanza/en)."),
    profile: str = typer.Option("full", help="Profile whose work dir holds the prepared data."),
    only: list[str] | None = typer.Option(None, help="Only: tokenize, pos, lemma, depparse, ner."),
    threads: int = typer.Option(2, help="Torch threads."),
    split: str = typer.Option(
        "test", help="test (what the model card reports) or dev (for choosing between models)."
    ),
) -> None:
    """Score the models on the test splits (never training data) with Stanza's scorers."""
    from app.training.evaluate import Split, run_evaluation

    if split not in ("test", "dev"):
        raise typer.BadParameter(f"--split {split}: choose test or dev")
    _logging()
    ctx = _context(data_dir, work_dir, profile, threads)
    target = (models or get_training_settings().models_out).resolve()
    chosen: Split = "dev" if split == "dev" else "test"
    scores = run_evaluation(ctx, target, list(only) if only else None, chosen)
    table = Table("score", "value")
    for row in scores:
        table.add_row(row.name, f"{row.value:.2f}")
    console.print(table)
    _save_scores(ctx.layout.eval_dir / "scores.json", [row.as_dict() for row in scores])


def _save_scores(path: Path, rows: list[dict[str, object]]) -> None:
    """Merge into earlier results by score name, so stages can be scored as they finish."""
    earlier = json.loads(path.read_text()) if path.exists() else []
    merged = {str(row["name"]): row for row in earlier}
    merged.update({str(row["name"]): row for row in rows})
    path.write_text(json.dumps(list(merged.values()), indent=1))


if __name__ == "__main__":
    app()
