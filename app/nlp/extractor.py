"""The NLP core's entry point: article text in, attributed quotes, people and events out.

Stanza does the neural work once per article; everything after it is rule passes over the
flattened document (``app.nlp.tokens``), so attribution costs a small fraction of parsing.
The headline, when given, is deliberately not parsed for quotes: headline quotation marks
are scare quotes or titles far more often than speech.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import stanza

from app.nlp.attribution import Attributor
from app.nlp.events import find_events
from app.nlp.people import PeopleRegistry
from app.nlp.quotes import find_quotations, quoted_mask
from app.nlp.tagger import AttributionTagger, default_tagger, merge_frames
from app.nlp.tokens import build_doc
from app.nlp.types import ArticleText, EventInfo, Extraction, PersonInfo


class Extractor:
    """Extracts attributed quotes with a loaded Stanza pipeline (see ``app.nlp.pipeline``)."""

    def __init__(self, nlp: stanza.Pipeline) -> None:
        self.nlp = nlp

    def extract(
        self, text: str, *, published_at: dt.date | None = None, title: str | None = None
    ) -> Extraction:
        """Quotes, people and events of one article body (``title`` is context only)."""
        if not text.strip():
            return Extraction(quotes=[], people=[], events=[])
        return self.extract_from_doc(self.nlp(text), text, published_at=published_at, title=title)

    def extract_many(self, items: Sequence[ArticleText]) -> list[Extraction]:
        """Several articles through one Stanza bulk call, which batches across documents."""
        out: list[Extraction | None] = [None] * len(items)
        todo = [(k, item) for k, item in enumerate(items) if item.text.strip()]
        if todo:
            docs = self.nlp.bulk_process([stanza.Document([], text=item.text) for _, item in todo])
            for (k, item), doc in zip(todo, docs, strict=True):
                out[k] = self.extract_from_doc(
                    doc, item.text, published_at=item.published_at, title=item.title
                )
        return [x if x is not None else Extraction(quotes=[], people=[], events=[]) for x in out]

    @staticmethod
    def extract_from_doc(
        stanza_doc: Any,
        text: str,
        *,
        published_at: dt.date | None = None,
        title: str | None = None,
        learned: bool = True,
        tagger: AttributionTagger | None = None,
    ) -> Extraction:
        """The passes after Stanza, on an already processed Stanza document.

        Public so that callers holding cached Stanza output (the scorer) can skip parsing.
        ``learned=False`` runs the rules alone, without the learned tagger (for comparison);
        ``tagger`` is a network to use instead of the shipped one (one trained without the
        articles a benchmark scores).
        """
        del title  # the headline is never searched for quotes; kept for the signature
        attributor = rule_attributor(stanza_doc, text, published_at)
        quotes = attributor.build()
        if not learned:
            tagger = None
        elif tagger is None:
            tagger = default_tagger()
        if tagger is not None:
            quotes = merge_frames(attributor, quotes, tagger.tag_document(attributor, quotes))
        people = attributor.people
        events = attributor.events
        speakers = {q.speaker.name for q in quotes if q.speaker.name is not None}
        return Extraction(
            quotes=quotes,
            people=_people_in_use(people.people(speakers), speakers),
            events=_distinct_events([e.info for e in events]),
        )


def rule_attributor(stanza_doc: Any, text: str, published_at: dt.date | None) -> Attributor:
    """The rules' state for one parsed article: flat document, quotations, people, events.

    Shared by extraction and by the tagger's training script, so both see the same words.
    """
    doc = build_doc(stanza_doc, text)
    quotations = find_quotations(text)
    people = PeopleRegistry(doc, quoted_mask(text, quotations))
    events = find_events(doc, published_at)
    return Attributor(doc, quotations, people, events, published_at)


def _people_in_use(people: list[PersonInfo], speakers: set[str]) -> list[PersonInfo]:
    """Every person, plus organisations only when they are quoted.

    Organisation entities are numerous and mostly incidental ("NATO", "the EU"); listing
    them all would bury the people a reader is looking for.
    """
    return [p for p in people if p.kind == "person" or p.name in speakers]


def _distinct_events(events: list[EventInfo]) -> list[EventInfo]:
    seen: dict[str, EventInfo] = {}
    for e in events:
        key = e.name.lower()
        if key not in seen or (seen[key].place is None and e.place is not None):
            seen[key] = e
    return list(seen.values())
