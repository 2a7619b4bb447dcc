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

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final, Literal

from app.nlp.cues import (
    CLAUSE_ONLY,
    CUE_PARTICLES,
    NEEDS_PARTICLE,
    SPEECH_NOUNS,
    cue_strength,
)
from app.nlp.events import EventMention, date_near
from app.nlp.people import PeopleRegistry
from app.nlp.quotes import Quotation
from app.nlp.tokens import Doc, Word
from app.nlp.types import EventInfo, Quote, QuoteType, Speaker, TextSpan

Span = tuple[int, int]
FrameKind = Literal["verb", "according", "noun"]

# Verbs whose direct object is the addressee, not the content ("told reporters that ...").
ADDRESSEE_VERBS: Final[frozenset[str]] = frozenset(
    {
        "tell",
        "ask",
        "inform",
        "notify",
        "brief",
        "urge",
        "warn",
        "remind",
        "assure",
        "reassure",
        "advise",
        "thank",
        "implore",
        "beg",
        "caution",
        "alert",
        "congratulate",
    }
)
# Verbs that take an object plus a predicate: "calling it “very constructive”".
PREDICATIVE_VERBS: Final[frozenset[str]] = frozenset(
    {
        "call",
        "describe",
        "label",
        "dub",
        "term",
        "brand",
        "deem",
        "characterize",
        "characterise",
        "consider",
        "view",
        "regard",
    }
)
LIGHT_VERBS: Final[frozenset[str]] = frozenset(
    {"issue", "give", "make", "deliver", "offer", "express", "voice", "send", "post", "release"}
)
SUBJECT_RELS: Final[tuple[str, ...]] = ("nsubj", "nsubj:outer")
# Relations through which a cue without its own subject inherits its governor's.
INHERIT_RELS: Final[frozenset[str]] = frozenset({"xcomp", "advcl", "conj", "acl", "advcl:relcl"})
RELATIVE_PRONOUNS: Final[frozenset[str]] = frozenset({"who", "which", "that", "whom"})
PERSONAL_PRONOUNS: Final[frozenset[str]] = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"}
)
NP_RELS: Final[frozenset[str]] = frozenset(
    {"det", "amod", "compound", "flat", "flat:name", "nmod:poss", "nummod", "case", "det:poss"}
)
_EDGE_PUNCT = ",;:—–-("
_WORD_RE = re.compile(r"\w")


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
        for w in self.words:
            if self.word_quote[w.i] >= 0:
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
                continue
            is_verb = w.upos == "VERB" or (w.xpos.startswith("VB") and w.upos != "AUX")
            if is_verb:
                frame = self._verb_frame(w)
                if frame is not None:
                    frames.append(frame)
            elif w.upos == "NOUN" and w.lemma.lower() in SPEECH_NOUNS:
                frame = self._noun_frame(w)
                if frame is not None:
                    frames.append(frame)
        return frames

    def _children(self, i: int, *rels: str) -> list[int]:
        return [c for c in self.words[i].children if self.words[c].deprel in rels]

    def _verb_frame(self, w: Word) -> Frame | None:
        lemma = w.lemma.lower()
        strength = cue_strength(lemma)
        if strength <= 0 or w.deprel in ("amod", "case", "mark", "compound"):
            return None
        particles = [
            c
            for c in self._children(w.i, "compound:prt")
            if self.words[c].text.lower() in CUE_PARTICLES
        ]
        if lemma in NEEDS_PARTICLE and not particles:
            return None
        cue = sorted([w.i, *particles])
        content = self._verb_content(w, lemma)
        if not content:
            return None
        # A quotation inside the content turns even a weak cue into speech.
        if strength < 1.0 and any(self.word_quote[k] >= 0 for k in content):
            strength = 0.8
        speaker = self._subject(w.i)
        return Frame("verb", cue, strength, speaker, content)

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
        if objs and lemma not in CLAUSE_ONLY and lemma not in ADDRESSEE_VERBS:
            content = self._collect(objs, exclude={w.i})
            if len([k for k in content if self.words[k].upos != "PUNCT"]) >= 2:
                return content
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
            subj = self._children(k, *SUBJECT_RELS)
            if subj:
                return subj[0]
            agent = [
                c
                for c in self._children(k, "obl:agent", "obl")
                if any(self.words[x].text.lower() == "by" for x in self.words[c].children)
                and self._children(k, "aux:pass")
            ]
            if agent:
                return agent[0]
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
        sent = self.doc.sentence_of(w.i)
        # In UD "according to X" hangs off X; X's governor is the reported clause.
        source = (
            w.head if w.head >= 0 and self.words[w.head].upos in ("PROPN", "NOUN", "PRON") else None
        )
        if source is None:
            for k in range(w.i + 2, min(sent.last, w.i + 6) + 1):
                if self.words[k].upos in ("PROPN", "NOUN", "PRON"):
                    source = k
                    break
        if source is None:
            return None
        phrase = set(self.doc.subtree(source)) | {w.i, w.i + 1}
        pred = self.words[source].head
        if pred >= 0 and pred not in phrase:
            scope = set(self.doc.subtree(pred))
        else:
            scope = set(range(sent.first, sent.last + 1))
        content = sorted(
            k
            for k in scope - phrase
            if not (
                self.words[k].upos == "PUNCT"
                and self.word_quote[k] < 0
                and (k == sent.last or k + 1 in phrase or k - 1 in phrase)
            )
        )
        if not content:
            return None
        return Frame("according", [w.i, w.i + 1], 0.9, source, content)

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
        return Frame("noun", cue, 0.9, speaker, content)

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
            if quoted_ids and ratio >= 0.8 and not self._scare_only(quoted_ids):
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
        frame_of_cue = {f.cue[0]: fi for fi, f in enumerate(frames)}
        cue_words = self._cue_candidates()
        for qi, q in enumerate(self.quotations):
            if qi in used_quotes or not q.closed or not self._looks_like_speech(q):
                continue
            cue = self._adjacent_cue(q, cue_words)
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
                    f = (
                        frames[fi]
                        if fi is not None
                        else Frame("verb", self._cue_span_words(cue), 1.0, self._subject(cue), [])
                    )
                    draft = Draft(list(q.spans), "direct", f, 0.85, quotations=[qi])
                    drafts.append(draft)
                    if fi is not None:
                        by_frame[fi] = draft
                used_quotes.add(qi)
                continue
            if not self._sentence_like(q):
                continue
            prev = self._previous_draft(drafts, q)
            if prev is not None and prev.type == "direct" and self._same_paragraph(prev, q):
                # "“…,” Macron said. “…”": the next sentence continues the same quotation.
                prev.spans.extend(q.spans)
                prev.quotations.append(qi)
                used_quotes.add(qi)
                continue
            nxt = self._speaker_named_after(q)
            if nxt is not None:
                drafts.append(Draft(list(q.spans), "direct", nxt, 0.6, quotations=[qi]))
                used_quotes.add(qi)
                continue
            if prev is not None and self._opens_paragraph(q):
                # A floating quotation: the previous paragraph's speaker goes on talking.
                speaker = self._speaker_of(prev)
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
        drafts.sort(key=lambda d: d.spans[0][0])
        return [self._finish(d) for d in drafts if d.spans]

    def _previous_draft(self, drafts: list[Draft], q: Quotation) -> Draft | None:
        """The attributed quote ending last before q, if it is in q's or the previous paragraph.

        Any other quotation in between (even an unattributed one) breaks the chain, and so
        does a paragraph without quotes in between.
        """
        best: Draft | None = None
        best_end = -1
        for d in drafts:
            end = max(e for _, e in d.spans)
            if end <= q.outer_start and end > best_end:
                best, best_end = d, end
        if best is None:
            return None
        gap = self.text[best_end : q.outer_start]
        paragraphs_between = sum(1 for line in gap.split("\n")[1:-1] if line.strip())
        if paragraphs_between > 0 or self._crosses_quote(best_end + 1, q.outer_start):
            return None
        return best

    def _opens_paragraph(self, q: Quotation) -> bool:
        line_start = self.text.rfind("\n", 0, q.outer_start) + 1
        return self.text[line_start : q.outer_start].strip() == ""

    def _cue_candidates(self) -> list[int]:
        return [
            w.i
            for w in self.words
            if self.word_quote[w.i] < 0
            and cue_strength(w.lemma) >= 1.0
            and (w.upos == "VERB" or w.xpos.startswith("VB"))
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
        best: tuple[int, int] | None = None
        for c in cues:
            w = self.words[c]
            if w.start >= q.outer_end:
                gap = text[q.outer_end : w.start]
                if "\n" in gap or len(gap) > 60 or self._crosses_quote(q.outer_end, w.start):
                    continue
                if re.search(r"[.!?]\s", gap) or "“" in gap or '"' in gap:
                    continue
                dist = len(gap)
            elif w.end <= q.outer_start:
                gap = text[w.end : q.outer_start]
                if "\n" in gap.strip("\n ") or len(gap) > 60:
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

    def _crosses_quote(self, start: int, end: int) -> bool:
        return any(start <= q.outer_start < end for q in self.quotations)

    def _near(self, owner: Draft, q: Quotation) -> bool:
        last = max(e for _, e in owner.spans)
        return 0 <= q.outer_start - last < 80 and "\n" not in self.text[last : q.outer_start]

    def _same_paragraph(self, d: Draft, q: Quotation) -> bool:
        last = max(e for _, e in d.spans)
        return "\n" not in self.text[last : q.outer_start]

    def _sentence_like(self, q: Quotation) -> bool:
        body = q.text(self.text)
        n_words = len(re.findall(r"\w+", body))
        return (
            n_words >= 4 and (body[:1].isupper() or body[:1] in "….") and not self._titleish(body)
        )

    def _titleish(self, body: str) -> bool:
        words = re.findall(r"[A-Za-z][\w’'-]*", body)
        if not words:
            return True
        caps = sum(1 for w in words if w[0].isupper())
        return len(words) <= 6 and caps == len(words)

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
        line_end = self.text.find("\n", q.outer_end)
        line_end = len(self.text) if line_end < 0 else line_end
        for w in self.words:
            if w.start < q.outer_end or w.start >= min(line_end, q.outer_end + 120):
                continue
            if self.word_quote[w.i] < 0 and cue_strength(w.lemma) >= 1.0 and w.upos == "VERB":
                subj = self._subject(w.i)
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
        """The noun phrase around a head word, without relative clauses and appositions."""
        lo = hi = i
        stack = [i]
        while stack:
            k = stack.pop()
            for c in self.words[k].children:
                if self.words[c].deprel in NP_RELS and abs(c - i) <= 6:
                    lo, hi = min(lo, c), max(hi, c)
                    stack.append(c)
        e = self.words[i].entity
        if e >= 0:
            ent = self.doc.entities[e]
            lo, hi = min(lo, ent.first), max(hi, ent.last)
        while lo < i and self.words[lo].upos == "PUNCT":
            lo += 1
        while hi > i and self.words[hi].upos == "PUNCT":
            hi -= 1
        return (self.words[lo].start, self.words[hi].end)

    def resolve_speaker(self, i: int) -> tuple[Speaker, float]:
        """Speaker for a subject word, and how much to trust it (1 = a name in place)."""
        w = self.words[i]
        low = w.text.lower()
        if low in RELATIVE_PRONOUNS and w.upos == "PRON":
            verb = w.head
            noun = self.words[verb].head if verb >= 0 else -1
            if noun >= 0 and self.words[verb].deprel.startswith("acl") and noun != i:
                inner, trust = self.resolve_speaker(noun)
                return Speaker(inner.name, inner.kind, self._mention(i)), trust * 0.95
            return Speaker(None, "unknown", self._mention(i)), 0.5
        cluster = self.people.cluster_of_word(i)
        if cluster is None:
            for child in self.words[i].children:
                if self.words[child].deprel in ("appos", "flat", "compound", "flat:name"):
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
        if w.upos == "PROPN":
            by_name = self.people.find_by_name(w.text)
            if by_name is not None:
                found = self.people.clusters[by_name]
                return Speaker(found.name, found.kind, self._mention(i)), 0.9
        return Speaker(None, "unknown", self._mention(i)), 0.6

    def _mention(self, i: int) -> TextSpan:
        start, end = self._np_span(i)
        return TextSpan(self.text[start:end], start, end)

    def _speaker_of(self, d: Draft) -> Speaker | None:
        if d.speaker_override is not None:
            return d.speaker_override
        if d.frame is None or d.frame.speaker is None:
            return None
        return self.resolve_speaker(d.frame.speaker)[0]

    # ------------------------------------------------------------------ output

    def _finish(self, d: Draft) -> Quote:
        f = d.frame
        cue: TextSpan | None = None
        if f is not None and f.cue and d.speaker_override is None:
            s, e = self.words[f.cue[0]].start, self.words[f.cue[-1]].end
            cue = TextSpan(self.text[s:e], s, e)
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
        text = joiner.join(self.text[s:e].strip() for s, e in spans)
        anchor_lo = min([s for s, _ in spans] + ([cue.start] if cue else []))
        anchor_hi = max([e for _, e in spans] + ([cue.end] if cue else []))
        context = self._context(anchor_lo, anchor_hi)
        event = self._event_for(cue, spans, context)
        said_on = date_near(self.text, cue.start, cue.end, self.published_at) if cue else None
        if event is not None and event.date is None and said_on is not None:
            event = EventInfo(event.name, event.place, said_on)
        confidence = max(0.01, min(0.99, d.base_confidence * (0.55 + 0.45 * trust)))
        return Quote(
            text=text,
            type=d.type,
            spans=spans,
            cue=cue,
            speaker=speaker,
            event=event,
            confidence=round(confidence, 3),
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
        first = next((s for s in self.doc.sentences if s.end > lo), None)
        last = next((s for s in reversed(self.doc.sentences) if s.start < hi), None)
        if first is None or last is None:
            return None
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
