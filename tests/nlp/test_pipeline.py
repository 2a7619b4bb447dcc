"""The shipped Stanza models, run on the seed articles: real output, not mocks.

Skipped (with the reason) when the model files are absent, e.g. in a checkout without
``models/stanza/en``. Marked slow: loading and running six models takes a few seconds.
"""

from pathlib import Path

import pytest
import stanza

from app.core.config import SHIPPED_MODELS_DIR
from app.nlp.pipeline import (
    DEPPARSE_BATCH_WORDS,
    ModelsNotFoundError,
    is_official_layout,
    load_pipeline,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
PERSON_TYPES = {"PER", "PERSON"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> stanza.Pipeline:
    try:
        return load_pipeline(SHIPPED_MODELS_DIR, torch_threads=2)
    except ModelsNotFoundError as error:
        pytest.skip(f"shipped Stanza models absent: {error}")


@pytest.fixture(scope="module")
def docs(nlp: stanza.Pipeline) -> dict[str, stanza.Document]:
    return {
        path.stem[-1]: nlp(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))
    }


def _people(doc: stanza.Document) -> set[str]:
    return {ent.text for ent in doc.ents if ent.type in PERSON_TYPES}


def test_missing_models_raise_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelsNotFoundError) as caught:
        load_pipeline(tmp_path)
    assert "tokenize.pt" in str(caught.value)
    assert "pretrain.pt" in str(caught.value)


def test_official_layout_is_detected(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "resources.json").write_text('{"en": {"lang_name": "English"}}')
    assert is_official_layout(tmp_path)
    assert not is_official_layout(SHIPPED_MODELS_DIR)


def test_sentences_are_split(docs: dict[str, stanza.Document]) -> None:
    sentences = [sentence.text for doc in docs.values() for sentence in doc.sentences]
    assert len(docs["1"].sentences) >= 10
    assert len(docs["2"].sentences) >= 20
    assert not any("Peskov said" in text and "Kremlin spokesperson" in text for text in sentences)


def test_people_are_tagged(docs: dict[str, stanza.Document]) -> None:
    people = _people(docs["1"]) | _people(docs["2"])
    for name in ("Vladimir Putin", "Emmanuel Macron", "Dmitry Peskov"):
        assert name in people, f"{name} not tagged as a person; got {sorted(people)}"


def test_said_heads_a_clause_with_the_speaker_as_subject(docs: dict[str, stanza.Document]) -> None:
    found = False
    for sentence in docs["2"].sentences:
        if "Peskov said" not in sentence.text:
            continue
        said = next(word for word in sentence.words if word.text == "said")
        subjects = [w.text for w in sentence.words if w.head == said.id and w.deprel == "nsubj"]
        assert subjects == ["Peskov"], f"said's nsubj: {subjects} in {sentence.text!r}"
        found = True
    assert found, "no sentence with 'Peskov said'"


def test_small_parser_batches_give_stanzas_own_parse(nlp: stanza.Pipeline) -> None:
    """The parser batch size is a speed setting only: Stanza's default gives the same trees."""
    parser = nlp.processors["depparse"]
    assert parser.config["batch_size"] == DEPPARSE_BATCH_WORDS
    text = (SEEDS / "putin-rejects-reassurance-force-2.txt").read_text(encoding="utf-8")

    def trees() -> list[tuple[int | None, str | None]]:
        return [(w.head, w.deprel) for s in nlp(text).sentences for w in s.words]

    ours = trees()
    parser.config["batch_size"] = 5000
    try:
        stock = trees()
    finally:
        parser.config["batch_size"] = DEPPARSE_BATCH_WORDS
    assert len(ours) > 500
    assert ours == stock
