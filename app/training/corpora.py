"""Read the shared corpora and write them where Stanza's preparers expect them.

EWT and GUM are trained on together (more genres, including news) under one treebank
name; dev and test stay EWT's so that model selection and scores match the targets.
GUM's test news documents become a separate test-only set for sentence splitting on news.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from app.training.layout import GUM_NEWS_SHORT_NAME, SHORT_NAME, WorkLayout

EWT = ("ud_english_ewt", "en_ewt-ud-{split}.conllu")
GUM = ("ud_english_gum", "en_gum-ud-{split}.conllu")
CONLL03 = {"train": "eng.train", "dev": "eng.testa", "test": "eng.testb"}


def corpus_file(data_dir: Path, corpus: tuple[str, str], split: str) -> Path:
    folder, pattern = corpus
    return data_dir / folder / pattern.format(split=split)


def read_conllu_sentences(path: Path) -> Iterator[list[str]]:
    """Yield each sentence as its lines (comments included), without the blank line."""
    block: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip():
                block.append(line)
            elif block:
                yield block
                block = []
    if block:
        yield block


def write_conllu(path: Path, sentences: Iterable[list[str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.write("\n".join(sentence) + "\n\n")
            count += 1
    return count


def _limited(sentences: Iterable[list[str]], limit: int | None) -> Iterator[list[str]]:
    for index, sentence in enumerate(sentences):
        if limit is not None and index >= limit:
            return
        yield sentence


def _news_documents(path: Path) -> Iterator[list[str]]:
    """Sentences of the ``GUM_news_*`` documents (a ``# newdoc id`` line opens each doc)."""
    in_news = False
    for sentence in read_conllu_sentences(path):
        for line in sentence:
            if line.startswith("# newdoc id"):
                in_news = line.split("=", 1)[1].strip().startswith("GUM_news_")
        if in_news:
            yield sentence


def write_ud_treebank(data_dir: Path, layout: WorkLayout, limit: int | None) -> None:
    """UD_English-EWTGUM: train = EWT+GUM train, dev/test = EWT dev/test."""
    out = layout.treebank_dir
    train = [
        *_limited(read_conllu_sentences(corpus_file(data_dir, EWT, "train")), limit),
        *_limited(read_conllu_sentences(corpus_file(data_dir, GUM, "train")), limit),
    ]
    write_conllu(out / f"{SHORT_NAME}-ud-train.conllu", train)
    for split in ("dev", "test"):
        sents = _limited(read_conllu_sentences(corpus_file(data_dir, EWT, split)), limit)
        write_conllu(out / f"{SHORT_NAME}-ud-{split}.conllu", sents)


def gum_news_gold(layout: WorkLayout) -> Path:
    return layout.tokenize_dir / f"{GUM_NEWS_SHORT_NAME}.test.gold.conllu"


def write_gum_news_test(data_dir: Path, layout: WorkLayout) -> int:
    """Test files of GUM test's news documents, named as ``run_tokenizer`` expects.

    Gold conllu, its raw text and MWT list, so that ``run_tokenizer UD_English-NEWSGUM
    --score_test`` scores sentence splitting on news with Stanza's own scorer.
    """
    from stanza.utils.datasets.common import (
        convert_conllu_to_txt,
        prepare_tokenizer_dataset_labels,
    )

    gold = gum_news_gold(layout)
    count = write_conllu(gold, _news_documents(corpus_file(data_dir, GUM, "test")))
    tokenize_dir = str(layout.tokenize_dir)
    convert_conllu_to_txt(tokenize_dir, GUM_NEWS_SHORT_NAME, shards=("test",))
    text = layout.tokenize_dir / f"{GUM_NEWS_SHORT_NAME}.test.txt"
    prepare_tokenizer_dataset_labels(
        str(text), str(gold), tokenize_dir, GUM_NEWS_SHORT_NAME, "test"
    )
    return count


def slice_conll03(source: Path, target: Path, limit: int | None) -> Path:
    """Copy the first ``limit`` sentences of a CoNLL-2003 file (all when ``None``)."""
    if limit is None:
        return source
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = 0
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for line in src:
            dst.write(line)
            if not line.strip():
                kept += 1
                if kept >= limit:
                    break
    return target
