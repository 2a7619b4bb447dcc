"""The training stages, in dependency order, each one resumable on its own.

A stage that finished leaves ``done/<stage>.json`` in the work directory; a rerun skips it
and, for a model stage, only republishes the model. An unfinished stage (killed, crashed,
the session ended) starts over with ``--force``: Stanza's trainers cannot resume mid-run,
but stages are short enough that losing one is acceptable.
"""

import json
import logging
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.nlp.pipeline import PRETRAIN_FILE, SHIPPED_FILES
from app.training import corpora
from app.training.layout import NER_SHORT_NAME, TREEBANK, WorkLayout
from app.training.profiles import DEPPARSE_COMPACT, POS_COMPACT, Profile
from app.training.runner import run_module
from app.training.vectors import train_vectors

log = logging.getLogger(__name__)


class StageFailed(RuntimeError):
    """A Stanza script exited with an error, or left no model behind."""


@dataclass(frozen=True)
class StageContext:
    data_dir: Path
    layout: WorkLayout
    profile: Profile
    threads: int
    # A published model directory to continue training from (``--warm-from``), else None.
    warm_from: Path | None = None

    def env(self, **overrides: str) -> dict[str, str]:
        return {**self.layout.stanza_env(self.threads), **overrides}

    def log_file(self, stage: str) -> Path:
        return self.layout.logs / f"{stage}.log"


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    run: Callable[[StageContext], dict[str, object]]
    # File published into the shipped model directory, relative to the work dir.
    artifact: Callable[[WorkLayout], Path] | None = None
    published_as: str | None = None


def _stanza(
    ctx: StageContext,
    stage: str,
    module: str,
    args: list[str],
    env: dict[str, str] | None = None,
) -> dict[str, object]:
    result = run_module(
        module,
        args,
        env=env or ctx.env(),
        log_file=ctx.log_file(stage),
        cwd=ctx.layout.root,
        minutes=ctx.profile.stage_minutes.get(stage),
    )
    if result.returncode != 0 and not result.timed_out:
        raise StageFailed(f"{module} exited with {result.returncode}; see {ctx.log_file(stage)}")
    return {"seconds": round(result.seconds, 1), "stopped_at_time_cap": result.timed_out}


def _prepare_ud(ctx: StageContext) -> dict[str, object]:
    layout = ctx.layout
    corpora.write_ud_treebank(ctx.data_dir, layout, ctx.profile.ud_sentence_limit)
    start = time.monotonic()
    for module, extra in (
        ("stanza.utils.datasets.prepare_tokenizer_treebank", []),
        ("stanza.utils.datasets.prepare_mwt_treebank", []),
        ("stanza.utils.datasets.prepare_pos_treebank", []),
        ("stanza.utils.datasets.prepare_lemma_treebank", ["--gold", "--no_lemma_classifier"]),
        ("stanza.utils.datasets.prepare_depparse_treebank", ["--gold"]),
    ):
        _stanza(ctx, "prepare_ud", module, [TREEBANK, *extra])
    news = corpora.write_gum_news_test(ctx.data_dir, layout)
    return {"seconds": round(time.monotonic() - start, 1), "gum_news_test_sentences": news}


def _prepare_ner(ctx: StageContext) -> dict[str, object]:
    layout = ctx.layout
    layout.ner_dir.mkdir(parents=True, exist_ok=True)
    for split, name in corpora.CONLL03.items():
        source = corpora.slice_conll03(
            ctx.data_dir / "conll2003" / name,
            layout.root / "conll03-slice" / name,
            ctx.profile.ner_sentence_limit,
        )
        target = layout.ner_dir / f"{NER_SHORT_NAME}.{split}.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "stanza.utils.datasets.ner.prepare_ner_file",
                str(source),
                str(target),
            ],
            check=True,
            env=ctx.env(),
            stdout=subprocess.DEVNULL,
        )
    return {}


