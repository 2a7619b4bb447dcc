"""Fixtures for the NLP core's tests."""

from collections.abc import Iterator

import pytest

from app.nlp.extractor import Extractor
from app.nlp.pipeline import ModelsNotFoundError, load_pipeline
from app.nlp.types import Quote


def quotes_covering(quotes: list[Quote], text: str, phrase: str) -> list[Quote]:
    """The quotes whose spans hold the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    end = start + len(phrase)
    return [q for q in quotes if any(s <= start and end <= e for s, e in q.spans)]


@pytest.fixture(scope="session")
def extractor() -> Iterator[Extractor]:
    """The bare Extractor over the shipped models, loaded once (the root fixture is the
    service's locked wrapper, which hides ``extract_from_doc`` and the pipeline)."""
    try:
        nlp = load_pipeline(torch_threads=1)
    except ModelsNotFoundError as exc:
        pytest.skip(f"Stanza models missing: {exc}")
    yield Extractor(nlp)
