"""A flat, index-based view of a Stanza document for the rule passes.

Stanza objects are convenient but slow to walk repeatedly (properties, per-sentence ids,
multi-word tokens without character offsets).  The attribution rules need global word
indices, children lists and character offsets for every word, so one linear pass builds
them here and every later pass is plain list indexing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from app.nlp.cues import lexicon

# A US party-and-state tag after a politician's name: "R-Wis.", "D-N.Y.", "I-Vt".
_PARTY_STATE = re.compile(r"\b[RDI]-[A-Z][A-Za-z.]{0,5}(?![\w-])")

# Words the NER, trained on few of them, types as people or organisations when they stand
# alone: a state or month abbreviation ("of Flint, Mich., said", "On the morning of Feb. 28
# Trump"), a weekday, a numero or a name suffix cut off by its comma ("Brent Bozell, Jr.").
# Kept, they become speakers and pronoun antecedents.  "Del." is left out: it is also the
# title Delegate, which the people registry reads.
_NEVER_NAMES: Final[frozenset[str]] = lexicon(
    """
    ala. ariz. ark. calif. colo. conn. fla. ga. ill. ind. kan. ky. la. md. mass. mich.
    minn. miss. mo. mont. neb. nev. n.h. n.j. n.m. n.y. n.c. n.d. okla. ore. pa. r.i. s.c.
    s.d. tenn. vt. va. wash. w.va. wis. wyo. jan. feb. mar. apr. jun. jul. aug. sep. sept.
    oct. nov. dec. monday tuesday wednesday thursday friday saturday sunday no. jr. sr. jr sr
    """
)

PERSON_TYPES = frozenset({"PERSON", "PER"})
ORG_TYPES = frozenset({"ORG", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Word:
    """One syntactic word with document-wide indices."""

    i: int
    sent: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    deprel: str
    head: int  # global index of the head word, -1 for the root
    start: int
    end: int
    children: list[int] = field(default_factory=list)
    entity: int = -1  # index into Doc.entities, -1 when outside any entity


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention: word range [first, last] inclusive and its characters."""

    first: int
    last: int
    type: str
    start: int
    end: int
    text: str

    @property
    def is_person(self) -> bool:
        return self.type in PERSON_TYPES

    @property
    def is_org(self) -> bool:
        return self.type in ORG_TYPES


@dataclass(frozen=True, slots=True)
class Sentence:
    """Word range [first, last] inclusive, character span and paragraph (line) number."""

    first: int
    last: int
    start: int
    end: int
    paragraph: int


@dataclass(slots=True)
class Doc:
    """The whole article: words, sentences, entities and the raw text."""

    text: str
    words: list[Word]
    sentences: list[Sentence]
    entities: list[Entity]
    # Sorted word offsets for bisect lookups, so that no pass is quadratic on hostile input.
    word_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.word_starts = [w.start for w in self.words]

    def subtree(self, i: int) -> list[int]:
        """All words dominated by ``i`` (including itself), in index order."""
        out: list[int] = []
        stack = [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.words[k].children)
        out.sort()
        return out

    def sentence_of(self, i: int) -> Sentence:
        return self.sentences[self.words[i].sent]


def _attr(obj: Any, name: str, default: Any = None) -> Any:
    value = getattr(obj, name, default)
    return default if value is None else value


def build_doc(stanza_doc: Any, text: str) -> Doc:
    """Flatten a processed Stanza document; offsets index ``text``."""
    words: list[Word] = []
    sentences: list[Sentence] = []
    newline_before = _newline_counter(text)
    for s_idx, sent in enumerate(stanza_doc.sentences):
        base = len(words)
        for token in sent.tokens:
            t_start = int(_attr(token, "start_char", 0))
            t_end = int(_attr(token, "end_char", t_start))
            for word in token.words:
                w_start = _attr(word, "start_char", None)
                w_end = _attr(word, "end_char", None)
                if w_start is None or w_end is None:
                    w_start, w_end = t_start, t_end
                head = int(_attr(word, "head", 0))
                words.append(
                    Word(
                        i=len(words),
                        sent=s_idx,
                        text=str(word.text),
                        lemma=str(_attr(word, "lemma", word.text)),
                        upos=str(_attr(word, "upos", "X")),
                        xpos=str(_attr(word, "xpos", "")),
                        feats=str(_attr(word, "feats", "")),
                        deprel=str(_attr(word, "deprel", "dep")),
                        head=base + head - 1 if head > 0 else -1,
                        start=int(w_start),
                        end=int(w_end),
                    )
                )
        for first, last in _line_pieces(words, base, text):
            sentences.append(
                Sentence(
                    first=first,
                    last=last,
                    start=words[first].start,
                    end=words[last].end,
                    paragraph=newline_before(words[first].start),
                )
            )
            # Sentence indices must match list positions even if an empty sentence was
            # skipped; a head in another piece of a cut sentence makes the word a root.
            for w in words[first : last + 1]:
                w.sent = len(sentences) - 1
                if not first <= w.head <= last:
                    w.head = -1
    for w in words:
        if 0 <= w.head < len(words) and w.head != w.i:
            words[w.head].children.append(w.i)
        else:
            w.head = -1
    entities = _entities(stanza_doc, words, text)
    return Doc(text=text, words=words, sentences=sentences, entities=entities)


