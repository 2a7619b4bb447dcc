"""Occasions that words were said at, and dates the text gives relative to publication.

Surface patterns over the text (plus NER for places): event names in news are highly
formulaic -- "the Eastern Economic Forum in Vladivostok", "a Paris summit", "at a rally in
Ohio" -- and a parser adds little but cost.  Dates are resolved against the publication
date because news writes "said Friday", not the calendar date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from app.nlp.tokens import PLACE_TYPES, Doc
from app.nlp.types import EventInfo

EVENT_NOUNS: Final[tuple[str, ...]] = (
    "summit",
    "forum",
    "conference",
    "convention",
    "congress",
    "assembly",
    "festival",
    "debate",
    "caucus",
    "caucuses",
    "primary",
    "rally",
    "dialogue",
    "meeting",
    "session",
    "symposium",
    "expo",
    "gala",
    "hearing",
    "town hall",
    "roundtable",
    "dinner",
    "talks",
    "press conference",
    "news conference",
    "briefing",
    "speech",
    "address",
    "interview",
    "ceremony",
    "visit",
    "fundraiser",
    "luncheon",
    "breakfast",
    "parade",
    "vigil",
)
_NOUN_ALT = "|".join(sorted((re.escape(n) for n in EVENT_NOUNS), key=len, reverse=True))
_CAP = r"[A-Z][\w’'.&-]*"
_NAMED_EVENT = re.compile(
    rf"\b((?:{_CAP}\s+)(?:(?:of|on|for|and|the)\s+)?(?:{_CAP}\s+){{0,5}}"
    rf"(?:{'|'.join(n.title() for n in EVENT_NOUNS if ' ' not in n)}))\b"
)
_PLACE_EVENT = re.compile(
    rf"\b(?:a|an|the|this|that|last\s+\w+[’']s|[\w]+[’']s)\s+(?:[\w-]+\s+)?"
    rf"((?:{_CAP}\s+){{1,3}}(?:{_NOUN_ALT}))\b"
)
_GENERIC_EVENT = re.compile(
    rf"\b(?:at|during|in)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?({_NOUN_ALT})"
    rf"(?=\s+(?:in|at)\s+{_CAP})"
)
_PLACE_AFTER = re.compile(rf"^\s*(?:in|at)\s+((?:{_CAP})(?:\s+{_CAP}){{0,3}})")
_LEADING_JUNK = re.compile(r"^(?:The|A|An|This|That|At|In|During|On)\s+")

WEEKDAYS: Final[tuple[str, ...]] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS: Final[dict[str, int]] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DATE_WORDS = re.compile(
    r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
    r"tonight|last night|this morning|this afternoon|earlier today)\b"
    r"|\b(?:on\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event found in the text, with where its name stands."""

    info: EventInfo
    start: int
    end: int


def resolve_date(phrase: str, published_at: dt.date | None) -> dt.date | None:
    """A weekday, relative word or month-day resolved against the publication date.

    A weekday means the latest such day on or before publication ("said Friday" in a
    Saturday paper is the day before; in a Friday paper, the same day).
    """
    if published_at is None:
        return None
    match = _DATE_WORDS.search(phrase)
    if match is None:
        return None
    if match.group(1):
        word = match.group(1).lower()
        if word in WEEKDAYS:
            delta = (published_at.weekday() - WEEKDAYS.index(word)) % 7
            return published_at - dt.timedelta(days=delta)
        if word == "yesterday":
            return published_at - dt.timedelta(days=1)
        return published_at
    month = MONTHS[match.group(2).lower()[:3]]
    day = int(match.group(3))
    try:
        candidate = dt.date(published_at.year, month, day)
    except ValueError:
        return None
    if candidate > published_at + dt.timedelta(days=7):
        candidate = candidate.replace(year=published_at.year - 1)
    return candidate


def date_near(text: str, start: int, end: int, published_at: dt.date | None) -> dt.date | None:
    """A date phrase within a few words of a cue (``said Friday``, ``on Monday said``)."""
    window = text[max(0, start - 30) : min(len(text), end + 30)]
    return resolve_date(window, published_at)


def find_events(doc: Doc, published_at: dt.date | None) -> list[EventMention]:
    """All event mentions, named ones first where two overlap."""
    text = doc.text
    found: list[EventMention] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, start: int, end: int, place: str | None) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        name = _LEADING_JUNK.sub("", name.strip())
        if not name:
            return
        line_end = text.find("\n", end)
        sentence_tail = text[end : line_end if line_end >= 0 else len(text)]
        date = resolve_date(sentence_tail[:40], published_at) if published_at else None
        taken.append((start, end))
        found.append(EventMention(EventInfo(name=name, place=place, date=date), start, end))

    for match in _NAMED_EVENT.finditer(text):
        name = match.group(1)
        stripped = _LEADING_JUNK.sub("", name)
        if len(stripped.split()) < 2:
            continue
        add(name, match.start(1), match.end(1), _place_after(text, match.end(1)))
    for match in _PLACE_EVENT.finditer(text):
        name = match.group(1)
        place = _place_in(doc, match.start(1), match.end(1)) or _place_after(text, match.end(1))
        add(name, match.start(1), match.end(1), place)
    for match in _GENERIC_EVENT.finditer(text):
        add(match.group(1), match.start(1), match.end(1), _place_after(text, match.end(1)))
    found.sort(key=lambda m: m.start)
    return found


def _place_after(text: str, end: int) -> str | None:
    match = _PLACE_AFTER.match(text[end : end + 60])
    return match.group(1).rstrip(".,") if match else None


def _place_in(doc: Doc, start: int, end: int) -> str | None:
    for e in doc.entities:
        if e.type in PLACE_TYPES and start <= e.start and e.end <= end:
            return e.text
    return None
