"""Attribution rules: from a parsed document and its quotation marks to attributed quotes.

Everything here is a linear pass over words, frames or quotations (no second model), so the
cost stays a small fraction of Stanza's.  The parser behind it is small and makes mistakes,
so each rule leans on the parse where it is reliable (subjects, clausal complements) and
falls back on surface evidence (the nearest name next to a cue, adjacency of a quotation to
"Putin said") where it is not.

Vocabulary:

* a *frame* is one cue (a speech verb, "according to", a speech noun such as "warning")
  with the speaker word and content words the parse gives it;
* a *quotation* is a span between quotation marks (``app.nlp.quotes``);
* a frame whose content is (nearly) all quoted becomes a direct quote, one whose content
  merely contains a quotation a mixed quote, one without any an indirect quote; quotations
  that no frame governs are tied to an adjacent cue, to the speaker of the previous quote
  (floating quotes) or dropped as scare quotes and titles.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Final, Literal

from app.nlp.cues import (
    CLAUSE_ONLY,
    CUE_PARTICLES,
    NEEDS_PARTICLE,
    SPEECH_NOUNS,
    cue_strength,
    learned_rate,
    lexicon,
    surface_lemma,
)
from app.nlp.events import EventMention, date_near
from app.nlp.people import ROLE_HEADS, PeopleRegistry, is_unnamed_speaker_noun
from app.nlp.quotes import Quotation
from app.nlp.tokens import Doc, Entity, Sentence, Word, hyphen_joins
from app.nlp.types import EventInfo, Quote, QuoteType, Speaker, TextSpan

Span = tuple[int, int]
FrameKind = Literal["verb", "according", "noun"]

# Verbs whose direct object is the addressee, not the content ("told reporters that ...").
ADDRESSEE_VERBS: Final[frozenset[str]] = lexicon(
    """
    tell ask inform notify brief urge warn remind assure reassure advise thank implore
    beg caution alert congratulate
    """
)
# Verbs that take an object plus a predicate: "calling it “very constructive”".
PREDICATIVE_VERBS: Final[frozenset[str]] = lexicon(
    """
    call describe label dub term brand deem characterize characterise consider view
    regard
    """
)
# Verbs whose object is normally a clause, so the rest of the sentence is their content.
CLAUSE_VERBS: Final[frozenset[str]] = lexicon(
    """
    say tell add claim argue insist warn note explain write state declare announce
    report suggest believe think predict contend assert maintain allege acknowledge
    admit concede reply respond tweet stress emphasize emphasise hint reveal confirm
    complain recall observe remark agree promise vow pledge fear hope expect know feel
    worry indicate show find conclude
    """
)
DETERMINERS: Final[frozenset[str]] = lexicon(
    """
    the a an his her their its our my your this that these those such no any every each
    some new recent
    """
)
CLOSING_MARKS: Final[frozenset[str]] = frozenset({"”", '"', "’", "''", "»"})
FINITE_OR_VBN: Final[frozenset[str]] = frozenset({"VBD", "VBZ", "VBN"})
IRREGULAR_PAST: Final[frozenset[str]] = frozenset(
    {"said", "told", "wrote", "thought", "knew", "felt", "saw", "found", "meant", "heard"}
)
# Left neighbours after which an "-s" form is a noun ("new claims", "of reports").
NON_SUBJECT_PREV: Final[frozenset[str]] = frozenset(
    {"of", "in", "on", "for", "with", "and", "or", "by", "to", "from", "at", "about", "as"}
)
BARE_VERB_PREV: Final[frozenset[str]] = lexicon(
    """
    to will would could can did does do may might should must n't not i we you they also
    often shall
    """
)
SKIP_BEFORE_CUE: Final[frozenset[str]] = lexicon(
    """
    also has have had would will could later then again previously once recently still
    further just been is was were are not never n't did does do may might should must
    can first often already even himself herself
    """
)
# A frame embedded in another's content stays a frame of its own when at least this share
# of its content words is quoted (``Attributor._untangle``).  Any quoted word at all gained
# speaker accuracy on both held-out slices of PolNeAR train but cost cue and source
# precision (inner frames PolNeAR leaves unannotated); 0.9 kept most of the first and none
# of the second (docs/attribution.md, eighteenth session).
NESTED_QUOTED_SHARE: Final[float] = 0.9
NOT_SPEAKER_WORDS: Final[frozenset[str]] = lexicon(
    """
    that which who whom whose this there what and but or as if when so than then not to of
    in on for with by at from the a an time year week day month people thing things after before
    while since because although though despite during without within among once
    """
)
# Before a headline's colon, nouns that report what follows ("Poll: …", "NY Post: …").
HEADLINE_SOURCE_NOUNS: Final[frozenset[str]] = lexicon(
    """
    poll polls survey report study newspaper editorial memo post times journal
    """
)
LEADING_NOT_CONTENT: Final[frozenset[str]] = lexicon(
    """
    in on at during after before last this earlier later yesterday today monday tuesday
    wednesday thursday friday saturday sunday through via by of about to with .
    """
)
CLAUSE_BREAKS: Final[frozenset[str]] = lexicon(
    """
    while although though whereas without despite even according adding saying
    noting who which as
    """
)
NOMINAL_RELS: Final[frozenset[str]] = lexicon(
    """
    nmod compound amod det case obj nsubj obl nmod:poss appos flat iobj root
    """
)
# Reporting verbs whose "-s" form after a common noun is a verb ("the report says").
PLAIN_REPORTING: Final[frozenset[str]] = lexicon(
    """
    say tell write add note warn argue insist explain predict suggest indicate show find
    report
    """
)
PERSON_OR_ORG: Final[frozenset[str]] = frozenset({"PER", "PERSON", "ORG", "NORP"})
# Cues only next to a quotation ("“…,” he continued"); elsewhere they are not speech.
ADJACENCY_ONLY: Final[frozenset[str]] = frozenset({"continue", "begin", "start", "go", "read"})
# Share of predictions with the right content and speaker on PolNeAR train (first 150
# articles, quick model set), by (type, canonical speaker known, weak cue).  Confidence is
# read from here so that 0.8 means "right about 80% of the time", not a hand-set score.
_CALIBRATED: Final[dict[tuple[str, bool, bool], float]] = {
    ("direct", True, False): 0.93,
    ("direct", True, True): 0.85,
    ("direct", False, False): 0.55,
    ("direct", False, True): 0.5,
    ("mixed", True, False): 0.88,
    ("mixed", True, True): 0.5,
    ("mixed", False, False): 0.55,
    ("mixed", False, True): 0.35,
    ("indirect", True, False): 0.75,
    ("indirect", True, True): 0.5,
    ("indirect", False, False): 0.5,
    ("indirect", False, True): 0.55,
}
# Learned P(cue | lemma, next word) below which a weak cue opens no frame, and above which
# it needs neither "that" nor a named holder (see ``app.nlp.cues.learned_rate``).
# Fitted on PolNeAR train (first 43 articles): 0.1 drops "plan" without "to" and "vote";
# 0.5 lets "expect to", "argue", "accuse" stand with any holder.
WEAK_MIN_RATE: Final[float] = 0.1
WEAK_FREE_RATE: Final[float] = 0.5
PROGRESSIVE_AUX: Final[frozenset[str]] = lexicon("is are was were be been am ’s 's ’re 're")
ADDRESSEE_CLAUSE_STARTS: Final[frozenset[str]] = lexicon(
    "whether if to about why how what when where who"
)
EVIDENCE_VERBS: Final[frozenset[str]] = lexicon("show find indicate suggest reveal demonstrate")
TIME_WORDS: Final[frozenset[str]] = lexicon(
    """
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    earlier later recently week weekend month morning night afternoon evening
    """
)
# Words that open a time phrase before a cue ("on Friday", "last week", "during a Sunday").
TIME_LEADS: Final[frozenset[str]] = lexicon("on last this that during a the early late next over")
TIME_PHRASE_WORDS: Final[frozenset[str]] = TIME_WORDS | TIME_LEADS
LIGHT_VERBS: Final[frozenset[str]] = frozenset(
    {"issue", "give", "make", "deliver", "offer", "express", "voice", "send", "post", "release"}
)
SUBJECT_RELS: Final[tuple[str, ...]] = ("nsubj", "nsubj:outer")
# Relations through which a cue without its own subject inherits its governor's.
INHERIT_RELS: Final[frozenset[str]] = frozenset({"xcomp", "advcl", "conj", "acl", "advcl:relcl"})
# Verbs whose passive subject is the speaker of the participle they take: "was heard
# asking", "was quoted as saying", "was caught on tape telling".
WITNESS_VERBS: Final[frozenset[str]] = lexicon("hear overhear see quote catch record film tape")
RELATIVE_PRONOUNS: Final[frozenset[str]] = frozenset({"who", "which", "that", "whom"})
# What opens a relative clause set off by commas ("X, whose company, Y, makes …, said"):
# after a comma "that" seldom does ("X, that is, …").
RELATIVE_OPENERS: Final[frozenset[str]] = (RELATIVE_PRONOUNS - {"that"}) | {"whose"}
SUBJECT_PRONOUNS: Final[frozenset[str]] = frozenset({"he", "she", "they", "it", "we", "i"})
PERSONAL_PRONOUNS: Final[frozenset[str]] = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"}
)
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "in", "on", "to", "and", "or", "at", "by", "with"}
)
_EDGE_PUNCT = ",;:—–-("
# A credit line after a quotation: "” ― Name", "” — Name, 34, of Phoenix", "” -- Name",
# "” - Name" (a hyphen set as a dash in plain text, not one joining words: "“…”-era").
_CREDIT_DASH = re.compile(r"[\s.,]*([―—–]|--|(?<![^\s.,])-(?=[\s@A-Z]))\s*")
_CREDIT_MAX_CHARS = 80
_TEXT_CHAR = re.compile(r"\S")
_WORD_RE = re.compile(r"\w")


# Words of at most this many, no final punctuation: a button or menu line when another
# such line stands next to it (none of the 49 such lines in PolNeAR train holds an
# attribution).
_LABEL_LINE_WORDS: Final[int] = 6


def _is_title_line(line: str) -> bool:
    """A Title Case line without final punctuation: a headline or a section label."""
    words = re.findall(r"[A-Za-z][\w’'-]*", line[:400])
    caps = sum(1 for w in words if w[0].isupper() or w in _TITLE_SMALL_WORDS)
    return (
        bool(words)
        and len(line) < 400
        and line.rstrip()[-1:] not in '.!?"”'
        and caps >= 0.8 * len(words)
    )


def _is_short_label_line(line: str, next_is_short: bool) -> bool:
    """A line of a few words without final punctuation ("Share on whatsapp").

    One that ends in a colon introduces the next line, so it counts only where that one is
    short too: "Kindly share this story:" before the buttons, not "Peskov said:" before a
    quotation.
    """
    words = re.findall(r"\w+", line)
    end = line.rstrip()[-1:]
    if not 0 < len(words) <= _LABEL_LINE_WORDS or end in ".!?\"”’'":
        return False
    return end != ":" or next_is_short


@dataclass(slots=True)
class Frame:
    """One cue with its speaker word and content words."""

    kind: FrameKind
    cue: list[int]
    strength: float
    speaker: int | None
    content: list[int]
    used: bool = False


@dataclass(slots=True)
class Draft:
    """A quote under construction; turned into a ``Quote`` once speaker and type are known."""

    spans: list[Span]
    type: QuoteType
    frame: Frame | None
    base_confidence: float
    speaker_override: Speaker | None = None
    quotations: list[int] = field(default_factory=list)


class Attributor:
    """Runs the rule passes over one parsed article."""

    def __init__(
        self,
        doc: Doc,
        quotations: list[Quotation],
        people: PeopleRegistry,
        events: list[EventMention],
        published_at: dt.date | None,
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.words = doc.words
        self.quotations = quotations
        self.people = people
        self.events = events
        self.published_at = published_at
        self.word_quote = self._word_quotes()
        self._cue_lemmas: dict[int, str | None] = {}
        # Sorted offsets for bisect lookups (the words' are ``doc.word_starts``), so no pass
        # is quadratic on hostile input.
        self._quote_starts = [q.outer_start for q in quotations]
        self._sent_starts = [st.start for st in doc.sentences]
        self._sent_ends = [st.end for st in doc.sentences]
        self._newlines = [-1] + [k for k, ch in enumerate(self.text) if ch == "\n"]

    # ------------------------------------------------------------------ setup

    def _word_quotes(self) -> list[int]:
        """Per word: index of the quotation whose marks enclose it, or -1."""
        out = [-1] * len(self.words)
        bounds = [(q.outer_start, q.outer_end, k) for k, q in enumerate(self.quotations)]
        j = 0
        for w in self.words:
            while j < len(bounds) and bounds[j][1] <= w.start:
                j += 1
            for s, e, k in bounds[j : j + 2]:
                if s <= w.start < e:
                    q = self.quotations[k]
                    if any(os <= w.start < oe for os, oe in q.outer):
                        out[w.i] = k
                        break
        return out

    # ------------------------------------------------------------------ frames

    def find_frames(self) -> list[Frame]:
        frames: list[Frame] = []
        headline = self.headline_sentences
        # Words of an "according to" source phrase: none of them is a cue ("according to
        # conservative talk radio host Rush Limbaugh", where the tagger reads *talk* as a verb).
        source_phrase_end = -1
        for idx, sent in enumerate(self.doc.sentences):
            if idx in headline or self._line_start(sent.start) == sent.start:
                frame = self._headline_colon_frame(idx)
                if frame is not None:
                    frames.append(frame)
        for w in self.words:
            if self.word_quote[w.i] >= 0 or w.sent in headline or w.i <= source_phrase_end:
                continue
            low = w.text.lower()
            if (
                low == "according"
                and w.i + 1 < len(self.words)
                and (self.words[w.i + 1].text.lower() == "to")
            ):
                frame = self._according_frame(w)
                if frame is not None:
                    frames.append(frame)
                    source_phrase_end = self._according_phrase_end(w, frame.speaker)
                continue
            lemma = self.cue_lemma(w)
            if lemma is not None:
                frame = self._verb_frame(w, lemma)
                if frame is not None:
                    frames.append(frame)
            elif low in SPEECH_NOUNS or w.lemma.lower() in SPEECH_NOUNS:
                frame = self._noun_frame(w) if w.upos == "NOUN" else None
                frame = frame or self._surface_noun_frame(w)
                if frame is not None:
                    frames.append(frame)
        return self._untangle(frames)

    def _untangle(self, frames: list[Frame]) -> list[Frame]:
        """Cut each frame's content where another frame's clause starts inside it.

        "Zelensky confirmed X, while Trump claimed Y": the first content stops before
        "while Trump claimed".  A frame whose content is nothing but another frame (or that
        has no speaker at all) is dropped -- the inner attribution is the informative one.
        A frame embedded in another's content without a clause break ("told reporters
        that Carter believes X", "is acting unlawfully and showing disregard") is dropped
        instead, and the outer one keeps the whole content -- unless the embedded frame
        quotes someone ("uttering charges that Rush Limbaugh called ''liberal lingo''"):
        PolNeAR annotates that nested attribution too, and its speaker is the one a reader
        asks for, so both frames stay (``NESTED_QUOTED_SHARE``).
        """
        cue_at = {f.cue[0]: f for f in frames}
        cuts: dict[int, int] = {}
        embedded: set[int] = set()
        for fi, f in enumerate(frames):
            if f.speaker is None:
                continue
            inside = set(f.content)
            for k in f.content:
                g = cue_at.get(k)
                if g is None or g is f or g.speaker is None:
                    continue
                if k == f.content[0]:
                    # "she said, adding, “…”": the content is nothing but the next frame.
                    cuts[fi] = k
                    break
                # The nested clause starts at its speaker only when the speaker stands right
                # before its cue ("while Trump claimed"); a participle's inherited subject
                # may be far back, even outside this content.
                near = g.speaker in inside and 0 <= k - g.speaker <= 6
                start = opening = g.speaker if near else k
                if near:
                    # From the start of the speaker's words ("President Trump hinted").
                    np_start = self._word_index_at(self._np_span(opening)[0])
                    start = opening = max(min(opening, np_start), f.content[0])
                # Back over the conjunction and comma that open the nested clause (and over
                # a closing mark: "“…,” adding").
                while start - 1 in inside and self.words[start - 1].text.lower() in (
                    ",",
                    *CLOSING_MARKS,
                    "while",
                    "but",
                    "and",
                    "as",
                    "whereas",
                    "although",
                    "though",
                    "—",
                ):
                    start -= 1
                backed = {self.words[j].text.lower() for j in range(start, opening)}
                # "announced the arrest … and said a curfew would continue": a second speech
                # verb of the same speaker opens an attribution of its own.
                said_too = backed == {"and"} and self._finite_speech_cue(k)
                # "said he expects the campaign to …": a thought verb opening the content is
                # part of what was said, not an attribution of its own.
                opens_content = near and start == f.content[0] and g.strength < 1.0
                if opens_content or (
                    start > f.content[0]
                    and not said_too
                    and not (backed - {"and", "as"} or (near and backed))
                ):
                    if not self._quotes_someone(g):
                        embedded.add(id(g))
                    continue
                # Also back over the speaker's own title words ("President Trump").
                while start - 1 in inside and start - 1 >= 0 and self.words[start - 1].entity >= 0:
                    start -= 1
                # Keep the closing mark of a quotation the cut passes ("…,” adding").
                marks = [j for j in range(start, k) if self.words[j].text in CLOSING_MARKS]
                if marks and self.word_quote[marks[-1]] >= 0:
                    start = marks[-1] + 1
                if start > f.content[0] and (fi not in cuts or start < cuts[fi]):
                    cuts[fi] = start
        kept: list[Frame] = []
        for fi, f in enumerate(frames):
            if f.speaker is None or id(f) in embedded:
                continue
            if fi in cuts:
                f.content = [k for k in f.content if k < cuts[fi]]
                while f.content and self.words[f.content[-1]].text in _EDGE_PUNCT:
                    f.content.pop()
            real = [k for k in f.content if self.words[k].upos != "PUNCT"]
            if len(real) >= 1:
                kept.append(f)
        return kept

    def _in_closed_quotation(self, k: int) -> bool:
        """Whether word k stands inside quotation marks that close (not a stray mark's run)."""
        q = self.word_quote[k]
        return q >= 0 and self.quotations[q].closed

    def _quotes_someone(self, f: Frame) -> bool:
        """Whether the frame's content is (nearly) all inside closed quotation marks."""
        real = [k for k in f.content if self.words[k].upos != "PUNCT"]
        quoted = [k for k in real if self._in_closed_quotation(k)]
        return bool(quoted) and len(quoted) >= NESTED_QUOTED_SHARE * len(real)

    def _finite_speech_cue(self, k: int) -> bool:
        w = self.words[k]
        lemma = self.cue_lemma(w)
        return lemma is not None and cue_strength(lemma) >= 1.0 and w.xpos in ("VBD", "VBZ", "VBP")

    def _trim_trailing_punct(self, content: list[int]) -> list[int]:
        """Content without its closing punctuation, except marks that belong to a quotation."""
        end = len(content)
        while (
            end
            and self.words[content[end - 1]].upos == "PUNCT"
            and self.word_quote[content[end - 1]] < 0
        ):
            end -= 1
        return content[:end]

    def _headline_colon_frame(self, idx: int) -> Frame | None:
        """ "Paul Ryan: FBI Decision … ‘Defies Explanation’": a name, a colon, the claim.

        The one headline form that is an attribution rather than a restatement.
        """
        sent = self.doc.sentences[idx]
        colon = next(
            (
                k
                for k in range(sent.first, min(sent.first + 4, sent.last) + 1)
                if self.words[k].text == ":"
            ),
            None,
        )
        if colon is None or colon == sent.first or not self._headline_source(sent, colon):
            return None
        content = self._trim_trailing_punct(list(range(colon + 1, sent.last + 1)))
        if len(content) < 2:
            return None
        return Frame("verb", [colon], 1.0, colon - 1, content)

    def _headline_source(self, sent: Sentence, colon: int) -> bool:
        """Whether the 1-4 words before a headline's colon name who is reported.

        A person the NER finds there; a person or organisation the article names elsewhere
        too (headlines are title case and short, and the NER often misses "Graham:" or
        types "Rush Limbaugh:" as an organisation); or a poll, report or newspaper ("Poll:
        Clinton and Trump in dead heat"). Labels such as "The Latest:" or "Breaking:" are
        none of these.
        """
        first = sent.first
        words = self.words[first:colon]
        head = self.words[colon - 1]
        if head.entity >= 0:
            ent = self.doc.entities[head.entity]
            if ent.is_person and ent.first == first and ent.last == colon - 1:
                return True
        if all(w.text[:1].isupper() for w in words):
            found = self.people.find_by_name(" ".join(w.text for w in words))
            if found is not None and self.people.mentioned_outside(found, sent.first, sent.last):
                return True
        return head.text.lower() in HEADLINE_SOURCE_NOUNS

    @functools.cached_property
    def headline_sentences(self) -> frozenset[int]:
        """Sentences on lines that report nobody's words: headlines, labels and button rows.

        "Putin Rejects Western Plan for …" reads like "Putin rejects …" to the cue rules,
        but a headline restates the article, it does not report anybody's words; nor do the
        rows of short unpunctuated lines that scraped pages end with ("Kindly share this
        story:", "Share on whatsapp", "Top News").  Judged once per article, by the line a
        sentence starts on: the rules and the learned tagger both skip these sentences.
        """
        ends = [*self._newlines[1:], len(self.text)]
        lines = [  # (start, text) of each non-blank line
            (nl + 1, self.text[nl + 1 : end])
            for nl, end in zip(self._newlines, ends, strict=True)
            if self.text[nl + 1 : end].strip()
        ]
        # Backwards, so that a line ending in a colon can ask whether the next one is short.
        short = [False] * len(lines)
        for k in range(len(lines) - 1, -1, -1):
            short[k] = _is_short_label_line(lines[k][1], k + 1 < len(lines) and short[k + 1])
        skipped = {
            start
            for k, (start, line) in enumerate(lines)
            if _is_title_line(line)
            or (short[k] and ((k > 0 and short[k - 1]) or (k + 1 < len(short) and short[k + 1])))
        }
        return frozenset(
            idx
            for idx, sent in enumerate(self.doc.sentences)
            if self._line_start(sent.start) in skipped
        )

    def _children(self, i: int, *rels: str) -> list[int]:
        return [c for c in self.words[i].children if self.words[c].deprel in rels]

    def cue_lemma(self, w: Word) -> str | None:
        """The cue lemma of a verb, judged from the word form and its left neighbour.

        The tagger may be small and wrong ("said" as a noun), so the form decides: past
        forms are verbs unless a determiner precedes ("the said"); "-s" and "-ing" forms are
        verbs unless a determiner or possessive precedes ("the claims", "his warning"); bare
        forms only after a modal, "to" or a pronoun. Judged once per word: the passes ask
        about the same words many times.
        """
        if w.i not in self._cue_lemmas:
            self._cue_lemmas[w.i] = self._judge_cue_lemma(w)
        return self._cue_lemmas[w.i]

    def _judge_cue_lemma(self, w: Word) -> str | None:
        verbal = w.upos == "VERB" or (w.xpos.startswith("VB") and w.upos != "AUX")
        if verbal and cue_strength(w.lemma) > 0:
            return w.lemma.lower()
        form = surface_lemma(w.text)
        if form is None:
            return None
        sent = self.doc.sentence_of(w.i)
        prev = self.words[w.i - 1].text.lower() if w.i > sent.first else ""
        if prev in DETERMINERS or prev in ("’s", "'s"):
            return None
        low = w.text.lower()
        if low.endswith(("ed", "ing")) or low in IRREGULAR_PAST or verbal:
            return form
        if low.endswith("s"):
            return form if self._third_person_subject_before(w, form) else None
        return form if prev in BARE_VERB_PREV else None

    def _skip_before_cue(self, k: int, first: int) -> int:
        """The word left of ``k`` that may be the cue's subject: past auxiliaries, adverbs
        and a time phrase ("Donald Trump on Friday endorsed", "Sanders during a Sunday
        thanked", "Joel Benenson on Monday lashed out"), which made "Friday" the speaker;
        only back to a noun or pronoun, not past a participle or particle ("A news report
        published Wednesday showed", "A poll out Monday showed"), whose noun phrase the
        speaker's words already take in, nor to an object ("sent a letter this week
        urging", "issued a report this month charging"), whose issuer speaks.
        """
        while k >= first:
            low = self.words[k].text.lower()
            if low in SKIP_BEFORE_CUE:
                k -= 1
            elif low in TIME_WORDS:
                j = k - 1
                while j >= first and self.words[j].text.lower() in TIME_PHRASE_WORDS:
                    j -= 1
                if (
                    j < first
                    or self.words[j].upos not in ("NOUN", "PROPN", "PRON")
                    or self.words[j].deprel in ("obj", "iobj")
                ):
                    break
                k = j
            else:
                break
        return k

    def _third_person_subject_before(self, w: Word, form: str) -> bool:
        """Whether "claims"/"says" follows a subject, i.e. is a verb and not a plural noun.

        Any cue after a pronoun or a name ("he says", "Trump claims"); after a common noun
        only the unambiguous reporting verbs ("the report says", but not "security
        guarantees" or "European states").
        """
        sent = self.doc.sentence_of(w.i)
        k = self._skip_before_cue(w.i - 1, sent.first)
        if k < sent.first:
            return False
        prev = self.words[k]
        low = prev.text.lower()
        if low in ("he", "she", "it", "who", "that", "which", "one"):
            return True
        if prev.entity >= 0:
            ent = self.doc.entities[prev.entity]
            return (ent.is_person or ent.is_org) and ent.last == k
        return form in PLAIN_REPORTING and prev.text.isalpha() and low not in NON_SUBJECT_PREV

    def _verb_frame(self, w: Word, lemma: str) -> Frame | None:
        strength = cue_strength(lemma)
        if strength <= 0 or lemma in ADJACENCY_ONLY:
            return None
        particles = [
            c
            for c in self._children(w.i, "compound:prt")
            if self.words[c].text.lower() in CUE_PARTICLES
        ]
        if not particles and w.i + 1 < len(self.words):
            nxt = self.words[w.i + 1]
            if nxt.text.lower() in CUE_PARTICLES and nxt.sent == w.sent and lemma in NEEDS_PARTICLE:
                particles = [nxt.i]
        if lemma in NEEDS_PARTICLE and not particles:
            return None
        cue = sorted([w.i, *particles])
        # Word order first: news attributions are formulaic, and a small parser errs more
        # often than "X said CLAUSE" does.  The parse fills in what word order cannot see.
        content, speaker = self._surface_frame(w, lemma, cue[-1])
        if not content and self._parse_trusted(w):
            content = self._verb_content(w, lemma)
            speaker = self._subject(w.i) if content else None
        if speaker is not None and self._addressed(w.i):
            # "Trump was asked whether …": the subject is the one spoken to.
            speaker = self._agent(w.i)
        if speaker is not None and self.words[speaker].text.lower() in RELATIVE_PRONOUNS:
            # "“…,” said a Republican, who, like all respondents, responded anonymously":
            # what stands before a relative clause is no content of its verb (the
            # quotation has a cue of its own).
            content = [k for k in content if k > speaker]
        if (
            speaker is not None
            and content
            and content[0] < speaker <= content[-1] < cue[0]
            and self.words[speaker].upos == "PROPN"
        ):
            # "“…,” Steve Moody, a small-business owner, said": a parse that hangs the
            # speaker's apposition on the content must not hand it the speaker's name.
            np_start = self._np_span(speaker)[0]
            content = self._trim_trailing_punct(
                [k for k in content if self.words[k].start < np_start]
            )
        if not content:
            return None
        if strength < 1.0:
            # Thought and evidence verbs only count with a "that" clause or a quotation, or
            # in the contexts where PolNeAR's annotators mostly took them as attributions.
            quoted = any(self.word_quote[k] >= 0 for k in content)
            after = self.words[cue[-1] + 1].text if cue[-1] + 1 < len(self.words) else ""
            rate = learned_rate(lemma, after)
            rare = rate is not None and rate < WEAK_MIN_RATE
            held = (
                self.words[content[0]].text.lower() == "that"
                or self._clause_like(content, speaker, lemma)
                or (rate is not None and rate >= WEAK_FREE_RATE)
            )
            if quoted:
                strength = 0.8
            elif rare or not held:
                return None
        return Frame("verb", cue, strength, speaker, content)

    def _clause_like(self, content: list[int], speaker: int | None, lemma: str) -> bool:
        """A weak cue's content without "that" still counts when a person holds it.

        "Trump wants to build a wall", "voters prefer Clinton": PolNeAR attributes these,
        and they are safe enough when the holder is a name or pronoun, not "the data".
        """
        if speaker is None or len(content) < 2:
            return False
        if lemma in EVIDENCE_VERBS and len(content) >= 3:
            return True  # "polls show Clinton ahead", "the study found …"
        w = self.words[speaker]
        if w.text.lower() in ("he", "she", "they", "we", "i", "who"):
            return True
        return w.entity >= 0 and self.doc.entities[w.entity].type in PERSON_OR_ORG

    def _parse_trusted(self, w: Word) -> bool:
        """Whether the parse treats the cue as a clause head; if not, word order decides."""
        if w.upos != "VERB" or w.deprel in NOMINAL_RELS:
            return False
        return bool(self._children(w.i, *SUBJECT_RELS, "ccomp", "xcomp", "obj", "parataxis"))

    # ------------------------------------------------------------------ surface rules

    def _surface_frame(self, w: Word, lemma: str, cue_end: int) -> tuple[list[int], int | None]:
        """Speaker and content of a cue by word order, for when the parse is not usable.

        "X said (that) CLAUSE", "X, a doctor, said CLAUSE", "CLAUSE, X said",
        "CLAUSE, said X", and participles after a comma ("…, calling it “…”") whose
        speaker is the sentence's subject.
        """
        sent = self.doc.sentence_of(w.i)
        left = self._left_speaker(w.i)
        right = self._right_speaker(cue_end)
        prev = self.words[w.i - 1] if w.i > sent.first else None
        # "“…,” adding": the comma stands inside the quotation, before its closing mark.
        k = w.i - 1
        while k > sent.first and self.words[k].text in CLOSING_MARKS:
            k -= 1
        participle = w.text.lower().endswith("ing") and self.words[k].text in (",", "—", "–", "-")
        owner = self._statement_owner(w.i)
        if owner is not None:
            # "The town released a statement Wednesday saying …": the statement's issuer
            # speaks (25 such cues in PolNeAR train, none credited to the statement).
            left, participle = owner, True
        elif participle or (
            prev is not None and prev.text.lower() in ("and", "but", "then") and left is None
        ):
            # "…, calling it", "survived five years in prison and says …": the subject of
            # the sentence speaks.
            left = self._sentence_subject(sent.first, w.i)
        if left is not None:
            content = self._content_after(cue_end, lemma, sent.last)
            if (
                content
                and not participle
                and (
                    self.words[cue_end + 1].text == ","
                    or (lemma in ADDRESSEE_VERBS and self.words[content[0] - 1].text == ",")
                )
            ):
                # "Acts of protest, Mr. Obama said, are acts of patriotism": the speaker
                # interrupts the clause, which runs on both sides, also past an addressee
                # ("Sooner or later, he told reporters, “it …”").  ("“One,” he said,
                # “two.”" is two quotations, joined later.)
                before = self._content_before(w.i, left, sent.first)
                if self._interrupted_clause(before, content):
                    content = before + content
            if content:
                return content, left
        # Left first: after the cue stands the addressee ("told The Hill") as often as not.
        inverted_speaker = left if left is not None else right
        finite = not w.text.lower().endswith("ing")
        tail_end = sent.last
        if right is not None:
            # "…, said Brian Baker, a longtime adviser who oversees …": the speaker's
            # apposition is not more of the sentence.
            tail_end = next(
                (k for k in range(right + 1, sent.last + 1) if self.words[k].text == ","),
                sent.last,
            )
        tail = [
            k
            for k in range(cue_end + 1, tail_end + 1)
            if self.words[k].upos != "PUNCT" and k != right
        ]
        # "CLAUSE, X said [on Friday]." -- the cue must close the sentence, give or take a
        # few words, or "In his address, he said …" would make the adverbial the content.
        at_end = len(tail) <= 10 and not any(self.words[k].text.lower() == "that" for k in tail)
        if inverted_speaker is not None and finite and at_end and cue_strength(lemma) >= 1.0:
            before = self._content_before(w.i, inverted_speaker, sent.first)
            if before:
                return before, inverted_speaker
        return [], None

    def _statement_owner(self, i: int) -> int | None:
        """Who issued the speech noun right before a participle cue ("issued a statement
        Tuesday saying"): the subject left of the verb the noun is the object of."""
        if not self.words[i].text.lower().endswith("ing") or self.cue_lemma(self.words[i]) is None:
            return None
        sent = self.doc.sentence_of(i)
        noun = next(
            (
                j
                for j in range(i - 1, max(sent.first, i - 3) - 1, -1)
                if self.words[j].text.lower() in SPEECH_NOUNS and self.word_quote[j] < 0
            ),
            None,
        )
        if noun is None or any(self.words[j].upos == "PUNCT" for j in range(noun + 1, i)):
            return None
        for j in range(noun - 1, max(sent.first, noun - 5) - 1, -1):
            w = self.words[j]
            if w.upos == "PUNCT" or self.word_quote[j] >= 0:
                return None
            if w.upos == "VERB":
                return self._left_speaker(j)
        return None

    def _left_speaker(self, i: int) -> int | None:
        """The subject just left of a cue, skipping adverbs, auxiliaries and a parenthetical."""
        sent = self.doc.sentence_of(i)
        k = self._skip_before_cue(i - 1, sent.first)
        if (
            k >= sent.first
            and self.words[k].text.lower().endswith("ly")
            and (self.words[k].entity < 0)
        ):
            k -= 1
        if k >= sent.first and self.words[k].text.endswith(")"):
            # "Elizabeth Warren (D-MA) said": skip the bracket.
            while k > sent.first and not self.words[k].text.startswith("("):
                k -= 1
            k -= 1
        jumps = 0
        while k >= sent.first and self.words[k].text == "," and jumps < _MAX_PHRASES_BEFORE_CUE:
            # "Zelensky, accompanied by Macron, revealed", "Dean Johnson, a salesman from
            # Sumter, South Carolina, says": jump back over comma-separated parentheticals.
            j = k - 1
            while j > sent.first and k - j < 25 and self.words[j].text != ",":
                j -= 1
            if not (j > sent.first and self.words[j].text == "," and self.word_quote[j] < 0):
                if jumps and self._is_speaker_word(k - 1):
                    # "“…,” an intelligence source, who was not authorized …, told Fox
                    # News": the clause starts the speaker's phrase, not another comma.
                    k = self._past_hometown(k - 1)
                    break
                return None
            jumps += 1
            antecedent = (
                self._relative_antecedent(sent.first, j) if self._is_finite_verb(j + 1) else None
            )
            if antecedent is not None:
                # "Mr. Slinker, whose latest start-up, Paradata, uses big data …, said": a
                # segment opening with a finite verb ends a relative clause, whose
                # antecedent speaks; the names inside the clause do not.
                return antecedent
            if self._is_named_speaker(j - 1) and not self._hometown(j - 1):
                return j - 1
            named = self.words[k - 1].entity
            if (
                named >= 0
                and self.doc.entities[named].is_person
                and not any(
                    self.words[x].upos == "ADP"
                    for x in range(j + 1, self.doc.entities[named].first)
                )
            ):
                # "One Republican hopeful, Carly Fiorina, says": the name is the apposition
                # (not the one a phrase ends with: "Clinton, 35, the daughter of … Hillary
                # Clinton, said").
                return k - 1
            # "Marley Anderson, 21, a junior from Las Vegas, said": try the next segment.
            k = j if jumps < _MAX_PHRASES_BEFORE_CUE else j - 1
        if k < sent.first or self.word_quote[k] >= 0:
            return None
        if not self._is_speaker_word(k):
            return None
        return self._modified_subject(i, self._past_hometown(k))

    def _is_finite_verb(self, k: int) -> bool:
        """A verb with a tense opens a clause of its own (a participle may be a modifier)."""
        w = self.words[k]
        return w.upos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats

    def _relative_antecedent(self, first: int, end: int) -> int | None:
        """The word before the nearest ", who|whose|which" left of ``end``, if it can speak."""
        for r in range(end - 1, first + 1, -1):
            if self.words[r].text.lower() in RELATIVE_OPENERS and self.words[r - 1].text == ",":
                return r - 2 if self._is_speaker_word(r - 2) else None
        return None

    def _modified_subject(self, cue: int, k: int) -> int:
        """The cue's subject when the word before the cue only modifies it.

        "The chairman of the House Intelligence Committee said", "Protesters marching
        through the streets chanted": the word right before the cue sits in a phrase
        (``nmod``, ``acl``) hanging from the cue's subject, which is who speaks.
        """
        subject = next(
            (
                c
                for c in self.words[cue].children
                if self.words[c].deprel in ("nsubj", "nsubj:pass")
            ),
            None,
        )
        if subject is None or subject >= k or self.words[subject].upos != "NOUN":
            return k
        # Up the parse from k to the subject, at most 8 steps, through words between the
        # two ("who spoke anonymously to discuss internal strategy": any relation inside
        # the modifier); ``link`` ends as the subject's own child on that path.
        link, j, steps = k, self.words[k].head, 1
        while j != subject:
            if steps >= 8 or not subject < j <= k:
                return k
            link, j, steps = j, self.words[j].head, steps + 1
        # Only through a modifier of the subject itself, not a compound name ("Trump aide").
        if self.words[link].deprel.split(":")[0] not in ("nmod", "acl"):
            return k
        return subject

    def _cue_speaker(self, cue: int) -> int | None:
        """Speaker of a cue next to a quotation: word order on either side, then the parse.

        "“…,” Ramos, 58, told AFP": the left side wins over the addressee on the right.
        An addressee verb in the passive ("Trump was asked, “…?”") has the one spoken to
        as its subject, and the speaker only in a "by" phrase; a participle ("a reporter
        can be heard asking Trump, “…?”") is never inverted, so what follows it is the
        addressee too.
        """
        if self._addressed(cue):
            return self._agent(cue)
        left = self._left_speaker(cue)
        if left is not None:
            return left
        right = None if self.words[cue].text.lower().endswith("ing") else self._right_speaker(cue)
        if right is not None:
            return right
        return self._subject(cue)

    def _addressed(self, cue: int) -> bool:
        """Whether the cue is an addressee verb in the passive ("was asked", "were told")."""
        w = self.words[cue]
        if (self.cue_lemma(w) or "") not in ADDRESSEE_VERBS:
            return False
        if self._children(cue, "aux:pass"):
            return True
        k = cue - 1
        while k >= 0 and self.words[k].upos == "ADV":
            k -= 1
        return (
            k >= 0
            and self.words[k].lemma in ("be", "get")
            and w.text.lower().endswith(("ed", "told"))
        )

    def _agent(self, k: int) -> int | None:
        """The "by" phrase of a passive verb: "… was asked by a reporter", or the name in
        apposition to its noun ("by Fox Business moderator Gerard Baker")."""
        agents = [
            c
            for c in self._children(k, "obl:agent", "obl")
            if any(self.words[x].text.lower() == "by" for x in self.words[c].children)
        ]
        if not agents:
            return None
        for c in self._children(agents[0], "appos", "flat"):
            e = self.words[c].entity
            if e >= 0 and self.doc.entities[e].is_person:
                return self.doc.entities[e].last
        return agents[0]

    def _name_first(self, k: int) -> int:
        """The first word of the entity holding word k (k itself outside any)."""
        e = self.words[k].entity
        return self.doc.entities[e].first if e >= 0 else k

    def _hometown(self, k: int) -> bool:
        """Whether the name at k follows "of" or "from" ("Donna Rawlings, 59, of Ashton,
        Md., who watched …, said"): where someone comes from, which the NER may type a
        person, not the speaker."""
        first = self._name_first(k)
        return first > 0 and self.words[first - 1].text.lower() in ("of", "from")

    def _past_hometown(self, k: int) -> int:
        """The person a hometown or seat at k belongs to ("Lord Faulkner of Worcester",
        "Rawlings of Ashton"), else k itself."""
        if not self._hometown(k):
            return k
        before = self._name_first(k) - 2
        named = self.words[before].entity if before >= 0 else -1
        return before if named >= 0 and self.doc.entities[named].is_person else k

    def _is_named_speaker(self, k: int) -> bool:
        """Any word of a person or organisation, or a personal pronoun ("we" and "I" too).

        Unlike ``_credit_name``, which needs more evidence because no cue word backs it.
        """
        w = self.words[k]
        if w.text.lower() in ("he", "she", "they", "we", "i"):
            return True
        return w.entity >= 0 and self.doc.entities[w.entity].type in PERSON_OR_ORG

    def _right_speaker(self, i: int) -> int | None:
        """ "…,” said Putin" / "said Kremlin spokesperson Dmitry Peskov": a name after the cue."""
        sent = self.doc.sentence_of(i)
        k = i + 1
        if k > sent.last or self.word_quote[k] >= 0:
            return None
        w = self.words[k]
        named: int | None = None  # a name right after the cue, unless a title follows it
        if w.text[:1].isupper():
            owner = self.doc.entities[w.entity].last if w.entity >= 0 else k
            owned = self._owned_speaker(owner, sent.last)
            if owned is not None:
                return owned
        if w.entity >= 0:
            ent = self.doc.entities[w.entity]
            if ent.is_person or ent.is_org:
                named = ent.last
        low = w.text.lower()
        if named is None and low in ("he", "she", "they", "we", "i"):
            return k
        if named is None and (
            low in ("a", "an", "the", "one") or (w.upos == "NOUN" and low.isalpha())
        ):
            # "says a source involved in …", "replied the businessman": a common-noun phrase.
            j = k + 1 if low in ("a", "an", "the") else k
            head = None
            while j <= min(sent.last, k + 5) and self.word_quote[j] < 0:
                wj = self.words[j]
                if wj.entity >= 0 and self.doc.entities[wj.entity].is_person:
                    return self.doc.entities[wj.entity].last
                if not (wj.text.replace("-", "").isalnum()) or wj.text.lower() in NOT_SPEAKER_WORDS:
                    break
                head = j
                j += 1
            if head is not None and low != "one":
                return head
            if low == "one":
                return k
        # "said Kremlin spokesperson Dmitry Peskov", "said Florida-based Republican
        # strategist Al Cardenas", "said Senate Minority Leader Harry Reid": a short title,
        # then the name; the title's own organisation or person ("Senate", "Obama" in
        # "said Obama adviser David Axelrod") speaks only where no name follows.
        for j in range(k, min(sent.last, k + 6) + 1):
            wj = self.words[j]
            e = wj.entity
            if e >= 0 and self.doc.entities[e].is_person:
                last = self.doc.entities[e].last
                after = self.words[last + 1] if last < sent.last else None
                if after is None or not (after.upos == "NOUN" and after.text.islower()):
                    return last
                # "said former Obama adviser David Axelrod": the name modifies the title.
            hyphened = self._in_hyphenated(j)
            if not (
                wj.text[:1].isupper()
                or wj.text.lower() in ("the", "a", "an")
                or hyphened
                or (wj.upos in ("NOUN", "ADJ") and wj.text.isalpha())
            ):
                break
        return named

    def _owned_speaker(self, owner: int, last: int) -> int | None:
        """ "said Clinton's spokesman, Brian Fallon": the one a possessive name owns speaks, by name
        where one follows, else by the noun ("said Trump's campaign manager" → the manager).

        Only a noun for people, or one a name stands beside: "said Trump's remarks …" is
        no speaker at all.
        """
        j = owner + 1
        if j <= last and self.words[j].text in _POSSESSIVE_ENDS:
            j += 1
        elif not self.words[owner].text.endswith(_POSSESSIVE_ENDS):
            return None
        head: int | None = None
        while j <= min(last, owner + 7) and self.word_quote[j] < 0:
            wj = self.words[j]
            if wj.entity >= 0 or not wj.text.isalpha() or not wj.text.islower():
                break
            if wj.upos not in ("NOUN", "ADJ", "PROPN"):
                break
            head = j
            j += 1
        if head is None:
            return None
        k = j + 1 if j <= last and self.words[j].text == "," else j
        while (
            k < min(last, j + 4) and self.words[k].text.isalpha() and self.words[k].text.islower()
        ):
            k += 1  # "…, actress Jamie Lee Curtis"
        if k <= last and self.words[k].entity >= 0:
            ent = self.doc.entities[self.words[k].entity]
            if ent.is_person and ent.first == k:
                return ent.last
        return head if is_unnamed_speaker_noun(self.words[head]) else None

    def _in_hyphenated(self, k: int) -> bool:
        """Whether word ``k`` is part of a compound joined by a hyphen with no spaces."""
        return any(hyphen_joins(self.words, a) for a in (k - 2, k - 1, k))

    def _is_speaker_word(self, k: int) -> bool:
        w = self.words[k]
        low = w.text.lower()
        if w.entity >= 0:
            # Any named entity right before a cue speaks: taggers confuse people and places
            # ("Cruz"), and countries do speak ("Russia said").
            return True
        if low in ("he", "she", "they", "we", "i", "who", "it", "you"):
            return True
        if low == "percent" and k > 0 and self.words[k - 1].upos == "NUM":
            # Poll shares speak in PolNeAR ("47 percent said they would vote for …"); the
            # tagger often makes "percent" a verb.
            return True
        if low in NOT_SPEAKER_WORDS or not low.isalpha():
            return False
        return w.upos in ("NOUN", "PROPN") or (w.text[:1].isupper() and k > 0)

    def _after_dateline(self, first: int, before: int) -> int:
        """Where a sentence starts past its dateline ("PHILADELPHIA, July 25 (UPI) — The
        Democratic National Committee released …"): a place in capitals, then a dash within
        a dozen words.  The place is no subject, and NER often takes it for an organisation.
        """
        w = self.words[first]
        if not (w.text.isupper() and w.text.isalpha() and len(w.text) > 2):
            return first
        for k in range(first + 1, min(before, first + 12)):
            if self.words[k].text in DATELINE_DASHES:
                return k + 1
        return first

    def _sentence_subject(self, first: int, before: int) -> int | None:
        """The first name or pronoun of the sentence: the subject a participle inherits.

        Not a name in a fronted prepositional phrase ("In response to Donald Trump's
        proposal, Clinton's aide rallied supporters, saying"), nor a possessive: neither
        is the subject.
        """
        first = self._after_dateline(first, before)
        if self.words[first].upos == "ADP":
            comma = next(
                (k for k in range(first + 1, min(before, first + 20)) if self.words[k].text == ","),
                None,
            )
            if comma is not None:
                first = comma + 1
        crowd: int | None = None
        for k in range(first, min(before, first + 30)):
            if self.word_quote[k] >= 0:
                continue
            w = self.words[k]
            if w.upos in ("VERB", "AUX") and crowd is not None:
                # "About 200 protesters congregated …, chanting": people nobody names are
                # the subject; a name after their verb ("anti-Trump signs") is not, unless
                # it opens a clause nearer the participle ("prosecutors charged him and
                # Emanuel fired his chief, acknowledging").
                return self._later_subject(k, before) or crowd
            if crowd is None and w.upos == "NOUN" and is_unnamed_speaker_noun(w):
                crowd = k
            if w.entity >= 0 and not self._hyphen_modifier(self.doc.entities[w.entity]):
                ent = self.doc.entities[w.entity]
                cluster = self.people.cluster_of_word(k)
                person = ent.is_person or (
                    cluster is not None and self.people.clusters[cluster].kind == "person"
                )  # "Ted Cruz" typed a place, which the people registry knows as a person
                if (person or ent.is_org) and not self._possessor(ent):
                    # "Kremlin spokesperson Dmitry Peskov": the person, not the organisation
                    # (but "Trump attacked Clinton": a person speaks, a verb ends the title).
                    if ent.is_org:
                        for j in range(ent.last + 1, min(ent.last + 4, before)):
                            if self.words[j].upos in ("VERB", "AUX"):
                                break
                            e = self.words[j].entity
                            if e >= 0 and self.doc.entities[e].is_person:
                                return self.doc.entities[e].last
                    return ent.last
            if w.text.lower() in ("he", "she", "they", "we", "i"):
                return k
        # No name or pronoun: a sentence-initial noun phrase ("The Florida senator sought …").
        k = first
        if k < before and self.words[k].text.lower() in ("the", "a", "an"):
            k += 1
        head: int | None = None
        while k < min(before, first + 6):
            w = self.words[k]
            low = w.text.lower()
            if not w.text.isalpha() or low in NOT_SPEAKER_WORDS or self.cue_lemma(w) is not None:
                break
            if low.endswith("ed") or low in SKIP_BEFORE_CUE or w.upos in ("VERB", "AUX"):
                break
            head = k
            k += 1
        return head if head is not None and head > first else None

    def _later_subject(self, verb: int, before: int) -> int | None:
        """The last name or he/she/they between a clause's verb and a participle that
        opens a clause of its own: after "and", "but" or a cue, with a verb next."""
        found: int | None = None
        for k in range(verb + 1, before - 1):
            w = self.words[k]
            if self.word_quote[k] >= 0 or self.words[k + 1].upos not in ("VERB", "AUX"):
                continue
            if w.entity >= 0:
                ent = self.doc.entities[w.entity]
                if not (ent.is_person or ent.is_org) or ent.last != k or self._possessor(ent):
                    continue
                opener = self.words[ent.first - 1]
            elif w.text.lower() in ("he", "she", "they"):
                opener = self.words[k - 1]
            else:
                continue
            if opener.text.lower() in ("and", "but") or self.cue_lemma(opener) is not None:
                found = k
        return found

    def _hyphen_modifier(self, ent: Entity) -> bool:
        """ "anti-Trump signs": a name glued to a prefix modifies a noun, it is no subject."""
        first = ent.first
        if first == 0:
            return False
        prev = self.words[first - 1]
        if prev.text.endswith("-") and len(prev.text) > 1:
            return prev.end == self.words[first].start and prev.text[0].islower()
        return hyphen_joins(self.words, first - 2) and self.words[first - 2].text.islower()

    def _content_after(self, cue_end: int, lemma: str, last: int) -> list[int]:
        """From the cue (or its "that") to the end of the clause."""
        while last > cue_end and self.words[last].upos == "PUNCT" and self.word_quote[last] < 0:
            last -= 1
        start = cue_end + 1
        if start > last:
            return []
        that = None
        window = 16 if lemma in ADDRESSEE_VERBS else 8
        for k in range(start, min(last, start + window) + 1):
            low = self.words[k].text.lower()
            if low == "that" and self.word_quote[k] < 0:
                # "said he opposes it but that …": a verb before "that" means the clause
                # began at the cue and "that" is inside it.
                if (
                    lemma not in ADDRESSEE_VERBS
                    and self.words[start].text.lower() in SUBJECT_PRONOUNS
                    and any(self.words[j].upos in ("VERB", "AUX") for j in range(start + 1, k))
                ):
                    break
                that = k
                break
            if lemma in ADDRESSEE_VERBS and k > start and low in ADDRESSEE_CLAUSE_STARTS:
                # "asked Sanders whether …"; but "urged Congress to act": the object is the
                # infinitive's subject, and PolNeAR keeps it in the content (in train, 121
                # such contents start at the object, 34 at "to", 16 in between).
                that = start if low == "to" else k
                break
            if lemma == "tell" and start < k <= start + 4 and low in SUBJECT_PRONOUNS:
                # "told Politico he'd support Clinton": a short addressee, then the clause.
                that = k
                break
            if lemma in ADDRESSEE_VERBS and k > start and self._speech_after(k):
                # "told reporters, “…”": past the addressee, the quotation is the content
                # (not "told “Morning Joe”", a title).
                that = k + 1
                break
            if low in (",", ":", ";") or self.word_quote[k] >= 0:
                break
        if that is not None:
            start = that
        elif lemma in ADDRESSEE_VERBS:
            return []
        else:
            while start <= last and self.words[start].text in (",", ":", "—"):
                start += 1
            # "said Thursday his biggest worry …", "said on Friday the talks …": step over
            # the time of speaking to the clause.
            while start <= last and (
                self.words[start].text.lower() in TIME_WORDS
                or (
                    self.words[start].text.lower() in ("on", "last", "this", "earlier")
                    and start + 1 <= last
                    and self.words[start + 1].text.lower() in TIME_WORDS
                )
            ):
                start += 1
            first = self.words[start].text.lower() if start <= last else ""
            if first == "to" and lemma not in ("say", "speak", "talk", "write", "explain"):
                pass  # "pledged to make …", "refused to say …": the infinitive is the content
            elif first in LEADING_NOT_CONTENT:
                # "said in a statement ...", "said to reporters": no clause follows directly.
                return []
        if start > last:
            return []  # "Trump said Friday" ending the text: only the time came after
        end = start
        while end < last:
            nxt = self.words[end + 1]
            if self.word_quote[end + 1] < 0 and (
                nxt.text == ";"
                or (
                    nxt.text in (",", "—")
                    and end + 2 <= last
                    and self.words[end + 2].text.lower() in CLAUSE_BREAKS
                )
            ):
                break
            end += 1
        content = list(range(start, end + 1))
        real = [k for k in content if self.words[k].upos != "PUNCT"]
        return content if len(real) >= 2 else []

    def _speech_after(self, k: int) -> bool:
        """Whether the comma or colon at word k opens a quotation that reads as speech."""
        nxt = k + 1
        return (
            self.words[k].text in (",", ":")
            and self.word_quote[k] < 0
            and nxt < len(self.words)
            and self.word_quote[nxt] >= 0
            and self.words[nxt].sent == self.words[k].sent
            and self._looks_like_speech(self.quotations[self.word_quote[nxt]])
        )

    def _interrupted_clause(self, before: list[int], after: list[int]) -> bool:
        """Whether "BEFORE, X said, AFTER" is one clause that the speaker interrupts.

        Not when either side is quoted (two quotations, joined later), nor when BEFORE is an
        adverbial ("Later, when I emailed him, he replied, …") or the speaker's phrase opens
        with one ("after the interview concluded, Maher stated …"); but when AFTER is a
        quotation that goes on in lower case after unquoted words ("In other words, he
        said, ''the era of … is over''"), it has no beginning of its own.
        """
        if not before or not after:
            return False
        if any(self.word_quote[k] >= 0 for k in (*before, *after)):
            first = next((k for k in after if self.words[k].upos != "PUNCT"), after[0])
            return (
                self.word_quote[first] >= 0
                and self.words[first].text[:1].islower()
                and all(self.word_quote[k] < 0 for k in before)
            )
        if self.words[before[0]].upos in ("ADV", "SCONJ"):
            return False
        opening = range(before[-1] + 1, after[0])
        return not any(
            self.words[k].upos == "SCONJ"
            or (self.words[k].upos == "ADP" and self.words[k].deprel == "mark")
            for k in opening
        )

    def _content_before(self, cue: int, speaker: int, first: int) -> list[int]:
        """ "CLAUSE, X said." -- the sentence up to the comma before speaker and cue."""
        k = min(cue, speaker) - 1
        while k >= first and self.words[k].text.lower() in SKIP_BEFORE_CUE:
            k -= 1
        # The speaker's own words before the head ("Kremlin spokesperson Dmitry").
        while (
            k >= first and self.words[k].text not in (",", "—", "–") and min(cue, speaker) - k < 6
        ):
            if self.word_quote[k] >= 0:
                break
            k -= 1
        if k >= first and self._mixed_clause_end(k, first):
            # "The media are “manipulating … this campaign,” Trump said": the comma stands
            # inside the marks, and PolNeAR's content is mostly the whole clause (in train,
            # 77 such contents start with the sentence, 22 within it, 20 at the quotation).
            return list(range(first, k + 1))
        if k < first or self.words[k].text not in (",", "—", "–"):
            return []
        start = first
        content = [j for j in range(start, k) if not (self.words[j].upos == "PUNCT" and j == start)]
        real = [j for j in content if self.words[j].upos != "PUNCT"]
        return content if len(real) >= 3 else []

    def _mixed_clause_end(self, k: int, first: int) -> bool:
        """Whether word k closes a quotation that ends in a comma and that an unquoted word
        of the sentence leads straight into ("They ''actually had chemistry,''"; not
        "Still, “…,”", where the comma sets the quotation apart)."""
        qi = self.word_quote[k]
        if qi < 0 or (k + 1 < len(self.words) and self.word_quote[k + 1] == qi):
            return False  # not in a quotation, or not at its end
        if not self.quotations[qi].text(self.text).rstrip().endswith(","):
            return False
        opening = k
        while opening > first and self.word_quote[opening - 1] == qi:
            opening -= 1
        return (
            opening > first
            and self.words[opening - 1].upos != "PUNCT"
            and self.word_quote[opening - 1] < 0
        )

    def _verb_content(self, w: Word, lemma: str) -> list[int]:
        ccomp = self._children(w.i, "ccomp", "csubj")
        if ccomp:
            return self._collect(ccomp, exclude={w.i})
        xcomp = self._children(w.i, "xcomp")
        objs = self._children(w.i, "obj")
        if lemma in PREDICATIVE_VERBS:
            preds = xcomp + [
                c
                for c in self._children(w.i, "obl")
                if any(self.words[k].text.lower() == "as" for k in self.words[c].children)
            ]
            if preds:
                return self._collect(objs + preds, exclude={w.i})
            if lemma in CLAUSE_ONLY:
                return []
        if xcomp and lemma not in ("continue", "begin", "start", "want", "plan", "decide"):
            if lemma in ADDRESSEE_VERBS:
                return self._collect(xcomp, exclude={w.i})
            return self._collect(objs + xcomp, exclude={w.i})
        # "He said: “...”": the parse often hangs the quotation off the cue as parataxis.
        para = [c for c in self._children(w.i, "parataxis", "dep") if c > w.i]
        if para and self._colon_between(w.i, para[0]):
            return self._collect(para, exclude={w.i})
        # "..., Putin said." where the parse made the cue a parataxis of the content.
        inverted = w.deprel in ("parataxis", "dep") and 0 <= w.head < w.i
        if inverted and self._comma_before(w.i) and self._has_subject(w.i):
            head_tree = set(self.doc.subtree(w.head))
            mine = set(self.doc.subtree(w.i))
            return sorted(
                k
                for k in head_tree - mine
                if self.words[k].upos != "PUNCT" or self.word_quote[k] >= 0
            )
        surface = self._surface_content(w, lemma)
        if surface:
            return surface
        if objs and lemma not in CLAUSE_ONLY and lemma not in ADDRESSEE_VERBS:
            content = self._collect(objs, exclude={w.i})
            if len([k for k in content if self.words[k].upos != "PUNCT"]) >= 2:
                return content
        return []

    def _surface_content(self, w: Word, lemma: str) -> list[int]:
        """Content by word order alone, for when the parse gives the cue no complement.

        "X said (that) CLAUSE." takes the rest of the sentence; "CLAUSE, X said." takes the
        sentence up to the comma.  Both need a verb in the content, so "said on Friday" or
        "said in a statement" yield nothing.
        """
        if lemma not in CLAUSE_VERBS:
            return []
        sent = self.doc.sentence_of(w.i)
        last = sent.last
        while last > w.i and self.words[last].upos == "PUNCT" and self.word_quote[last] < 0:
            last -= 1
        after = list(range(w.i + 1, last + 1))
        verbs_after = [k for k in after if self.words[k].upos in ("VERB", "AUX")]
        if after and verbs_after:
            start = after[0]
            for k in after[:8]:
                low = self.words[k].text.lower()
                if low == "that" and self.words[k].upos in ("SCONJ", "PRON", "DET"):
                    start = k
                    break
                if low in (",", ":"):
                    start = k + 1
                    break
            content = list(range(start, last + 1))
            if len(content) >= 3 and any(k in content for k in verbs_after):
                return content
            return []
        # "CLAUSE, X said." -- everything before the comma that precedes the speaker.
        k = w.i - 1
        while k > sent.first and self.words[k].text not in (",", "—", "–"):
            if self.words[k].upos in ("VERB", "AUX") or w.i - k > 6:
                return []
            k -= 1
        before = list(range(sent.first, k))
        if len(before) >= 3 and any(self.words[j].upos in ("VERB", "AUX") for j in before):
            return before
        return []

    def _comma_before(self, i: int) -> bool:
        k = i - 1
        sent = self.doc.sentence_of(i)
        while k >= sent.first and self.words[k].upos not in ("PUNCT",):
            if self.words[k].upos in ("VERB", "AUX"):
                return False
            k -= 1
        return (k >= sent.first and self.words[k].text in (",", "—", "–")) or (
            k >= sent.first and self.word_quote[k] >= 0
        )

    def _colon_between(self, a: int, b: int) -> bool:
        return any(self.words[k].text == ":" for k in range(a + 1, min(b, a + 6)))

    def _has_subject(self, i: int) -> bool:
        return bool(self._children(i, *SUBJECT_RELS))

    def _collect(self, roots: list[int], exclude: set[int]) -> list[int]:
        out: set[int] = set()
        for r in roots:
            out.update(self.doc.subtree(r))
        return sorted(out - exclude)

    def _subject(self, i: int) -> int | None:
        """The cue's subject, climbing through xcomp/advcl/conj when it has none of its own."""
        k = i
        for _ in range(4):
            # A subject inside quotation marks is a parse error: the speaker stands outside.
            # Climbing to a verb of witness in the passive, its subject speaks too ("a
            # reporter can be heard asking Trump", "he was quoted as saying"); not to others
            # ("The case was brought by …, seeking").
            rels = (
                (*SUBJECT_RELS, "nsubj:pass")
                if k != i and self.words[k].lemma in WITNESS_VERBS
                else SUBJECT_RELS
            )
            subj = [c for c in self._children(k, *rels) if self.word_quote[c] < 0]
            if subj:
                return subj[0]
            agent = self._agent(k) if self._children(k, "aux:pass") else None
            if agent is not None:
                return agent
            w = self.words[k]
            if w.deprel not in INHERIT_RELS or w.head < 0:
                break
            head = self.words[w.head]
            if w.deprel == "acl":
                # "a warning that ..." / "his decision to ...": the noun's possessor speaks.
                poss = self._children(head.i, "nmod:poss")
                if poss:
                    return poss[0]
            k = head.i
        return self._surface_speaker(i)

    def _surface_speaker(self, i: int) -> int | None:
        """Fallback when the parse gives no subject: a name or pronoun right next to the cue."""
        sent = self.doc.sentence_of(i)
        for dist in (1, 2, 3):
            for k in (i - dist, i + dist):
                if not (sent.first <= k <= sent.last) or self.word_quote[k] >= 0:
                    continue
                w = self.words[k]
                if w.entity >= 0 and (
                    self.doc.entities[w.entity].is_person or self.doc.entities[w.entity].is_org
                ):
                    return k
                if w.upos == "PRON" and w.text.lower() in ("he", "she", "they", "i", "we"):
                    return k
        return None

    def _according_frame(self, w: Word) -> Frame | None:
        """ "According to X, CLAUSE." / "CLAUSE, according to X[, who ...]."

        Done by word order and commas rather than the parse: the phrase is formulaic and a
        small parser attaches it almost anywhere.
        """
        sent = self.doc.sentence_of(w.i)
        source: int | None = None
        for k in range(w.i + 2, min(sent.last, w.i + 8) + 1):
            word = self.words[k]
            if word.upos in ("PROPN", "NOUN", "PRON") or word.entity >= 0:
                source = k
                # Move to the head of a multi-word name or noun phrase ("the Kremlin").
                while source + 1 <= sent.last and self.words[source + 1].upos in (
                    "PROPN",
                    "NOUN",
                ):
                    source += 1
                break
        if source is None:
            return None
        source = self._named_source_head(w, source)
        lead = [k for k in range(sent.first, w.i) if self.words[k].upos != "PUNCT"]
        leading_words = {self.words[k].text.lower() for k in lead}
        if not lead or leading_words <= {"and", "but", "so", "yet", "also"}:
            # Sentence-initial: content follows the first comma after the source.
            comma = next(
                (k for k in range(source, sent.last + 1) if self.words[k].text == ","), None
            )
            if comma is None:
                return None
            content = list(range(comma + 1, sent.last + 1))
        else:
            end = w.i - 1
            while end >= sent.first and self.words[end].upos == "PUNCT":
                end -= 1
            content = list(range(sent.first, end + 1))
        content = self._trim_trailing_punct(content)
        if len(content) < 2:
            return None
        return Frame("according", [w.i, w.i + 1], 0.9, source, content)

    def _according_phrase_end(self, w: Word, source: int | None) -> int:
        """Last word of the source phrase after "according to": up to the comma after it."""
        sent = self.doc.sentence_of(w.i)
        start = w.i + 1 if source is None else source
        comma = next((k for k in range(start, sent.last + 1) if self.words[k].text == ","), None)
        return start if comma is None else comma - 1

    def _named_source_head(self, w: Word, source: int) -> int:
        """A person named at the end of the source phrase is its head.

        "According to conservative talk radio host Rush Limbaugh, …": the word scan stops at
        the first noun when the tagger misreads a title word (*talk* as a verb), but the
        phrase is "title words + name", and the name is who is quoted.
        """
        end = self._according_phrase_end(w, source)
        last = self.words[end]
        if end <= source or end - w.i > 10 or last.entity < 0:
            return source
        ent = self.doc.entities[last.entity]
        if ent.is_person and ent.last == end and ent.first > w.i + 1:
            return end
        return source

    def _surface_noun_frame(self, w: Word) -> Frame | None:
        """ "issuing a warning that …", "his claim that …": a speech noun before "that"."""
        sent = self.doc.sentence_of(w.i)
        if w.i + 1 > sent.last or self.words[w.i + 1].text.lower() != "that":
            return None
        speaker: int | None = None
        prev = self.words[w.i - 1] if w.i > sent.first else None
        if prev is not None and prev.text.lower() in ("his", "her", "their"):
            speaker = prev.i
        elif w.i - 2 >= sent.first and self.words[w.i - 1].text in ("’s", "'s"):
            speaker = w.i - 2
        elif prev is not None and prev.entity >= 0:
            speaker = self.doc.entities[prev.entity].last
        else:
            speaker = self._sentence_subject(sent.first, w.i)
        if speaker is None:
            return None
        content = self._content_after(w.i, "say", sent.last)
        if not content:
            return None
        cue = [w.i]
        if prev is not None and prev.text.lower() in ("a", "an") and w.i - 2 >= sent.first:
            light = self.words[w.i - 2]
            if (surface_lemma(light.text) or light.lemma.lower()) in LIGHT_VERBS or (
                light.lemma.lower() in LIGHT_VERBS
            ):
                cue = [light.i, prev.i, w.i]
        return Frame("noun", sorted(cue), 0.9, speaker, content)

    def _noun_frame(self, w: Word) -> Frame | None:
        clauses = [
            c
            for c in self._children(w.i, "acl", "ccomp", "acl:relcl", "appos")
            if any(
                self.words[k].text.lower() == "that" and self.words[k].deprel == "mark"
                for k in self.words[c].children
            )
            or any(self.word_quote[k] >= 0 for k in self.doc.subtree(c))
        ]
        # "released a statement saying …": the participle is a cue with a frame of its own.
        clauses = [c for c in clauses if self._statement_owner(c) is None]
        if not clauses:
            return None
        cue = [w.i]
        speaker: int | None = None
        poss = self._children(w.i, "nmod:poss")
        if poss:
            speaker = poss[0]
        elif w.head >= 0 and self.words[w.head].lemma.lower() in LIGHT_VERBS:
            verb = self.words[w.head]
            cue = list(range(verb.i, w.i + 1)) if verb.i < w.i and w.i - verb.i <= 3 else cue
            speaker = self._subject(verb.i)
        if speaker is None:
            return None
        content = self._collect(clauses, exclude={w.i})
        # A small parser sometimes closes the clause early ("a warning that any troops sent
        # to Ukraine would be considered …" read with *sent* as its verb).  Word order runs
        # the clause to its end; take that when it only lengthens the parse's clause and
        # passes no word the noun hangs from ("his claim that … angered them").
        surface = self._content_after(w.i, "say", self.doc.sentence_of(w.i).last)
        if (
            surface
            and surface[0] == content[0]
            and set(content) <= set(surface)
            and not set(surface) & self._ancestors(w.i)
        ):
            content = surface
        return Frame("noun", cue, 0.9, speaker, content)

    def _ancestors(self, i: int) -> set[int]:
        out: set[int] = set()
        k = self.words[i].head
        while k >= 0 and k not in out:
            out.add(k)
            k = self.words[k].head
        return out

    # ------------------------------------------------------------------ drafts

    def build(self) -> list[Quote]:
        frames = self.find_frames()
        drafts: list[Draft] = []
        used_quotes: set[int] = set()
        by_frame: dict[int, Draft] = {}
        # 1. Frames: direct, mixed or indirect, by how much of their content is quoted.
        for index, f in enumerate(frames):
            spans = self._spans(f.content)
            if not spans:
                continue
            content_chars = self._chars(spans)
            quoted_ids = sorted({self.word_quote[k] for k in f.content if self.word_quote[k] >= 0})
            quoted_ids = [q for q in quoted_ids if self.quotations[q].closed]
            quoted_chars = sum(
                len(self._chars(list(self.quotations[q].outer)) & content_chars) for q in quoted_ids
            )
            ratio = quoted_chars / max(len(content_chars), 1)
            # Direct only when nothing but punctuation stands outside the marks: "that “…”"
            # is reported speech with a quotation in it (mixed), as annotators see it.
            if quoted_ids and ratio >= 0.995 and not self._scare_only(quoted_ids):
                qspans = [s for q in quoted_ids for s in self.quotations[q].spans]
                draft = Draft(qspans, "direct", f, 0.9, quotations=quoted_ids)
            elif quoted_ids:
                draft = Draft(spans, "mixed", f, 0.8 * f.strength + 0.1, quotations=quoted_ids)
            else:
                draft = Draft(spans, "indirect", f, 0.7 * f.strength)
            used_quotes.update(quoted_ids)
            f.used = True
            by_frame[index] = draft
            drafts.append(draft)
        # 2. Quotations no frame governs: adjacent cue, continuation, floating, or not speech.
        # The frame drafts sorted by end, so _previous_draft finds them by bisection.
        settled = sorted(drafts, key=_draft_end)
        settled_ends = [_draft_end(d) for d in settled]
        frame_of_cue = {f.cue[0]: fi for fi, f in enumerate(frames)}
        cue_words = self._cue_candidates()
        for qi, q in enumerate(self.quotations):
            if qi in used_quotes or not q.closed:
                continue
            pos = bisect.bisect_right(settled_ends, q.outer_start)
            prev = self._previous_draft([*settled[max(0, pos - 3) : pos], *drafts[-50:]], q)
            goes_on = (
                prev is not None
                and self._opens_sentence(q)
                and (prev.type == "direct" or self._ends_in_quotation(prev))
                and self._same_paragraph(_draft_end(prev), q.outer_start)
            )
            cue = self._adjacent_cue(q, cue_words)
            if goes_on and cue is not None and self._cue_opens_next_sentence(q, cue):
                # "“A,” Trump said. “B.” He said, twice, …": B goes on from A.
                cue = None
            if cue is not None and not self._looks_like_speech(q) and not self._tight_cue(q, cue):
                cue = None
            if cue is None and not self._looks_like_speech(q):
                continue
            if cue is None:
                credit = self._colon_speaker(q) or self._dash_credit(q) or self._verb_credit(q)
                if credit is not None:
                    drafts.append(Draft(list(q.spans), "direct", credit, 0.75, quotations=[qi]))
                    used_quotes.add(qi)
                    continue
            if cue is not None:
                fi: int | None = frame_of_cue.get(cue)
                owner = by_frame.get(fi) if fi is not None else None
                if owner is not None and owner.type == "direct" and self._near(owner, q):
                    owner.spans.extend(q.spans)
                    owner.quotations.append(qi)
                else:
                    if owner is not None:
                        # The parse gave the cue some other content; the quotation wins.
                        drafts.remove(owner)
                        owner.spans = []  # no longer a quote, nor a previous one
                    f = (
                        frames[fi]
                        if fi is not None
                        else Frame(
                            "verb", self._cue_span_words(cue), 1.0, self._cue_speaker(cue), []
                        )
                    )
                    draft = Draft(list(q.spans), "direct", f, 0.85, quotations=[qi])
                    drafts.append(draft)
                    if fi is not None:
                        by_frame[fi] = draft
                used_quotes.add(qi)
                continue
            if not self._opens_sentence(q):
                owner = self._split_owner(q, drafts)
                if owner is not None:
                    owner.spans.extend(q.spans)
                    owner.quotations.append(qi)
                    used_quotes.add(qi)
                continue  # neither a continuation nor a floating quotation
            if prev is not None and goes_on:
                # "“…,” Macron said. “…”": the next sentence continues the same quotation,
                # however short ("“They sue,” he said. “Everybody sues, right?”").
                prev.spans.extend(q.spans)
                prev.quotations.append(qi)
                used_quotes.add(qi)
                continue
            if not self._sentence_like(q):
                continue
            nxt = self._speaker_named_after(q)
            if nxt is not None:
                drafts.append(Draft(list(q.spans), "direct", nxt, 0.6, quotations=[qi]))
                used_quotes.add(qi)
                continue
            if prev is not None and self._opens_paragraph(q):
                # A floating quotation: the previous paragraph's speaker goes on talking.
                speaker = self._speaker_of(prev)
                if prev.type == "direct" and speaker is not None and speaker.name is not None:
                    # PolNeAR joins the paragraphs into one content, so the quote grows.
                    prev.spans.extend(q.spans)
                    prev.quotations.append(qi)
                    used_quotes.add(qi)
                    continue
                if speaker is not None and speaker.name is not None:
                    drafts.append(
                        Draft(
                            list(q.spans),
                            "direct",
                            prev.frame,
                            0.7 if prev.type == "direct" else 0.6,
                            speaker_override=speaker,
                            quotations=[qi],
                        )
                    )
                    used_quotes.add(qi)
                    continue
            orphan = self._nearest_person_before(q) or Speaker(None, "unknown", None)
            if orphan is not None:
                # No cue anywhere near: the last person named before it is the best guess;
                # with nobody named, the words are still reported, with the speaker unknown.
                drafts.append(
                    Draft(
                        list(q.spans), "direct", None, 0.4, speaker_override=orphan, quotations=[qi]
                    )
                )
                used_quotes.add(qi)
        drafts.sort(key=lambda d: d.spans[0][0])
        self._join_split_quotations(drafts)
        return _one_per_content([self._finish(d) for d in drafts if d.spans])

    def _join_split_quotations(self, drafts: list[Draft]) -> None:
        """“A,” Mr. Indyk said, “B”: the quotations on either side of one cue, one quote.

        PolNeAR annotates one content in two pieces; the frame of "said" reads “B” and the
        credit of the quotation before it reads “A”, so the two drafts meet only here.
        The later draft (in text order) is emptied into the earlier one.
        """
        before_cue: dict[int, Draft] = {}
        for d in drafts:
            if d.type != "direct" or d.frame is None or not d.frame.cue:
                continue
            cue = d.frame.cue[0]
            cue_at = self.words[cue].start
            first = before_cue.get(cue)
            if (
                first is not None
                and d.spans[0][0] >= cue_at
                and self._same_paragraph(_draft_end(first), d.spans[0][0])
            ):
                first.spans.extend(d.spans)
                first.quotations.extend(d.quotations)
                first.base_confidence = max(first.base_confidence, d.base_confidence)
                d.spans = []
            elif _draft_end(d) <= cue_at:
                before_cue[cue] = d

    def _nearest_person_before(self, q: Quotation) -> Speaker | None:
        """The most recent person named outside quotations in q's or the previous sentence."""
        first_word = self._word_index_at(q.outer_start)
        if first_word >= len(self.words):
            return None
        sent = self.words[first_word].sent
        mentions = self.people.mentions
        pos = bisect.bisect_left(self.people.mention_words, first_word)
        for m in reversed(mentions[max(0, pos - 5) : pos]):
            if m.sent < sent - 1:
                break
            c = self.people.clusters[m.cluster]
            if c.kind == "person":
                return Speaker(c.name, c.kind, self._mention(m.word))
        return None

    def _previous_draft(self, drafts: list[Draft], q: Quotation) -> Draft | None:
        """The attributed quote ending last before q, if it is in q's or the previous paragraph.

        Any other quotation in between (even an unattributed one) breaks the chain, and so
        does a paragraph without quotes in between.  ``drafts`` are the candidates: the
        frame drafts ending just before q plus the latest drafts, so that an article with
        many quotes keeps each lookup short without missing a frame's quote far back in the
        list.
        """
        best: Draft | None = None
        best_end = -1
        for d in drafts:
            if not d.spans:
                continue
            end = _draft_end(d)
            if end <= q.outer_start and end > best_end and not self._trails_quotation(d, drafts):
                best, best_end = d, end
        if best is None or q.outer_start - best_end > 3000:
            return None
        gap = self.text[best_end : q.outer_start]
        paragraphs_between = sum(1 for line in gap.split("\n")[1:-1] if line.strip())
        if paragraphs_between > 0 or self._crosses_quote(
            best_end + 1, q.outer_start, speech_only=True
        ):
            return None
        return best

    def _split_owner(self, q: Quotation, drafts: list[Draft]) -> Draft | None:
        """The direct quote that q, going on in lower case in the same sentence, completes
        past its cue: “The risk,” said Edward Leamer, an economist who …, “is that …”.

        The speaker's apposition keeps the second quotation from the cue, so neither the
        frame nor the adjacent-cue search reads it, and without this it is no quote at all.
        """
        sent = self._sentence_at(q.outer_start)
        before = [d for d in drafts if d.spans and _draft_end(d) <= q.outer_start]
        if not before:
            return None
        d = max(before, key=_draft_end)
        end = _draft_end(d)
        if d.type != "direct" or d.frame is None or not d.frame.cue:
            return None
        cue_at = self.words[d.frame.cue[0]].start
        if self._sentence_at(end) != sent or not end <= cue_at < q.outer_start:
            return None
        return None if self._crosses_quote(end + 1, q.outer_start) else d

    def _ends_in_quotation(self, d: Draft) -> bool:
        """Whether a mixed quote ends with its quotation and its cue follows ("At private
        courses, members may pay more ''because …,'' Mr. Chipok said."): the speaker's own
        words run on into the next quotation as they do after a direct quote.
        """
        if d.type != "mixed" or not d.quotations or d.frame is None or not d.frame.cue:
            return False
        end = _draft_end(d)
        closes = self.quotations[max(d.quotations)].outer_end >= end - 1
        return closes and self.words[d.frame.cue[0]].start >= end

    def _trails_quotation(self, d: Draft, drafts: list[Draft]) -> bool:
        """Whether d is reported speech inside the attribution sentence of a quotation before
        it ("“A,” Trump said, referring to the debate. “B”"), which does not end the quote.
        """
        if d.type == "direct":
            return False
        sent = self._sentence_at(d.spans[0][0])
        return any(
            e.type == "direct"
            and e.spans
            and _draft_end(e) <= d.spans[0][0]
            and self._sentence_at(_draft_end(e)) == sent
            for e in drafts
        )

    def _sentence_at(self, offset: int) -> int:
        """The sentence of the first word starting at or after offset (the last word's past
        the end)."""
        return self.words[min(self._word_index_at(offset), len(self.words) - 1)].sent

    def _opens_paragraph(self, q: Quotation) -> bool:
        line_start = self._line_start(q.outer_start)
        return self.text[line_start : q.outer_start].strip() == ""

    def _cue_candidates(self) -> list[int]:
        return [
            w.i
            for w in self.words
            if self.word_quote[w.i] < 0 and cue_strength(self.cue_lemma(w) or "") >= 1.0
        ]

    def _cue_span_words(self, i: int) -> list[int]:
        particles = [
            c
            for c in self._children(i, "compound:prt")
            if self.words[c].text.lower() in CUE_PARTICLES
        ]
        return sorted([i, *particles])

    def _adjacent_cue(self, q: Quotation, cues: list[int]) -> int | None:
        """A speech verb right before (``Putin said: “…”``) or after (``“…,” he said``) q.

        Only words outside quotations may stand between them, and few of them: the
        attribution of a direct quote is a short clause glued to it by a comma or colon.
        """
        text = self.text
        # A cue that opens the next sentence is taken only when no cue stands before the
        # quotation ("X told reporters, “It will be cut.” Others disagreed.").
        after_penalty = 1000 if self._ends_in_full_stop(q) else 0
        # "“…,” Douglas Holtz-Eakin, an economic adviser to Republicans and former director
        # of …, wrote": after a quotation that ends in a comma, the clause that follows is
        # its attribution however long the speaker's apposition.
        after_reach = 200 if q.text(text).rstrip().endswith(",") else 60
        best: tuple[int, int] | None = None
        lo = bisect.bisect_left(cues, self._word_index_at(q.outer_start - 170))
        hi = bisect.bisect_right(cues, self._word_index_at(q.outer_end + after_reach + 20))
        for c in cues[lo:hi]:
            w = self.words[c]
            if w.start >= q.outer_end:
                gap = text[q.outer_end : w.start]
                if (
                    "\n" in gap
                    or len(gap) > after_reach
                    or self._crosses_quote(q.outer_end, w.start)
                ):
                    continue
                if re.search(r"[.!?]\s", gap) or "“" in gap or '"' in gap:
                    continue
                dist = len(gap) + after_penalty
            elif w.end <= q.outer_start:
                gap = text[w.end : q.outer_start]
                # "Clinton … said on Twitter on Monday, in reference to her first child, a
                # girl born Sept. 26, 2014, “…”": a finite speech verb reaches past the
                # phrases between it and its quotation, though not past a clause ("as X
                # observed, the biggest victor was …: “…”" has its content already).
                if "\n" in gap.strip("\n ") or len(gap) > 150:
                    continue
                if len(gap) > 60 and not (
                    self._finite_speech_cue(c)
                    and not any(
                        self._is_finite_verb(k)
                        for k in range(c + 1, self._word_index_at(q.outer_start))
                    )
                ):
                    continue
                if gap.count("\n") > 2 or self._crosses_quote(w.end, q.outer_start):
                    continue
                stripped = gap.strip()
                if not (
                    stripped.endswith((",", ":"))
                    or stripped == ""
                    or ("\n" in gap and text[w.end : w.end + 1] == ":")
                ):
                    continue
                if re.search(r"[.!?]\s", gap):
                    continue
                dist = len(gap)
            else:
                continue
            if best is None or dist < best[0]:
                best = (dist, c)
        return best[1] if best else None

    def _ends_in_full_stop(self, q: Quotation) -> bool:
        """Whether the quotation closed its sentence, so a cue after it opens the next."""
        return q.text(self.text).rstrip().endswith(".")

    def _cue_opens_next_sentence(self, q: Quotation, cue: int) -> bool:
        """Whether the cue stands after a quotation that closed its sentence: it may speak
        for the next sentence ("“…” He said, twice, …"), not for the quotation."""
        return self.words[cue].start >= q.outer_end and self._ends_in_full_stop(q)

    def _tight_cue(self, q: Quotation, cue: int) -> bool:
        """ "“Denver,” he answered.": a short quotation glued to its cue is still speech.

        The quotation must end in a comma, question or exclamation mark inside the marks and
        be followed at once by speaker and cue, which titles and scare quotes never are.
        """
        body = q.text(self.text).rstrip()
        if not body or body[-1] not in ",?!":
            return False
        return 0 <= self.words[cue].start - q.outer_end <= 25

    def _colon_speaker(self, q: Quotation) -> Frame | None:
        """ "Schumer tweeted: “…”", "Pollster Daron Shaw: “…”": speaker before a colon."""
        k = self.text.rfind(":", max(0, q.outer_start - 4), q.outer_start)
        if k < 0 or self.text[k + 1 : q.outer_start].strip():
            return None
        pos = bisect.bisect_left(self.doc.word_starts, k)
        if pos >= len(self.words) or self.words[pos].start != k:
            return None
        colon_word = pos
        sent = self.doc.sentence_of(colon_word)
        speaker: int | None = None
        cue = [colon_word]
        for j in range(colon_word - 1, max(sent.first, colon_word - 12) - 1, -1):
            if self.word_quote[j] >= 0:
                break
            w = self.words[j]
            if cue == [colon_word] and self.cue_lemma(w) is not None:
                cue = [j]
                continue
            if w.entity >= 0:
                ent = self.doc.entities[w.entity]
                if ent.is_person or ent.is_org:
                    speaker = ent.last
                    break
            if w.text.lower() in ("he", "she", "they", "we", "i"):
                speaker = j
                break
            if w.upos == "PROPN" and self.people.find_by_name(w.text) is not None:
                # "Bush: “…”" where the NER missed the name: a person the article names.
                speaker = j
                break
        if speaker is None:
            return None
        return Frame("verb", cue, 0.9, speaker, [])

    def _dash_credit(self, q: Quotation) -> Frame | None:
        """ "“…” ― Carla Sanchez.": a dash after the closing mark credits a name on that line.

        Reader comments, epigraphs and pull quotes are set this way, with no verb at all;
        without the rule the name before the quotation (the previous credit) would speak.
        The name must come first after the dash and the credit must end the line.
        """
        start = q.outer_end
        line_end = self._line_end(start)
        if not self.text[start:line_end].strip(" \t.,"):
            # "”\n\n- Bernie Sanders.": a quotation that ends its paragraph, credited below.
            below = _TEXT_CHAR.search(self.text, line_end)
            if below is None:
                return None
            start = below.start()
            line_end = self._line_end(start)
        dash = _CREDIT_DASH.match(self.text, start, line_end)
        if dash is None or line_end - dash.end() > _CREDIT_MAX_CHARS:
            return None
        pos = bisect.bisect_left(self.doc.word_starts, dash.start(1))
        if pos >= len(self.words) or self.words[pos].start >= line_end:
            return None
        for w in self.words[pos + 1 : pos + 4]:
            if w.start >= line_end or self.word_quote[w.i] >= 0:
                break
            if w.entity >= 0:
                ent = self.doc.entities[w.entity]
                if ent.is_person or ent.is_org:
                    return Frame("verb", [pos], 0.9, ent.last, [])
            if not w.text[:1].isupper():
                break  # "” — and then Biden left": a title may precede the name, nothing else
        return None

    def _verb_credit(self, q: Quotation) -> Frame | None:
        """ "“…,” an angry Hollande retaliated.": any finite verb glued to a quotation by its
        comma, with a person or organisation beside it, is the attribution.

        The cue lexicon cannot list every verb a reporter reaches for (*retaliated*,
        *shot back*, *laughed*); the shape of the sentence says it all the same. The name
        may come first ("Hollande retaliated") or after the verb ("retaliated Hollande"),
        with a few words of description before it.
        """
        body = q.text(self.text).rstrip()
        after = self.text[q.outer_end : q.outer_end + 2]
        if not (body[-1:] in (",", "?", "!") or after.startswith(",")):
            return None
        pos = bisect.bisect_left(self.doc.word_starts, q.outer_end)
        if pos < len(self.words) and self.words[pos].text == ",":
            pos += 1
        if pos >= len(self.words) or self.words[pos].start - q.outer_end > 3:
            return None
        if "\n" in self.text[q.outer_end : self.words[pos].start]:
            return None  # the next paragraph's subject, not a credit
        sent = self.words[pos].sent
        run = [w for w in self.words[pos : pos + 8] if w.sent == sent and self.word_quote[w.i] < 0]
        # Past participles too: the small tagger reads "Hollande retaliated" as one.
        verbs = [k for k, w in enumerate(run) if w.upos == "VERB" and w.xpos in FINITE_OR_VBN]
        if not verbs:
            return None
        v = verbs[0]
        before, after_verb = run[:v], run[v + 1 : v + 4]
        if before:  # "an angry Hollande retaliated": the name must end right at the verb
            last = before[-1]
            speaker = last.i if self._credit_name(last) or self._unnamed_credit(before) else None
            if any(w.upos in ("PUNCT", "VERB", "AUX") for w in before):
                speaker = None
        elif run[v].xpos == "VBN":  # "“…,” given the …" is no attribution
            speaker = None
        else:  # "retaliated Hollande", "shot back the Kremlin's spokesman Dmitry Peskov"
            named = [w for w in after_verb if self._credit_name(w)]
            speaker = named[0].i if named else None
        if speaker is None:
            return None
        return Frame("verb", [run[v].i], 0.8, speaker, [])

    @staticmethod
    def _unnamed_credit(phrase: list[Word]) -> bool:
        """ "“…!” some protesters chanted": a noun phrase for people nobody names.

        Without it the quotation floats to the last name of an earlier paragraph.
        """
        head = phrase[-1]
        return (
            head.upos == "NOUN"
            and is_unnamed_speaker_noun(head)
            and all(w.upos in ("DET", "ADJ", "NUM", "NOUN") for w in phrase[:-1])
        )

    def _credit_name(self, w: Word) -> bool:
        """The last word of a person or organisation, or he/she/they: a speaker for any verb.

        Stricter than ``_is_named_speaker``: with no speech verb to go on, "we" and "I"
        (mostly inside quoted speech) and a name's first word are not taken.
        """
        if w.entity >= 0:
            ent = self.doc.entities[w.entity]
            return (ent.is_person or ent.is_org) and ent.last == w.i
        return w.text.lower() in ("he", "she", "they")

    def _line_start(self, offset: int) -> int:
        return self._newlines[bisect.bisect_left(self._newlines, offset) - 1] + 1

    def _line_end(self, offset: int) -> int:
        pos = bisect.bisect_left(self._newlines, offset)
        return self._newlines[pos] if pos < len(self._newlines) else len(self.text)

    def _word_index_at(self, offset: int) -> int:
        return bisect.bisect_left(self.doc.word_starts, offset)

    def speaker_goes_on(self, prev: Quote, start: int) -> bool:
        """Whether words from ``start`` on, with no cue of their own, are still prev's speaker's.

        Only after a quotation with a named speaker, in the same paragraph, with no other
        speech quoted in between.
        """
        end = prev.spans[-1][1]
        return (
            prev.type in ("direct", "mixed")
            and prev.speaker.name is not None
            and self._same_paragraph(end, start)
            and not self._crosses_quote(end, start, speech_only=True)
        )

    def _crosses_quote(self, start: int, end: int, *, speech_only: bool = False) -> bool:
        """A quotation starts in [start, end); with ``speech_only``, one that looks like speech.

        "“…,” he said on “Meet the Press.” “…”": the show's name does not end his turn.
        """
        pos = bisect.bisect_left(self._quote_starts, start)
        while pos < len(self._quote_starts) and self._quote_starts[pos] < end:
            if not speech_only or self._looks_like_speech(self.quotations[pos]):
                return True
            pos += 1
        return False

    def _near(self, owner: Draft, q: Quotation) -> bool:
        """q stands within a short attribution's distance of owner's quote, on either side."""
        first = min(s for s, _ in owner.spans)
        last = max(e for _, e in owner.spans)
        if q.outer_start >= last:
            gap = self.text[last : q.outer_start]
        elif q.outer_end <= first:
            gap = self.text[q.outer_end : first]
        else:
            return False
        return len(gap) < 80 and "\n" not in gap

    def _same_paragraph(self, end: int, start: int) -> bool:
        return "\n" not in self.text[end:start]

    def _opens_sentence(self, q: Quotation) -> bool:
        body = q.text(self.text)
        return (body[:1].isupper() or body[:1] in "….") and not self._titleish(body)

    def _sentence_like(self, q: Quotation) -> bool:
        return len(re.findall(r"\w+", q.text(self.text))) >= 4 and self._opens_sentence(q)

    def _titleish(self, body: str) -> bool:
        words = re.findall(r"[A-Za-z][\w’'-]*", body)
        if not words:
            return True
        # Titles keep small words lower-case ("Orange is the New Black").
        content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS and w != "is"]
        caps = sum(1 for w in content if w[0].isupper())
        return len(words) <= 8 and bool(content) and caps == len(content)

    def _looks_like_speech(self, q: Quotation) -> bool:
        """Speech needs some length; short or Title Case spans are scare quotes and names."""
        body = q.text(self.text)
        n_words = len(re.findall(r"\w+", body))
        if n_words < 3 or self._titleish(body):
            return False
        return not (n_words < 5 and not re.search(r"[.!?,]$", body.strip()))

    def _scare_only(self, quoted_ids: list[int]) -> bool:
        return all(self._titleish(self.quotations[q].text(self.text)) for q in quoted_ids)

    def _speaker_named_after(self, q: Quotation) -> Frame | None:
        """A sentence-like quotation followed by "… X said." in the same paragraph."""
        if not self._sentence_like(q):
            return None
        line_end = self._line_end(q.outer_end)
        limit = min(line_end, q.outer_end + 120)
        for w in self.words[bisect.bisect_left(self.doc.word_starts, q.outer_end) :]:
            if w.start >= limit:
                break
            if self.word_quote[w.i] < 0 and cue_strength(self.cue_lemma(w) or "") >= 1.0:
                subj = self._cue_speaker(w.i)
                if subj is not None:
                    return Frame("verb", self._cue_span_words(w.i), 1.0, subj, [])
        return None

    # ------------------------------------------------------------------ spans

    def _spans(self, words: list[int]) -> list[Span]:
        """Contiguous character spans of a word set, trimmed of edge punctuation."""
        spans: list[Span] = []
        run: list[int] = []
        for k in words:
            if run and k != run[-1] + 1:
                spans.extend(self._run_span(run))
                run = []
            run.append(k)
        if run:
            spans.extend(self._run_span(run))
        return spans

    def _run_span(self, run: list[int]) -> list[Span]:
        while run and self.words[run[0]].text in _EDGE_PUNCT:
            run = run[1:]
        while run and self.words[run[-1]].text in _EDGE_PUNCT:
            run = run[:-1]
        if not run:
            return []
        return [(self.words[run[0]].start, self.words[run[-1]].end)]

    def _chars(self, spans: list[Span]) -> set[int]:
        return {
            i
            for s, e in spans
            for i in range(s, e)
            if i < len(self.text) and _WORD_RE.match(self.text[i])
        }

    # ------------------------------------------------------------------ speakers

    def _np_span(self, i: int) -> Span:
        """The words naming the speaker: the entity, or the head with its left modifiers.

        By word order, not the parse: "the Kremlin spokesperson", "Republican pollster
        Daron Shaw", never a clause the parser happened to hang off the head.
        """
        lo = hi = i
        e = self.words[i].entity
        if e >= 0:
            ent = self.doc.entities[e]
            lo, hi = ent.first, ent.last
        sent = self.doc.sentence_of(i)
        while (
            hi < sent.last
            and self.words[hi + 1].head == i
            and self.words[hi + 1].deprel in ("flat", "flat:name")
            and self.word_quote[hi + 1] < 0
        ):
            # "Mr Kim explained", where the NER took "Kim" alone and the parse heads the
            # phrase with the title: the name after it belongs to the words naming him.
            nxt = self.words[hi + 1].entity
            hi = self.doc.entities[nxt].last if nxt >= 0 else hi + 1
        taken = 0
        while lo - 1 >= sent.first and i - lo - taken < 5 and self.word_quote[lo - 1] < 0:
            prev = self.words[lo - 1]
            low = prev.text.lower()
            if low == "-" and lo - 2 >= sent.first and self._in_hyphenated(lo - 2):
                # "Los Angeles-based attorney": the hyphen and the word before it are one.
                lo -= 2
                taken += 2
                continue
            if low in ("the", "a", "an", "his", "her", "their", "its", "’s", "'s"):
                lo -= 1
                break
            if not prev.text.isalpha() or low in NOT_SPEAKER_WORDS or low in SKIP_BEFORE_CUE:
                break
            if self.cue_lemma(prev) is not None or self.words[i].upos == "PRON":
                break
            lo -= 1
        while self.words[lo].upos == "PUNCT" and lo < i:
            lo += 1
        return (self.words[lo].start, self.words[hi].end)

    def resolve_speaker(self, i: int) -> tuple[Speaker, float]:
        """Speaker for a subject word, and how much to trust it (1 = a name in place)."""
        w = self.words[i]
        low = w.text.lower()
        if low in ("who", "which") and i > 0:
            # "Putin, who reiterated …": the antecedent stands right before the comma.
            k = i - 1
            if self.words[k].text == "," and k > 0:
                k -= 1
            if self.words[k].entity >= 0 or self.words[k].upos in ("NOUN", "PROPN"):
                inner, trust = self.resolve_speaker(k)
                return Speaker(inner.name, inner.kind, self._mention(i)), trust * 0.95
        if low in RELATIVE_PRONOUNS and w.upos == "PRON":
            verb = w.head
            noun = self.words[verb].head if verb >= 0 else -1
            if noun >= 0 and self.words[verb].deprel.startswith("acl") and noun != i:
                inner, trust = self.resolve_speaker(noun)
                return Speaker(inner.name, inner.kind, self._mention(i)), trust * 0.95
            return Speaker(None, "unknown", self._mention(i)), 0.5
        cluster = self.people.cluster_of_word(i)
        if cluster is None:
            # A person's name compounded onto a common noun modifies it ("Trump
            # supporters", "the Clinton campaign", "the Obama administration"): the noun's
            # referent speaks, not the person.  An organisation's stays ("FEC records", "a
            # Monmouth poll": the body that issued them), and a name in apposition or flat
            # goes first ("GOP frontrunner Donald Trump", "CNBC moderator Carl Quintanilla").
            # The author's name on what they said or wrote ("a Donald Trump tweet") speaks.
            lemma = w.lemma.lower()
            modified = w.upos == "NOUN" and lemma not in ROLE_HEADS and lemma not in SPEECH_NOUNS
            children = sorted(
                self.words[i].children, key=lambda c: self.words[c].deprel == "compound"
            )
            for child in children:
                lo, hi = min(i, child), max(i, child)
                if modified and self.words[child].deprel == "compound":
                    named = self.people.cluster_of_word(child)
                    if named is not None and self.people.clusters[named].kind == "person":
                        continue
                if self.words[child].deprel in (
                    "appos",
                    "flat",
                    "compound",
                    "flat:name",
                ) and not any(self.words[k].text == ":" for k in range(lo + 1, hi)):
                    # Not across a colon: "Poll: Clinton and Trump …" is not about a
                    # poll called Clinton, whatever the parse says.
                    cluster = self.people.cluster_of_word(child)
                    if cluster is not None:
                        break
        if cluster is not None:
            found = self.people.clusters[cluster]
            return Speaker(found.name, found.kind, self._mention(i)), 1.0
        if w.upos == "PRON" or low in PERSONAL_PRONOUNS:
            if low in ("i", "we", "me", "us", "you"):
                return Speaker(None, "unknown", self._mention(i)), 0.6
            resolved = self.people.resolve_pronoun(i, low)
            if resolved is not None:
                found = self.people.clusters[resolved]
                return Speaker(found.name, found.kind, self._mention(i)), 0.85
            return Speaker(None, "unknown", self._mention(i)), 0.5
        described = self.people.resolve_description(i)
        if described is not None:
            found = self.people.clusters[described]
            return Speaker(found.name, found.kind, self._mention(i)), 0.85
        if w.upos == "PROPN" or w.entity >= 0 or (w.text[:1].isupper() and w.text.isalpha()):
            e = w.entity
            if e >= 0:
                by_name = self.people.find_by_name(self.doc.entities[e].text)
            else:
                # A name the NER missed: the whole phrase first ("Rush Limbaugh" in a
                # title-case headline), then the word alone.
                by_name = self.people.find_by_name(self._mention(i).text)
                if by_name is None:
                    by_name = self.people.find_by_name(w.text)
            if by_name is not None:
                found = self.people.clusters[by_name]
                return Speaker(found.name, found.kind, self._mention(i)), 0.9
        return Speaker(None, "unknown", self._mention(i)), 0.6

    def _mention(self, i: int) -> TextSpan:
        start, end = self._np_span(i)
        lo = self._word_index_at(start)
        if self.words[lo].text in ("’s", "'s") and lo > 0 and self.word_quote[lo - 1] < 0:
            # "Clinton’s campaign", "Mr. Ryan's parallel track": the phrase ends its walk at
            # the possessive, but the words naming the speaker take in the possessor (the
            # mention read "’s campaign").
            start = self.words[self._name_first(lo - 1)].start
        return TextSpan(self.text[start:end], start, end)

    def _speaker_of(self, d: Draft) -> Speaker | None:
        if d.speaker_override is not None:
            return d.speaker_override
        if d.frame is None or d.frame.speaker is None:
            return None
        return self.resolve_speaker(d.frame.speaker)[0]

    # ------------------------------------------------------------------ output

    def learned_quote(
        self, cue: list[int], speaker: int | None, content: list[int], source: list[int]
    ) -> Quote | None:
        """A quote for a frame found by the learned tagger (``app.nlp.tagger``).

        Goes through the same finishing as the rules' frames (speaker resolution through
        the people registry, cue, context, event, date), so a learned quote differs from a
        rule one only in where its words came from.  The speaker mention is the tagger's
        source words, which follow PolNeAR's mention boundaries.  None when the content
        has no words left after trimming.
        """
        spans = self._spans(content)
        if not spans:
            return None
        quoted = any(self._in_closed_quotation(k) for k in content)
        if speaker is None and cue:
            # No source words tagged: the rules' own search for the cue's speaker, word
            # order first as for their frames ("Putin’s stance came after Zelensky,
            # accompanied by Macron, revealed that": the parse's subject is "stance").
            speaker = self._left_speaker(cue[0])
            if speaker is None:
                speaker = self._subject(cue[0])
        frame = Frame("verb", cue, 0.5, speaker, content, used=True)
        quote = self._finish(Draft(spans, "mixed" if quoted else "indirect", frame, 0.5))
        if cue == []:
            quote.cue = None
        if source:
            quote.speaker = self._named_by_source(quote.speaker, source)
        return quote

    def source_speaker(self, source: list[int], head: int) -> Speaker:
        """The speaker named by source words the tagger found, ``head`` the one heading them.

        Resolved through the people registry like any subject, so the canonical name is the
        rules' own; the mention is the tagger's words (PolNeAR's mention boundaries).
        """
        return self._named_by_source(self.resolve_speaker(head)[0], source)

    def _named_by_source(self, speaker: Speaker, source: list[int]) -> Speaker:
        """The speaker with a tagged source run's words as its mention, and the run's
        person as its name where the speaker has none, or where an organisation heads a
        run that closes with a person after their titles ("Bolton boss Sam Allardyce",
        which the parse may head with "Bolton")."""
        if speaker.name is None:
            speaker = self._person_in_source(source) or speaker
        elif speaker.kind == "organization" and all(
            self.words[k].upos in _TITLE_RUN_TAGS or self.words[k].text in _POSSESSIVE_ENDS
            for k in source
        ):
            # Not through a clause or a comma ("the Hurun Report, a firm founded … by the
            # British accountant Rupert Hoogewerf": the firm speaks).
            speaker = self._titled_person_closing(source) or speaker
        speaker.mention = self.words_span(*self._bracket_balanced(source[0], source[-1]))
        return speaker

    def _bracket_balanced(self, first: int, last: int) -> tuple[int, int]:
        """A tagged run without the half of a bracket pair it cut ("Adsteam )" of "The
        Adelaide Steamship Co Ltd (Adsteam) said", "Hughes Tool Co < HT" of a wire
        ticker): the words a client sees name the speaker, not a stray mark."""
        words = self.words
        depth = 0
        for k in range(first, last + 1):
            text = words[k].text
            if text in _BRACKET_OPENERS:
                depth += 1
            elif text in _BRACKET_CLOSERS:
                if depth == 0 and k == last and k > first:
                    return first, k - 1
                if depth == 0 and k == first and k < last:
                    first += 1
                depth = max(0, depth - 1)
        if depth:
            opener = max(k for k in range(first, last + 1) if words[k].text in _BRACKET_OPENERS)
            if opener > first:
                last = opener - 1
        return first, last

    def _person_in_source(self, source: list[int]) -> Speaker | None:
        """The person a tagged source run names, for when its head word names nobody.

        "Vermont Sen. Bernie Sanders", "Dan Backer, the fund's lawyer, …": the word heading
        the run may be a title or an apposition's noun.  Only a name the run opens with,
        after title words at most, speaks, or else one closing it after its titles
        (`_titled_person_closing`): not "a spokesman for Clinton", "Clinton's aides", "the
        Obama administration" or "Democrats including Clinton"; nor a run in capitals
        ("FELLOW DOCTORS", a section heading), where case tells the NER nothing and it
        takes words for names.  A name first in a coordination ("Sanders and the pontiff")
        is taken, as the parse's head would be.
        """
        if all(self.words[k].text.isupper() for k in source if self.words[k].text.isalpha()):
            return None
        for k in source:
            w = self.words[k]
            if w.entity >= 0 and self.doc.entities[w.entity].is_person:
                ent = self.doc.entities[w.entity]
                nxt = self.words[ent.last + 1] if ent.last + 1 < len(self.words) else None
                if self._possessor(ent) or (
                    nxt is not None and nxt.upos == "NOUN" and nxt.text.islower()
                ):
                    # "Hillary Clinton's campaign manager Robby Mook", "the Obama
                    # administration": the name modifies the head; one closing the run may
                    # still be the speaker.
                    break
                named, _ = self.resolve_speaker(ent.last)
                return named if named.name is not None else None
            if w.upos not in ("DET", "ADJ", "PROPN", "NOUN"):
                break
        return self._titled_person_closing(source)

    def _titled_person_closing(self, source: list[int]) -> Speaker | None:
        """The person a tagged source run ends with, after the titles describing them.

        "Clinton's chief pollster and strategist Joel Benenson", "Former Secretary of State
        and Democratic presidential frontrunner Hillary Clinton": the name closes the run
        and the words before it, back to a determiner, a possessive, a conjunction or a
        comma, are its titles.  Not a name reached through a preposition or a verb ("a
        spokesman for Hillary Clinton", "Democrats including Clinton"), nor the second of
        two people ("Donald J. Trump and Senator Ted Cruz").
        """
        words = self.words
        last = source[-1]
        while last > source[0] and words[last].upos == "PUNCT":
            last -= 1
        ent_id = words[last].entity
        if ent_id < 0 or not self.doc.entities[ent_id].is_person:
            return None
        ent = self.doc.entities[ent_id]
        if ent.last != last or ent.first <= source[0]:
            return None
        k = ent.first - 1
        while k >= source[0] and (
            words[k].upos in ("NOUN", "PROPN", "ADJ") or words[k].text == "."
        ):
            if words[k].entity >= 0 and words[k].entity != ent_id:
                other = self.doc.entities[words[k].entity]
                if other.is_person and not other.text.endswith(_POSSESSIVE_ENDS):
                    return None
            k -= 1
        if k == ent.first - 1:
            return None  # no title before the name
        if k >= source[0] and not (
            words[k].upos in ("DET", "CCONJ")
            or words[k].text in _POSSESSIVE_ENDS
            or words[k].text == ","
        ):
            return None
        for j in range(source[0], k + 1):
            near = self.doc.entities[words[j].entity] if words[j].entity >= 0 else None
            if near is not None and near.is_person and not self._possessor(near):
                return None
        named, _ = self.resolve_speaker(ent.last)
        return named if named.name is not None else None

    def _possessor(self, ent: Entity) -> bool:
        """Whether a name is a possessive ("Clinton's aides"), by its own text or the
        token after it."""
        after = self.words[ent.last + 1].text if ent.last + 1 < len(self.words) else ""
        return ent.text.endswith(_POSSESSIVE_ENDS) or after in _POSSESSIVE_ENDS

    def words_span(self, first: int, last: int) -> TextSpan:
        """The text from word ``first`` to word ``last``, both included."""
        start, end = self.words[first].start, self.words[last].end
        return TextSpan(self.text[start:end], start, end)

    def _finish(self, d: Draft) -> Quote:
        f = d.frame
        cue: TextSpan | None = None
        if f is not None and f.cue and d.speaker_override is None:
            cue = self.words_span(f.cue[0], f.cue[-1])
        trust = 0.5
        if d.speaker_override is not None:
            speaker = d.speaker_override
            trust = 0.8 if speaker.name else 0.5
        elif f is not None and f.speaker is not None:
            speaker, trust = self.resolve_speaker(f.speaker)
        else:
            speaker = Speaker(None, "unknown", None)
        spans = sorted({self._trim_trailing_comma(sp) for sp in d.spans})
        joiner = " … " if d.type == "direct" and len(spans) > 1 else " "
        text = joiner.join(_COMMA_BEFORE_CLOSE.sub("", self.text[s:e].strip()) for s, e in spans)
        anchor_lo = min([s for s, _ in spans] + ([cue.start] if cue else []))
        anchor_hi = max([e for _, e in spans] + ([cue.end] if cue else []))
        context = self._context(anchor_lo, anchor_hi)
        event = self._event_for(cue, spans, context)
        said_on = date_near(self.text, cue.start, cue.end, self.published_at) if cue else None
        if event is not None and event.date is None and said_on is not None:
            event = EventInfo(event.name, event.place, said_on)
        weak = f is not None and f.strength < 1.0
        confidence = _CALIBRATED[(d.type, speaker.name is not None, weak)]
        if cue is None:
            confidence *= 0.95  # floating quotes borrow their speaker from a neighbour
        if f is None:
            confidence = min(confidence, 0.35)  # orphans: the nearest name is a weak guess
        if speaker.name is None and speaker.mention is None:
            confidence *= 0.3  # words without any speaker are right only as content
        # Within a cell, the rule path's own certainty orders quotes without moving the mean.
        confidence += 0.1 * (d.base_confidence * (0.55 + 0.45 * trust) - 0.7)
        confidence = round(max(0.01, min(0.99, confidence)), 3)
        return Quote(
            text=text,
            type=d.type,
            spans=spans,
            cue=cue,
            speaker=speaker,
            event=event,
            confidence=confidence,
            context=context,
            said_on=said_on,
        )

    def _trim_trailing_comma(self, span: Span) -> Span:
        """“…troops,” he said: the comma belongs to the sentence around the quote."""
        s, e = span
        while e > s and self.text[e - 1] in ", ":
            e -= 1
        return (s, e)

    def _context(self, lo: int, hi: int) -> TextSpan | None:
        fi = bisect.bisect_right(self._sent_ends, lo)
        li = bisect.bisect_left(self._sent_starts, hi) - 1
        if fi >= len(self.doc.sentences) or li < 0:
            return None
        first, last = self.doc.sentences[fi], self.doc.sentences[li]
        start, end = min(first.start, lo), max(last.end, hi)
        return TextSpan(self.text[start:end], start, end)

    def _event_for(
        self, cue: TextSpan | None, spans: list[Span], context: TextSpan | None
    ) -> EventInfo | None:
        """The event named in the quote's sentence outside the quoted words, nearest the cue."""
        if context is None:
            return None
        anchor = cue.start if cue is not None else spans[0][0]
        best: tuple[int, EventInfo] | None = None
        for ev in self.events:
            if not (context.start <= ev.start and ev.end <= context.end):
                continue
            if any(s <= ev.start < e for s, e in spans) and cue is not None:
                continue
            dist = abs(ev.start - anchor)
            if best is None or dist < best[0]:
                best = (dist, ev.info)
        return best[1] if best else None