def _warm(ctx: StageContext, published_as: str) -> Path | None:
    """The published model a warm-started stage continues from (None: train from scratch)."""
    if ctx.warm_from is None:
        return None
    if not (ctx.warm_from / published_as).exists():
        raise StageFailed(f"cannot continue from {ctx.warm_from / published_as}: not found")
    return ctx.warm_from / published_as


def _vectors(ctx: StageContext) -> dict[str, object]:
    shipped = _warm(ctx, PRETRAIN_FILE)
    if shipped is not None:
        # Continued models index the vectors they were trained with: keep them unchanged.
        ctx.layout.pretrain_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shipped, ctx.layout.pretrain_file)
        return {"copied_from": str(shipped)}
    p = ctx.profile
    start = time.monotonic()
    train_vectors(
        ctx.data_dir,
        ctx.layout.vectors_dir,
        dim=p.vector_dim,
        epochs=p.vector_epochs,
        max_vocab=p.vector_max_vocab,
        skipgram=p.vector_skipgram,
        news_limit=p.news_line_limit,
        threads=ctx.threads,
    )
    return {"seconds": round(time.monotonic() - start, 1)}


def _warm_args(ctx: StageContext, published_as: str, *flags: str) -> list[str]:
    """Stanza's own options for starting from a saved model (its path follows the last flag)."""
    shipped = _warm(ctx, published_as)
    return [] if shipped is None else [*flags, str(shipped)]


def _save_args(ctx: StageContext, kind: str) -> list[str]:
    return [
        "--save_dir",
        str(ctx.layout.saved_models / kind),
        "--save_name",
        f"{kind}.pt",
        "--force",
    ]


def _pretrain_args(ctx: StageContext) -> list[str]:
    return ["--no_charlm", "--wordvec_pretrain_file", str(ctx.layout.pretrain_file)]


def _tokenize(ctx: StageContext) -> dict[str, object]:
    p = ctx.profile
    return _stanza(
        ctx,
        "tokenize",
        "stanza.utils.training.run_tokenizer",
        [
            TREEBANK,
            "--no_charlm",
            *_save_args(ctx, "tokenize"),
            "--steps",
            str(p.tokenizer_steps),
            "--eval_steps",
            str(p.tokenizer_eval_steps),
        ],
    )


def _mwt(ctx: StageContext) -> dict[str, object]:
    return _stanza(
        ctx,
        "mwt",
        "stanza.utils.training.run_mwt",
        [
            TREEBANK,
            *_save_args(ctx, "mwt"),
            "--num_epoch",
            str(ctx.profile.mwt_epochs),
        ],
    )


def _lemma(ctx: StageContext) -> dict[str, object]:
    p = ctx.profile
    size = ["--dict_only"] if p.lemma_dict_only else ["--num_epoch", str(p.lemma_epochs)]
    return _stanza(
        ctx,
        "lemma",
        "stanza.utils.training.run_lemma",
        [
            TREEBANK,
            "--no_charlm",
            "--no_lemma_classifier",
            *_save_args(ctx, "lemma"),
            *size,
        ],
    )


def _pos(ctx: StageContext) -> dict[str, object]:
    p = ctx.profile
    return _stanza(
        ctx,
        "pos",
        # Stanza's run_pos, able to start from a published tagger (see the module).
        "app.training.continue_tagger",
        [
            TREEBANK,
            *_pretrain_args(ctx),
            *_save_args(ctx, "pos"),
            *POS_COMPACT,
            *_warm_args(ctx, SHIPPED_FILES["pos"], "--continue_from"),
            "--lr",
            str(p.pos_lr),
            "--batch_size",
            str(p.pos_batch_size),
            "--max_steps",
            str(p.pos_steps),
            "--eval_interval",
            str(min(p.pos_eval_interval, p.pos_steps)),
            "--max_steps_before_stop",
            str(p.pos_patience),
        ],
    )


def _depparse_env(ctx: StageContext) -> dict[str, str]:
    """The parser's data: gold tags, or the ``retag_depparse`` stage's predicted ones."""
    if ctx.profile.depparse_tags == "gold":
        return ctx.env()
    return ctx.env(DEPPARSE_DATA_DIR=str(ctx.layout.retagged_depparse_dir))