def _line_pieces(words: list[Word], base: int, text: str) -> list[tuple[int, int]]:
    """The word ranges of one Stanza sentence, cut where it runs over a line break.

    The tokenizer, trained on text whose paragraphs are blank-line separated, sometimes
    reads a single newline as a space: "… on Nov. 8.\n“Well number one, …” Trump said"
    came out as one sentence, and the frame of the first line took the quotation of the
    next.  A line break before a word that does not go on in lower case (a hard-wrapped
    line does: "participate personally\nin caucuses") ends the sentence.
    """
    pieces: list[tuple[int, int]] = []
    first = base
    for k in range(base + 1, len(words)):
        gap = text[words[k - 1].end : words[k].start]
        if "\n" in gap and not words[k].text[:1].islower():
            pieces.append((first, k - 1))
            first = k
    if first < len(words):
        pieces.append((first, len(words) - 1))
    return pieces


def _newline_counter(text: str) -> Callable[[int], int]:
    """Paragraph number at a character offset: how many non-blank lines start before it."""
    starts: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1

    def paragraph(offset: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    return paragraph


def _entities(stanza_doc: Any, words: list[Word], text: str) -> list[Entity]:
    """Stanza's entities on our words, less the party-and-state tags it takes for names.

    "Paul Ryan, R-Wis., said" comes out with "R" and "Wis." as persons; kept, they would
    be speakers and pronoun antecedents ("he" resolved to "Ky.").
    """
    ents: list[Entity] = []
    raw = list(_attr(stanza_doc, "ents", []) or [])
    if not raw or not words:
        return ents
    starts = [w.start for w in words]
    tags = [m.span() for m in _PARTY_STATE.finditer(text)]
    tag_starts = [s for s, _ in tags]
    for ent in raw:
        start, end = int(ent.start_char), int(ent.end_char)
        pos = bisect.bisect_right(tag_starts, start) - 1
        if pos >= 0 and end <= tags[pos][1] and str(ent.type) in PERSON_TYPES:
            continue
        if str(ent.type) not in PLACE_TYPES and _never_a_name(str(ent.text)):
            continue
        first = bisect.bisect_left(starts, start)
        if first >= len(words):
            continue
        last = first
        while last + 1 < len(words) and words[last + 1].start < end:
            last += 1
        ents.append(Entity(first, last, str(ent.type), start, end, str(ent.text)))
    ents = _join_hyphenated_names(ents, words, text)
    ents = _join_at_initials(ents, words, text)
    covered = {k for e in ents for k in range(e.first, e.last + 1)}
    ents = [_with_surname_may(e, words, text, covered) for e in ents]
    for idx, e in enumerate(ents):
        for k in range(e.first, e.last + 1):
            words[k].entity = idx
    return ents


def _never_a_name(text: str) -> bool:
    """Whether an entity's words cannot name anyone: an abbreviation in ``_NEVER_NAMES`` or
    fewer than two letters ("K" of "K-1 visas", "T" of "T-shirts", a "___" rule; not
    "F.B.I.")."""
    if text.strip().lower() in _NEVER_NAMES:
        return True
    return sum(c.isalpha() for c in text) < 2


def hyphen_joins(words: list[Word], a: int) -> bool:
    """Whether words ``a`` and ``a + 2`` are joined by a hyphen with no spaces
    ("Florida-based", "Holtz-Eakin"; not the dateline dash of "CLEVELAND - Donald Trump")."""
    return (
        a >= 0
        and a + 2 < len(words)
        and words[a + 1].text == "-"
        and words[a].end == words[a + 1].start
        and words[a + 1].end == words[a + 2].start
    )


def _glued_part(e: Entity, words: list[Word]) -> int | None:
    """The word a hyphen with no spaces joins to the end of a name ("Holtz-Eakin"), when
    it is one capitalised word and no name goes on after it ("Ali-Joe Frazier")."""
    if not hyphen_joins(words, e.last):
        return None
    k = e.last + 2
    part = words[k]
    if not part.text[:1].isupper() or not part.text.isalpha():
        return None
    if k + 1 < len(words) and words[k + 1].upos == "PROPN":
        return None  # "the Gerald Ford-Rockefeller Republicans", "Muhammad Ali-Joe Frazier"
    return k


_INITIAL = re.compile(r"^[A-Z]\.$")


def _extended(e: Entity, last: int, end: int, text: str) -> Entity:
    """The entity run on to word ``last``, which ends at character ``end``."""
    return Entity(e.first, last, e.type, e.start, end, text[e.start : end])


def _join_at_initials(ents: list[Entity], words: list[Word], text: str) -> list[Entity]:
    """Persons the NER cut in two at a middle initial ("Representative Charles" and "B.
    Rangel"): two person entities on adjacent words, one ending or the other opening with
    an initial, are one name."""
    joined: list[Entity] = []
    for e in ents:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.is_person
            and e.is_person
            and e.first == prev.last + 1
            and (_INITIAL.match(words[e.first].text) or _INITIAL.match(words[prev.last].text))
        ):
            joined[-1] = _extended(prev, e.last, e.end, text)
        else:
            joined.append(e)
    return joined


