"""Score a model directory on the test splits with Stanza's own scorers.

Each score comes from a Stanza ``run_*`` script in ``--score_test`` mode pointed at the
shipped model file (so the number belongs to the file that ships), except LAS with
predicted tags, which runs the shipped tagger and parser in one Stanza pipeline over EWT
test's gold words and scores with Stanza's CoNLL 2018 scorer (``ud_scores``).
Nothing here reads a training split.
"""

import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

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
    (ctx.layout.eval_dir / f"{module.rsplit('.', 1)[-1]}-{args[0]}.log").write_text(output)
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


def score_tokenizer(ctx: StageContext, models: Path) -> list[Score]:
    if not (ctx.layout.tokenize_dir / f"{GUM_NEWS_SHORT_NAME}.test.txt").exists():
        corpora.write_gum_news_test(ctx.data_dir, ctx.layout)
    scores = []
    for treebank, label in ((TREEBANK, "EWT test"), (GUM_NEWS_TREEBANK, "GUM news test")):
        output, command = _script(
            ctx,
            "stanza.utils.training.run_tokenizer",
            [treebank, "--score_test", "--no_charlm", *_model_args(models, "tokenize")],
        )
        table = _table(output, ["Tokens", "Sentences", "Words"])
        scores += [Score(f"{label}: {name} F1", value, command) for name, value in table.items()]
    return scores


def score_pos(ctx: StageContext, models: Path) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_pos",
        [TREEBANK, "--score_test", *_pretrain(models), *_model_args(models, "pos")],
    )
    table = _table(output, ["UPOS", "XPOS", "UFeats", "AllTags"])
    return [
        Score(f"EWT test: {name} (gold tokens)", table[name], command)
        for name in ("UPOS", "XPOS", "UFeats")
    ]


def score_lemma(ctx: StageContext, models: Path) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_lemma",
        [
            TREEBANK,
            "--score_test",
            "--no_charlm",
            "--no_lemma_classifier",
            *_model_args(models, "lemma"),
        ],
    )
    match = re.findall(r"[Ll]emma score:?\s.*?" + _NUMBER, output)
    value = float(match[-1]) if match else _table(output, ["Lemmas"])["Lemmas"]
    return [Score("EWT test: lemma accuracy (gold tags)", value, command)]


def score_depparse_gold(ctx: StageContext, models: Path) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_depparse",
        [TREEBANK, "--score_test", *_pretrain(models), *_model_args(models, "depparse")],
    )
    table = _table(output, ["UAS", "LAS", "CLAS", "MLAS", "BLEX"])
    return [
        Score(f"EWT test: {name} (gold tokens, gold tags)", table[name], command)
        for name in ("UAS", "LAS")
    ]


def score_depparse_predicted(ctx: StageContext, models: Path) -> list[Score]:
    """UPOS/UAS/LAS with the shipped tagger, lemmatizer and parser on gold words."""
    import stanza
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    gold = ctx.layout.data_root / "depparse" / f"{SHORT_NAME}.test.in.conllu"
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
    pred_file = ctx.layout.eval_dir / "ewt-test-predicted-tags.conllu"
    CoNLL.write_doc2conll(predicted, str(pred_file))
    evaluation = ud_scores(str(gold), str(pred_file))
    command = "python -m app.training.cli evaluate --only depparse"
    return [
        Score(f"EWT test: {name} (gold tokens, predicted tags)", 100 * evaluation[name].f1, command)
        for name in ("UPOS", "UAS", "LAS")
    ]


def score_ner(ctx: StageContext, models: Path) -> list[Score]:
    output, command = _script(
        ctx,
        "stanza.utils.training.run_ner",
        [NER_SHORT_NAME, "--score_test", *_pretrain(models), *_model_args(models, "ner")],
    )
    overall = re.findall(r"NER tagger score: .*? " + _NUMBER + r"\s*$", output, re.MULTILINE)
    scores = [Score("CoNLL-2003 testb: NER F1 (all)", float(overall[-1]), command)]
    for tag in ("PER", "ORG", "LOC", "MISC"):
        found = re.findall(rf"^\s*{tag}: {_NUMBER}", output, re.MULTILINE)
        if found:
            scores.append(Score(f"CoNLL-2003 testb: NER F1 {tag}", float(found[-1]), command))
    return scores


SCORERS = {
    "tokenize": [score_tokenizer],
    "pos": [score_pos],
    "lemma": [score_lemma],
    "depparse": [score_depparse_gold, score_depparse_predicted],
    "ner": [score_ner],
}


def run_evaluation(ctx: StageContext, models: Path, only: list[str] | None) -> list[Score]:
    chosen = only or list(SCORERS)
    unknown = [name for name in chosen if name not in SCORERS]
    if unknown:
        raise ValueError(f"unknown scorers {unknown}; choose from {list(SCORERS)}")
    scores: list[Score] = []
    for name in chosen:
        for scorer in SCORERS[name]:
            scores += scorer(ctx, models)
    return scores
