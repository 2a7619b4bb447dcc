"""Plain data produced by the NLP core.

The core turns text into these objects and knows nothing about HTTP or storage; the API and
the database layers translate them. Offsets are Python string indices into the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

QuoteType = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organization", "unknown"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the submitted text: its words and where they stand."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Speaker:
    """Who said a quote: a canonical name when one is known, and the words naming them here."""

    name: str | None
    kind: SpeakerKind
    mention: TextSpan | None


@dataclass(slots=True)
class EventInfo:
    """The occasion words were said at, with place and date where the text gives them."""

    name: str
    place: str | None = None
    date: date | None = None


@dataclass(slots=True)
class Quote:
    """One attributed quotation; a split quote has several content spans."""

    text: str
    type: QuoteType
    spans: list[tuple[int, int]]
    cue: TextSpan | None
    speaker: Speaker
    event: EventInfo | None
    confidence: float
    # The sentence (or sentences) the quote stands in, for context in search results.
    context: TextSpan | None = None
    # The day the words were said, where the text gives it ("said Friday"), resolved against
    # the publication date; None when the text does not say or no date was given.
    said_on: date | None = None


@dataclass(slots=True)
class PersonInfo:
    """One entity named in an article, with every way the article names it."""

    name: str
    kind: SpeakerKind
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """What the NLP core finds in one article."""

    quotes: list[Quote]
    people: list[PersonInfo]
    events: list[EventInfo]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """One article body to extract from, for bulk processing."""

    text: str
    published_at: date | None = None
    title: str | None = None
