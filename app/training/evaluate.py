"""Score a model directory on the test (or dev) splits with Stanza's own scorers.

Each score comes from a Stanza ``run_*`` script in ``--score_test`` mode pointed at the
shipped model file (so the number belongs to the file that ships), except LAS with
predicted tags, which runs the shipped tagger and parser in one Stanza pipeline over EWT
test's gold words and scores with Stanza's CoNLL 2018 scorer (``ud_scores``).
Nothing here reads a training split. The dev split (``--score_dev``; CoNLL-2003 testa) is
for choosing between two trained models, so that the test split is only ever reported.
"""

import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from app.nlp.pipeline import PRETRAIN_FILE, SHIPPED_FILES, shipped_model_paths
from app.training import corpora
from app.training.layout import (
    GUM_NEWS_SHORT_NAME,
    GUM_NEWS_TREEBANK,
    NER_SHORT_NAME,
    SHORT_NAME,
    TREEBANK,
)
from app.training.stages import StageContext

_NUMBER = r"(\d+\.\d+)"

Split = Literal["test", "dev"]
# How each corpus names the split in score labels.
_EWT = {"test": "EWT test", "dev": "EWT dev"}
_CONLL = {"test": "CoNLL-2003 testb", "dev": "CoNLL-2003 testa"}


@dataclass(frozen=True)
class Score:
    name: str
    value: float
    command: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _script(ctx: StageContext, module: str, args: list[str]) -> tuple[str, str]:
    """Run a Stanza script; return its combined output and the command line, for the card."""
    command = [sys.executable, "-m", module, *args]
    done = subprocess.run(
        command, env=ctx.env(), cwd=ctx.layout.root, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    split = args[1].removeprefix("--score_")
    (ctx.layout.eval_dir / f"{module.rsplit('.', 1)[-1]}-{args[0]}-{split}.log").write_text(output)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return output, " ".join(["python -m", module, *args])


def _table(output: str, header: list[str]) -> dict[str, float]:
    """Parse Stanza's two-line result table (names line, then numbers line); the last one."""
    lines = output.splitlines()
    found: dict[str, float] = {}
    for index, line in enumerate(lines[:-1]):
        if line.split() == header:
            values = lines[index + 1].split()
            found = {name: float(value) for name, value in zip(header, values, strict=False)}
    if not found:
        raise RuntimeError(f"no {header} table in output")
    return found


def _model_args(models: Path, kind: str) -> list[str]:
    return ["--save_dir", str(models), "--save_name", SHIPPED_FILES[kind]]


def _pretrain(models: Path) -> list[str]:
    return ["--no_charlm", "--wordvec_pretrain_file", str(models / PRETRAIN_FILE)]


def score_tokenizer(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    sets = [(TREEBANK, _EWT[split])]
    if split == "test":  # GUM's news documents are prepared as a test set only
        sets.append((GUM_NEWS_TREEBANK, "GUM news test"))
        if not (ctx.layout.tokenize_dir / f"{GUM_NEWS_SHORT_NAME}.test.txt").exists():
            corpora.write_gum_news_test(ctx.data_dir, ctx.layout)
    scores = []
    for treebank, label in sets:
        output, command = _script(
            ctx,
            "stanza.utils.training.run_tokenizer",
            [treebank, f"--score_{split}", "--no_charlm", *_model_args(models, "tokenize")],
        )
        table = _table(output, ["Tokens", "Sentences", "Words"])
        scores += [Score(f"{label}: {name} F1", value, command) for name, value in table.items()]
    return scores


def score_pos(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_pos",
        [TREEBANK, f"--score_{split}", *_pretrain(models), *_model_args(models, "pos")],
    )
    table = _table(output, ["UPOS", "XPOS", "UFeats", "AllTags"])
    return [
        Score(f"{_EWT[split]}: {name} (gold tokens)", table[name], command)
        for name in ("UPOS", "XPOS", "UFeats")
    ]


def score_lemma(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_lemma",
        [
            TREEBANK,
            f"--score_{split}",
            "--no_charlm",
            "--no_lemma_classifier",
            *_model_args(models, "lemma"),
        ],
    )
    match = re.findall(r"[Ll]emma score:?\s.*?" + _NUMBER, output)
    value = float(match[-1]) if match else _table(output, ["Lemmas"])["Lemmas"]
    return [Score(f"{_EWT[split]}: lemma accuracy (gold tags)", value, command)]


def score_depparse_gold(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_depparse",
        [TREEBANK, f"--score_{split}", *_pretrain(models), *_model_args(models, "depparse")],
    )
    table = _table(output, ["UAS", "LAS", "CLAS", "MLAS", "BLEX"])
    return [
        Score(f"{_EWT[split]}: {name} (gold tokens, gold tags)", table[name], command)
        for name in ("UAS", "LAS")
    ]


def score_depparse_predicted(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    """UPOS/UAS/LAS with the shipped tagger, lemmatizer and parser on gold words."""
    import stanza
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    gold = ctx.layout.data_root / "depparse" / f"{SHORT_NAME}.{split}.in.conllu"
    doc = CoNLL.conll2doc(input_file=str(gold))
    words = [[word.text for word in sentence.words] for sentence in doc.sentences]
    processors = "tokenize,pos,lemma,depparse"
    paths = shipped_model_paths(models, processors)
    paths.pop("tokenize_model_path")
    nlp = stanza.Pipeline(
        lang="en",
        dir=str(models),
        processors=processors,
        download_method=None,
        allow_unknown_language=True,
        tokenize_pretokenized=True,
        use_gpu=False,
        logging_level="WARN",
        **paths,
    )
    predicted = nlp(words)
    pred_file = ctx.layout.eval_dir / f"ewt-{split}-predicted-tags.conllu"
    CoNLL.write_doc2conll(predicted, str(pred_file))
    evaluation = ud_scores(str(gold), str(pred_file))
    command = "python -m app.training.cli evaluate --only depparse"
    return [
        Score(
            f"{_EWT[split]}: {name} (gold tokens, predicted tags)",
            100 * evaluation[name].f1,
            command,
        )
        for name in ("UPOS", "UAS", "LAS")
    ]


def score_ner(ctx: StageContext, models: Path, split: Split) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_ner",
        [NER_SHORT_NAME, f"--score_{split}", *_pretrain(models), *_model_args(models, "ner")],
    )
    overall = re.findall(r"NER tagger score: .*? " + _NUMBER + r"\s*$", output, re.MULTILINE)
    label = _CONLL[split]
    scores = [Score(f"{label}: NER F1 (all)", float(overall[-1]), command)]
    for tag in ("PER", "ORG", "LOC", "MISC"):
        found = re.findall(rf"^\s*{tag}: {_NUMBER}", output, re.MULTILINE)
        if found:
            scores.append(Score(f"{label}: NER F1 {tag}", float(found[-1]), command))
    return scores


SCORERS = {
    "tokenize": [score_tokenizer],
    "pos": [score_pos],
    "lemma": [score_lemma],
    "depparse": [score_depparse_gold, score_depparse_predicted],
    "ner": [score_ner],
}


def run_evaluation(
    ctx: StageContext, models: Path, only: list[str] | None, split: Split = "test"
) -> list[Score]:
    chosen = only or list(SCORERS)
    unknown = [name for name in chosen if name not in SCORERS]
    if unknown:
        raise ValueError(f"unknown scorers {unknown}; choose from {list(SCORERS)}")
    scores: list[Score] = []
    for name in chosen:
        for scorer in SCORERS[name]:
            scores += scorer(ctx, models, split)
    return scores