# Dashes that end a dateline ("WASHINGTON (AP) — …", "CLEVELAND - Donald Trump …").
DATELINE_DASHES: Final = frozenset({"—", "–", "-", "--"})

# How many comma-set phrases ``Attributor._left_speaker`` walks back over to reach the
# speaker ("Donna Rawlings, 59, of Ashton, Md., who watched …, said": four).
_MAX_PHRASES_BEFORE_CUE: Final = 4

# How a possessive ends a name, as a token of its own or glued on ("Trump’s", "Sanders’").
_POSSESSIVE_ENDS: Final = ("’s", "'s", "’", "'")
_BRACKET_OPENERS: Final = frozenset({"(", "[", "<", "{"})
_BRACKET_CLOSERS: Final = frozenset({")", "]", ">", "}"})

# The tags of a run of titles before a name ("the district GOP Chairman Chuck Williams",
# "GOP contender and former neurosurgeon Ben Carson"), the quick model's PROPN-heavy tags
# included.
_TITLE_RUN_TAGS: Final = frozenset({"DET", "ADJ", "NOUN", "PROPN", "CCONJ"})

# A mixed quote's span ends after its quotation's closing mark, so the comma the sentence
# puts inside the marks ("… framing this campaign," Gilmore said) would end the quote's text.
_COMMA_BEFORE_CLOSE: Final = re.compile(r",(?=[\"'”’»“]+$)")


def _draft_end(d: Draft) -> int:
    """Where a draft's last span ends (0 for a draft emptied when its cue went elsewhere)."""
    return max((e for _, e in d.spans), default=0)


def _one_per_content(quotes: list[Quote]) -> list[Quote]:
    """One quote for each content: the most confident of the frames that read the same words.

    "Hope Hicks said in a statement that …" gives the verb and the noun a frame each, and
    both read the same clause; a client would see the words twice, once under the noun's
    weaker speaker ("Trump" of "Trump campaign spokeswoman").
    """
    best: dict[tuple[tuple[int, int], ...], Quote] = {}
    for q in quotes:
        key = tuple(q.spans)
        if key not in best or q.confidence > best[key].confidence:
            best[key] = q
    return [q for q in quotes if best[tuple(q.spans)] is q]