def _retag_depparse(ctx: StageContext) -> dict[str, object]:
    """Parser training data with the tagger's own tags instead of the annotators'.

    At run time the parser sees predicted tags; trained on gold ones it trusts every tag, and
    each tagger error costs attachments (MODELS.md gives LAS with gold and with predicted
    tags). Stanza's own recipe retags with the tagger that ships beside the parser; the
    dataset goes to its own directory so the gold-tag files, which ``evaluate`` scores
    against, stay as they are.
    """
    if ctx.profile.depparse_tags == "gold":
        return {"skipped": True}
    tagger = _warm(ctx, SHIPPED_FILES["pos"]) or _model("pos")(ctx.layout)
    if not tagger.exists():
        raise StageFailed(f"predicted tags need a tagger: none at {tagger} (train pos first)")
    return {
        **_stanza(
            ctx,
            "retag_depparse",
            "stanza.utils.datasets.prepare_depparse_treebank",
            [
                TREEBANK,
                "--predicted",
                "--tagger_model",
                str(tagger),
                "--wordvec_pretrain_file",
                str(ctx.layout.pretrain_file),
                "--no_charlm",
            ],
            env=_depparse_env(ctx),
        ),
        "tagger": str(tagger),
    }


def _depparse(ctx: StageContext) -> dict[str, object]:
    p = ctx.profile
    return _stanza(
        ctx,
        "depparse",
        # Stanza's run_depparse, able to continue on retagged data (see the module).
        "app.training.continue_parser",
        [
            TREEBANK,
            *_pretrain_args(ctx),
            *_save_args(ctx, "depparse"),
            *DEPPARSE_COMPACT,
            "--batch_size",
            str(p.depparse_batch_size),
            "--max_steps",
            str(p.depparse_steps),
            "--eval_interval",
            str(min(p.depparse_eval_interval, p.depparse_steps)),
            *_warm_args(ctx, SHIPPED_FILES["depparse"], "--continue_from"),
        ],
        env=_depparse_env(ctx),
    )


def _ner(ctx: StageContext) -> dict[str, object]:
    p = ctx.profile
    return _stanza(
        ctx,
        "ner",
        "stanza.utils.training.run_ner",
        [
            NER_SHORT_NAME,
            *_pretrain_args(ctx),
            *_save_args(ctx, "ner"),
            "--max_steps",
            str(p.ner_steps),
            "--eval_interval",
            str(min(p.ner_eval_interval, p.ner_steps)),
            "--lr",
            str(p.ner_lr),
            *_warm_args(ctx, SHIPPED_FILES["ner"], "--finetune", "--finetune_load_name"),
        ],
    )


def _ner_more(ctx: StageContext) -> dict[str, object]:
    """Continue NER training from the ``ner`` stage's best model (a second time budget).

    NER gains the most from more steps and stops at its cap long before converging here;
    continuing in a separate stage lets it use a lane that frees up, without redoing the
    first part. The published model is whichever of the two scores higher on dev.
    """
    p = ctx.profile
    if p.ner_more_steps <= 0:
        return {"skipped": True}
    result = _stanza(
        ctx,
        "ner_more",
        "stanza.utils.training.run_ner",
        [
            NER_SHORT_NAME,
            *_pretrain_args(ctx),
            *_save_args(ctx, "ner_more"),
            "--finetune",
            "--finetune_load_name",
            str(_model("ner")(ctx.layout)),
            "--max_steps",
            str(p.ner_more_steps),
            "--eval_interval",
            str(min(p.ner_eval_interval, p.ner_more_steps)),
        ],
    )
    first, second = best_dev_score(ctx.log_file("ner")), best_dev_score(ctx.log_file("ner_more"))
    return {**result, "dev_f1_before": first, "dev_f1_after": second}


_DEV_SCORE = re.compile(r"dev_score = ([0-9.]+)")


