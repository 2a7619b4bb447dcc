"""Word vectors for Stanza, trained here because the official ones need a download.

word2vec over lowercased news text plus the training splits of the treebanks and
CoNLL-2003 (Stanza looks words up in the pretrain lowercased). Test and dev splits are
left out so that no scored text is seen, even without labels.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from app.training.corpora import CONLL03, EWT, GUM, corpus_file, read_conllu_sentences

# Close to UD/PTB tokens: contractions split off (do|n't, it|'s), punctuation alone.
_TOKEN = re.compile(r"[A-Za-z]+(?=n't\b)|n't\b|'[A-Za-z]+\b|\w+(?:[-.,']\w+)*|[^\w\s]")


def tokenize_line(line: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(line)]


def _news_lines(data_dir: Path, limit: int | None) -> Iterator[list[str]]:
    count = 0
    for path in sorted((data_dir / "newstext").glob("*.txt")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                tokens = tokenize_line(line)
                if tokens:
                    yield tokens
                    count += 1
                    if limit is not None and count >= limit:
                        return


def _ud_train(data_dir: Path) -> Iterator[list[str]]:
    for corpus in (EWT, GUM):
        for sentence in read_conllu_sentences(corpus_file(data_dir, corpus, "train")):
            words = [
                cols[1].lower()
                for cols in (line.split("\t") for line in sentence if not line.startswith("#"))
                if len(cols) > 1 and cols[0].isdigit()
            ]
            if words:
                yield words


def _conll_train(data_dir: Path) -> Iterator[list[str]]:
    words: list[str] = []
    with (data_dir / "conll2003" / CONLL03["train"]).open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("-DOCSTART-"):
                continue
            parts = line.split()
            if parts:
                words.append(parts[0].lower())
            elif words:
                yield words
                words = []
    if words:
        yield words


def training_text(data_dir: Path, limit: int | None) -> list[list[str]]:
    """Tokenized sentences from every source; ``limit`` caps each source (for smoke runs)."""
    sources = (_news_lines(data_dir, limit), _ud_train(data_dir), _conll_train(data_dir))
    return [sentence for source in sources for sentence in islice(source, limit)]


def train_vectors(
    data_dir: Path,
    out_dir: Path,
    *,
    dim: int,
    epochs: int,
    max_vocab: int,
    skipgram: int,
    news_limit: int | None,
    threads: int,
) -> Path:
    """Train word2vec, write text vectors, convert to a Stanza ``pretrain.pt``."""
    from gensim.models import Word2Vec

    out_dir.mkdir(parents=True, exist_ok=True)
    sentences = training_text(data_dir, news_limit)
    model = Word2Vec(
        sentences=sentences,
        vector_size=dim,
        window=5,
        min_count=2,
        sg=skipgram,
        max_final_vocab=max_vocab,
        workers=max(threads, 1),
        epochs=epochs,
        seed=1,
    )
    text_vectors = out_dir / "vectors.txt"
    model.wv.save_word2vec_format(str(text_vectors), binary=False)
    pretrain = out_dir / "pretrain.pt"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "stanza.models.common.convert_pretrain",
            str(pretrain),
            str(text_vectors),
            "-1",
        ],
        check=True,
    )
    return pretrain
