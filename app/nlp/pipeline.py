"""Build a Stanza pipeline from local model files only; never touches the network.

Two directory layouts are understood:

* the shipped one (``models/stanza/en``): flat files ``tokenize.pt``, ``mwt.pt``, ``pos.pt``,
  ``lemma.pt``, ``depparse.pt``, ``ner.pt``, ``pretrain.pt`` and a ``resources.json`` naming
  English without packages; no ``en/`` folder; loaded with explicit model paths;
* the official ``stanza_resources`` tree (``resources.json`` with an ``en`` entry and an
  ``en/`` folder), for users who downloaded Stanza's own models.

Nothing is cached here: the caller (the service) keeps one pipeline alive itself.
"""

import json
import logging
from pathlib import Path
from typing import Any

import stanza
import torch

from app.core.config import get_settings

log = logging.getLogger(__name__)

DEFAULT_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
RESOURCES_FILE = "resources.json"
PRETRAIN_FILE = "pretrain.pt"
# Model file of each processor in the shipped layout.
SHIPPED_FILES: dict[str, str] = {
    "tokenize": "tokenize.pt",
    "mwt": "mwt.pt",
    "pos": "pos.pt",
    "lemma": "lemma.pt",
    "depparse": "depparse.pt",
    "ner": "ner.pt",
}
# Processors whose models look words up in the word vectors.
USES_PRETRAIN = ("pos", "depparse", "ner")
# Longest sentence handed to the tagger and parser. The parser's cost grows with the square
# of a sentence's length, so text without sentence punctuation (a list, a wall of quotation
# marks) would otherwise exhaust memory; real news sentences stay far below this.
MAX_SENTENCE_WORDS = 150

# Words per parser batch (Stanza's default: 5000). The parser scores every pair of words in
# a padded batch, so one batch holding a whole article (or several) pays for its shortest
# sentences at the length of its longest; batches of about a dozen length-sorted sentences
# cut that waste. The parses are the same; with one torch thread one article goes 25% faster
# and a bulk call 12%, with two 18% and 6% (``python benchmarks/depparse_batch.py``).
DEPPARSE_BATCH_WORDS = 300

TokenizedSentence = list[str | tuple[str, bool]]


def cap_sentence_length(sentences: list[TokenizedSentence]) -> list[TokenizedSentence]:
    """Stanza tokenizer post-processor: cut over-long sentences; offsets are recomputed."""
    capped: list[TokenizedSentence] = []
    for sentence in sentences:
        for start in range(0, len(sentence), MAX_SENTENCE_WORDS):
            capped.append(sentence[start : start + MAX_SENTENCE_WORDS])
    return capped


class ModelsNotFoundError(FileNotFoundError):
    """The model directory lacks files the requested processors need."""

    def __init__(self, stanza_dir: Path, missing: list[str]) -> None:
        self.stanza_dir = stanza_dir
        self.missing = missing
        super().__init__(
            f"Stanza models not found in {stanza_dir}: missing {', '.join(missing)}. "
            "Use the shipped models (models/stanza/en, from `quotewise models train`) or point "
            "QUOTEWISE_STANZA_DIR at a stanza_resources directory holding resources.json and en/."
        )


def is_official_layout(stanza_dir: Path) -> bool:
    """True for a ``stanza_resources`` tree: ``resources.json`` with ``en`` plus ``en/``."""
    resources = stanza_dir / RESOURCES_FILE
    if not resources.is_file() or not (stanza_dir / "en").is_dir():
        return False
    try:
        content = json.loads(resources.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(content, dict) and "en" in content


def _processor_list(processors: str) -> list[str]:
    return [name.strip() for name in processors.split(",") if name.strip()]


def shipped_model_paths(stanza_dir: Path, processors: str) -> dict[str, str]:
    """Stanza keyword arguments naming each model file; raise if any is missing."""
    names = _processor_list(processors)
    unknown = [name for name in names if name not in SHIPPED_FILES]
    if unknown:
        raise ValueError(f"no shipped model for processors {unknown}")
    wanted = [RESOURCES_FILE, *(SHIPPED_FILES[name] for name in names)]
    if any(name in USES_PRETRAIN for name in names):
        wanted.append(PRETRAIN_FILE)
    missing = [name for name in wanted if not (stanza_dir / name).is_file()]
    if missing:
        raise ModelsNotFoundError(stanza_dir, missing)
    kwargs: dict[str, str] = {}
    for name in names:
        kwargs[f"{name}_model_path"] = str(stanza_dir / SHIPPED_FILES[name])
        if name in USES_PRETRAIN:
            kwargs[f"{name}_pretrain_path"] = str(stanza_dir / PRETRAIN_FILE)
    return kwargs


def load_pipeline(
    stanza_dir: Path | None = None,
    *,
    processors: str = DEFAULT_PROCESSORS,
    torch_threads: int = 0,
) -> stanza.Pipeline:
    """Load English Stanza from ``stanza_dir`` (default: the ``stanza_dir`` setting).

    ``torch_threads`` > 0 caps torch's CPU threads (process-wide) before loading.
    Raises ``ModelsNotFoundError`` naming the missing files.
    """
    directory = Path(stanza_dir if stanza_dir is not None else get_settings().stanza_dir)
    if torch_threads > 0:
        torch.set_num_threads(torch_threads)
    common: dict[str, Any] = {
        "lang": "en",
        "dir": str(directory),
        "processors": processors,
        "download_method": None,
        "use_gpu": False,
        "logging_level": "WARN",
        "tokenize_postprocessor": cap_sentence_length,
        "depparse_batch_size": DEPPARSE_BATCH_WORDS,
    }
    if is_official_layout(directory):
        log.info("loading official Stanza models from %s", directory)
        return stanza.Pipeline(**common)
    if not directory.is_dir():
        raise ModelsNotFoundError(directory, [str(directory)])
    log.info("loading shipped Stanza models from %s", directory)
    paths = shipped_model_paths(directory, processors)
    return stanza.Pipeline(**common, allow_unknown_language=True, **paths)