def best_dev_score(log_file: Path) -> float | None:
    """Best ``dev_score`` a Stanza trainer logged in its latest run (runs start with ``###``)."""
    if not log_file.exists():
        return None
    latest = log_file.read_text(encoding="utf-8", errors="replace").rsplit("\n### ", 1)[-1]
    scores = [float(value) for value in _DEV_SCORE.findall(latest)]
    return max(scores) if scores else None


def _best_ner(layout: WorkLayout) -> Path:
    """The continued NER model if it beat the first one on dev, else the first."""
    first, more = _model("ner")(layout), _model("ner_more")(layout)
    logs = layout.logs
    before, after = best_dev_score(logs / "ner.log"), best_dev_score(logs / "ner_more.log")
    if more.exists() and after is not None and (before is None or after > before):
        return more
    return first


def _model(kind: str) -> Callable[[WorkLayout], Path]:
    return lambda layout: layout.saved_models / kind / f"{kind}.pt"


STAGES: tuple[Stage, ...] = (
    Stage("prepare_ud", (), _prepare_ud),
    Stage("prepare_ner", (), _prepare_ner),
    Stage("vectors", (), _vectors, lambda layout: layout.pretrain_file, "pretrain.pt"),
    Stage("retag_depparse", ("prepare_ud", "vectors"), _retag_depparse),
    Stage(
        "depparse",
        ("prepare_ud", "vectors", "retag_depparse"),
        _depparse,
        _model("depparse"),
        "depparse.pt",
    ),
    Stage("ner", ("prepare_ner", "vectors"), _ner, _model("ner"), "ner.pt"),
    Stage("pos", ("prepare_ud", "vectors"), _pos, _model("pos"), "pos.pt"),
    Stage("tokenize", ("prepare_ud",), _tokenize, _model("tokenize"), "tokenize.pt"),
    Stage("mwt", ("prepare_ud",), _mwt, _model("mwt"), "mwt.pt"),
    Stage("lemma", ("prepare_ud",), _lemma, _model("lemma"), "lemma.pt"),
    Stage("ner_more", ("ner",), _ner_more, _best_ner, "ner.pt"),
)
STAGE_NAMES = tuple(stage.name for stage in STAGES)


def marker(layout: WorkLayout, name: str) -> Path:
    return layout.markers / f"{name}.json"


def is_done(layout: WorkLayout, name: str) -> bool:
    return marker(layout, name).exists()


def run_stage(stage: Stage, ctx: StageContext, out_dir: Path | None) -> dict[str, object]:
    """Run ``stage`` unless its marker exists; publish its model either way."""
    layout = ctx.layout
    if is_done(layout, stage.name):
        info: dict[str, object] = json.loads(marker(layout, stage.name).read_text())
        log.info("%s: already done, skipping", stage.name)
    else:
        log.info("%s: starting", stage.name)
        info = {
            "stage": stage.name,
            "profile": ctx.profile.name,
            **stage.run(ctx),
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        if stage.artifact is not None:
            _check_model(stage, stage.artifact(layout), bool(info.get("stopped_at_time_cap")))
        marker(layout, stage.name).write_text(json.dumps(info, indent=1))
        log.info("%s: done %s", stage.name, info)
    if out_dir is not None and stage.artifact is not None and stage.published_as is not None:
        publish(stage.artifact(layout), out_dir / stage.published_as)
    return info


def _check_model(stage: Stage, path: Path, stopped: bool) -> None:
    """A stage must leave a model; one stopped at its time cap must also leave a readable one
    (the stop could in principle land mid-save)."""
    if not path.exists():
        raise StageFailed(f"{stage.name} left no model at {path}")
    if stopped:
        import torch

        try:
            torch.load(path, map_location="cpu", weights_only=False)
        except Exception as error:
            raise StageFailed(f"{stage.name}: model {path} unreadable after stop") from error


def publish(source: Path, target: Path) -> None:
    """Copy a finished model into the shipped directory, atomically (the service may be reading)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)
