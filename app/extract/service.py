"""The process's one Extractor: Stanza is loaded once and used by one thread at a time."""

import datetime as dt
import threading
from collections.abc import Sequence
from functools import lru_cache

from app.core.config import get_settings
from app.nlp.extractor import Extractor
from app.nlp.pipeline import load_pipeline
from app.nlp.types import ArticleText, Extraction


class SharedExtractor:
    """Serialises calls: a Stanza pipeline is not safe to share between threads."""

    def __init__(self, extractor: Extractor) -> None:
        self._extractor = extractor
        self._lock = threading.Lock()

    def extract(
        self, text: str, *, published_at: dt.date | None = None, title: str | None = None
    ) -> Extraction:
        with self._lock:
            return self._extractor.extract(text, published_at=published_at, title=title)

    def extract_many(self, items: Sequence[ArticleText]) -> list[Extraction]:
        with self._lock:
            return self._extractor.extract_many(items)


@lru_cache
def get_extractor() -> SharedExtractor:
    settings = get_settings()
    nlp = load_pipeline(settings.stanza_dir, torch_threads=settings.torch_threads)
    return SharedExtractor(Extractor(nlp))


def is_loaded() -> bool:
    return get_extractor.cache_info().currsize > 0