def _with_surname_may(e: Entity, words: list[Word], text: str, covered: set[int]) -> Entity:
    """A person the NER cut before the surname "May", a month to it ("Theresa May said",
    "Guitarist Brian May has said"), with the surname.

    Only where "May" goes on in lower case or punctuation and not as a modal: not a date
    ("Clinton May 3"), nor a headline's "may" ("Clinton May Win", "Trump May be Aligning").
    """
    k = e.last + 1
    if not e.is_person or k >= len(words) or words[k].text != "May" or k in covered:
        return e
    if words[k].start - e.end > 1:
        return e
    if words[k].xpos == "MD":
        return e  # the tagger read the modal ("Adelson and Trump May be Aligning")
    after = words[k + 1] if k + 1 < len(words) else None
    if after is not None and (
        after.text[:1].isdigit() or after.text[:1].isupper() or "VerbForm=Inf" in after.feats
    ):
        return e
    return _extended(e, k, words[k].end, text)


def _join_hyphenated_names(ents: list[Entity], words: list[Word], text: str) -> list[Entity]:
    """Persons whose hyphenated surname the tokenizer split and the NER cut in two.

    The tokenizer splits "Douglas Holtz-Eakin" at the hyphen and the NER, trained on
    unsplit names, tags "Douglas Holtz" and "Eakin" (or "Vergantini of Washington's
    Institute …") apart, so the speaker became "Eakin".  A name of two or more words takes
    the part after its hyphen; a one-word name ("Lopez-Cantera said") only where the
    article spelled that whole surname so, since "Clinton-Kaine" and "Dodd-Frank" are two
    names.  What the NER put after the part stays an entity of its own.  A second pass
    catches bare surnames that come before the full name.
    """
    surnames: set[str] = set()
    for _ in range(2):
        joined: list[Entity] = []
        skip_to = -1
        for e in ents:
            if e.last <= skip_to:
                continue
            if e.first <= skip_to:
                rest = list(range(skip_to + 1, e.last + 1))
                while rest and words[rest[0]].upos in ("ADP", "DET", "CCONJ", "PUNCT"):
                    rest.pop(0)
                if rest:
                    lo, hi = words[rest[0]].start, words[rest[-1]].end
                    joined.append(Entity(rest[0], rest[-1], e.type, lo, hi, text[lo:hi]))
                continue
            part = _glued_part(e, words) if e.is_person else None
            surname = text[words[e.last].start : words[part].end] if part is not None else ""
            if part is not None and (e.last > e.first or surname in surnames):
                joined.append(_extended(e, part, words[part].end, text))
                surnames.add(surname)
                skip_to = part
            else:
                joined.append(e)
        ents = joined
    return ents
