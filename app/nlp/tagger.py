"""A learned attribution tagger stacked on the rules: a BiLSTM-CRF over each paragraph.

The rules (``app.nlp.attribution``) are precise on quotations but miss about two in five
unquoted attributions, because PolNeAR annotates beliefs, support, polls and plans through a
long tail of cues and constructions.  A network trained on PolNeAR train
(``app.nlp.tagger_net``) labels every word of a paragraph ``B-/I-`` CUE, SRC (source) or CONT
(content), or ``O``, from its word vector and cheap features of the Stanza document *and
the rules' own labels* (stacking: the model learns where the rules are wrong instead of
relearning what they already get right).  It replaced a linear-chain CRF over the same
features, which it beat on two held-out slices of train (docs/attribution.md).

How its spans are merged with the rules was chosen on two held-out slices of train
(``benchmarks/train_attribution_tagger.py``; figures in docs/attribution.md):

* a learned frame whose content no quotation of the rules touches becomes an indirect (or
  mixed) quote, its speaker resolved through the rules' own people registry
  (``Attributor.learned_quote``) so canonical names stay consistent; it goes before the
  rules' indirect quotes, which only fill what no learned frame reads (the network's cues
  and sources follow PolNeAR's better where the two read the same words);
* an indirect or mixed rule quote whose cue the tagger also read takes the tagger's content
  words (PolNeAR's clause boundaries; a mixed one while they still hold its quotation) and
  keeps the rules' confidence;
* any rule quote whose cue the tagger also read takes the tagger's source where the rules'
  mention misses it;
* an indirect rule quote the tagger all but rules out (mean content probability below
  ``VETO_BELOW``) is dropped;
* the content and cue of a direct quote found by the rules are never touched.

The model (``attribution_tagger.pt``, written by ``benchmarks/train_attribution_tagger``)
is package data like the cue table; without it the extractor runs the rules alone.
Tagging costs a feature pass and one batched network call and decode per article, tens of
milliseconds against Stanza's second.
"""

from __future__ import annotations

import bisect
import functools
import gzip
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import torch

from app.core.config import SHIPPED_MODELS_DIR
from app.nlp import tagger_net
from app.nlp.attribution import Attributor
from app.nlp.cues import SPEECH_NOUNS, learned_rate
from app.nlp.pipeline import PRETRAIN_FILE
from app.nlp.tokens import Doc
from app.nlp.types import Quote, TextSpan

MODEL_PATH: Final[Path] = Path(__file__).with_name("attribution_tagger.pt")
# The word vectors the network's own started from; words it never learned borrow theirs
# (``tagger_net.borrow_unseen_words``), whichever Stanza models the pipeline runs.
PRETRAIN_PATH: Final[Path] = SHIPPED_MODELS_DIR / PRETRAIN_FILE
# Word classes from the shipped word vectors (benchmarks/word_clusters.py): a rare cue shares
# weights with the frequent cues whose vectors lie near it.
CLUSTERS_PATH: Final[Path] = Path(__file__).with_name("word_clusters.tsv.gz")
ROLES: Final[tuple[str, ...]] = ("CUE", "SRC", "CONT")
LABELS: Final[tuple[str, ...]] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
# How far up the dependency tree a word looks for a governing cue ("said" -> ccomp -> ...).
_ANCESTOR_STEPS: Final[int] = 6
# A learned frame needs this mean tagger marginal over its content words; chosen on the
# held-out slice of PolNeAR train (benchmarks/train_attribution_tagger.py prints them).
MIN_CONTENT_PROB: Final[float] = 0.5
# A word the cue table rates at least this often a cue is a "soft" cue feature: too weak
# for the rules to open a frame on, informative for the tagger.
SOFT_CUE_RATE: Final[float] = 0.05
# Whether an indirect (since the nineteenth session also a mixed) rule quote takes the
# tagger's content words where both read the same cue (PolNeAR's clause boundaries); chosen
# on the held-out slices, like the threshold.
RESHAPE: Final[bool] = True
# Whether a rule quote (quotations included) takes the tagger's source where both read the
# same cue and the tagger's source words miss the rules' mention; and whether learned frames
# go before the rules' indirect quotes, which then only fill what no learned frame reads.
# Both gained on the two held-out slices (docs/attribution.md, seventeenth session): the
# network's sources and cues follow PolNeAR's better than the rules' where the two differ.
RESOURCE: Final[bool] = True
LEARNED_FIRST: Final[bool] = True
# An indirect rule quote whose words the tagger gives a mean content probability below this
# is dropped.  With the linear CRF a veto lost more recall than it gained precision; with
# the BiLSTM-CRF a veto at 0.1 gained on both held-out slices, and 0.3 matched or beat 0.1
# in content (30%, 80%, exact) and source on both slices with the networks of two sessions
# (the twenty-first and twenty-second; docs/attribution.md).
VETO_BELOW: Final[float] = 0.3
# A learned frame needs this many content words (punctuation aside).  PolNeAR annotates
# one-word contents ("most are planning to support Clinton", "declined to comment"); from
# the linear CRF until the seventeenth session this was 3 ("a fragment, not a reported
# clause"), and 1 gained on both held-out slices with two seeds (docs/attribution.md).
MIN_CONTENT_WORDS: Final[int] = 1
# A paragraph read as one sequence is cut (between sentences) past this many words.
MAX_GROUP_WORDS: Final[int] = 150

Features = list[str]
# A sequence's best labels and each word's probability of being content.
Tagged = tuple[list[str], list[float]]


# ---------------------------------------------------------------------------- features


def words_in_spans(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indices of the words starting inside any of the character spans, in span order."""
    out: list[int] = []
    for s, e in spans:
        k = bisect.bisect_left(doc.word_starts, s)
        while k < len(doc.words) and doc.words[k].start < e:
            out.append(k)
            k += 1
    return out


def span_words(doc: Doc, span: TextSpan) -> list[int]:
    """Indices of the words of one piece of text (a cue, a speaker mention)."""
    return words_in_spans(doc, [(span.start, span.end)])


def rule_roles(doc: Doc, quotes: Sequence[Quote]) -> list[str]:
    """Per word, what the rules made of it: ``cue``, ``src``, ``cont:<type>`` or ``o``.

    Words are matched to quotes by character offsets, so the labels are exactly what the
    rules output, whatever path produced it.  Cue and speaker words win over content.
    """
    roles = ["o"] * len(doc.words)
    for q in quotes:
        for k in words_in_spans(doc, q.spans):
            if roles[k] == "o":
                roles[k] = f"cont:{q.type}"
    for q in quotes:
        mention = q.speaker.mention
        if mention is not None:
            for k in span_words(doc, mention):
                roles[k] = "src"
        if q.cue is not None:
            for k in span_words(doc, q.cue):
                roles[k] = "cue"
    return roles


def _shape(text: str) -> str:
    if text.isdigit():
        return "d"
    if not any(ch.isalnum() for ch in text):
        return "p"
    if text.isupper() and len(text) > 1:
        return "XX"
    if text[:1].isupper():
        return "Xx"
    return "x"


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


@functools.cache
def word_clusters() -> dict[str, tuple[str, str]]:
    """Lowercased word -> (fine, coarse) class; empty when the file is absent."""
    if not CLUSTERS_PATH.exists():
        return {}
    out: dict[str, tuple[str, str]] = {}
    with gzip.open(CLUSTERS_PATH, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, fine, coarse = line.rstrip("\n").split("\t")
            out[word] = (fine, coarse)
    return out


def sentence_features(
    att: Attributor,
    roles: Sequence[str],
    cue_of: Sequence[str | None],
    soft_of: Sequence[str | None],
    first: int,
    last: int,
) -> list[Features]:
    """Features of the words ``first..last`` (one sentence), in order.

    ``cue_of`` holds each word's cue lemma by the rules' own test (``Attributor.cue_lemma``)
    or the speech noun it is; ``soft_of`` the lemma of words the cue table gives a fair
    chance of being a cue although the rules do not take them ("support", "vote", "want");
    ``roles`` the rules' labels (``rule_roles``).
    """
    words = att.words
    clusters = word_clusters()
    sent_cues = [k for k in range(first, last + 1) if cue_of[k] is not None]
    out: list[Features] = []
    for k in range(first, last + 1):
        w = words[k]
        low = w.text.lower()
        f = [
            "b",
            f"w={low}",
            f"l={w.lemma.lower()}",
            f"s={_shape(w.text)}",
            f"x3={low[-3:]}",
            f"u={w.upos}",
            f"d={w.deprel}",
            f"r={roles[k]}",
            f"ru={roles[k]}|{w.upos}",
        ]
        cls = clusters.get(low)
        if cls is not None:
            f += [f"c={cls[0]}", f"cc={cls[1]}", f"cc={cls[1]}|{roles[k]}"]
        if w.entity >= 0:
            ent = att.doc.entities[w.entity]
            f.append(f"ne={'B' if ent.first == k else 'I'}-{ent.type}")
        q = att.word_quote[k]
        if q >= 0:
            f.append("inq" if att.quotations[q].closed else "inq-open")
        if w.head >= 0:
            h = words[w.head]
            f += [f"hl={h.lemma.lower()}", f"hu={h.upos}", f"hd={h.deprel}"]
            hcls = clusters.get(h.text.lower())
            if hcls is not None:
                f += [f"hc={hcls[0]}", f"hc={hcls[0]}|{w.deprel}"]
            f.append(f"hr={roles[w.head]}")
            if cue_of[w.head] is not None:
                f += ["hcue", f"hcue|d={w.deprel}"]
        else:
            f.append("root")
        cue = cue_of[k]
        if cue is not None:
            f += [f"cue={cue}", "iscue"]
        nxt = words[k + 1].text if k < last else ""
        rate = learned_rate(w.lemma, nxt)
        if rate is not None:
            f.append(f"rate={min(int(rate * 5), 4)}")
        if soft_of[k] is not None:
            f.append(f"soft={soft_of[k]}")
        # The governing cue, if any, and which branch of it this word hangs from.
        node, steps, soft_seen = k, 0, False
        while words[node].head >= 0 and steps < _ANCESTOR_STEPS:
            parent = words[node].head
            branch = words[node].deprel
            if soft_of[parent] is not None and not soft_seen:
                soft_seen = True
                f += [f"sanc={branch}", f"sanc={branch}|{soft_of[parent]}"]
            if cue_of[parent] is not None:
                f += [f"anc={branch}", f"anc={branch}|{cue_of[parent]}", f"ancd={_bucket(steps)}"]
                break
            node, steps = parent, steps + 1
        left = [c for c in sent_cues if c < k]
        right = [c for c in sent_cues if c > k]
        if left:
            f += [f"lc={_bucket(k - left[-1])}", f"lcl={cue_of[left[-1]]}"]
        if right:
            f += [f"rc={_bucket(right[0] - k)}", f"rcl={cue_of[right[0]]}"]
        if not sent_cues:
            f.append("nocue")
        for off in (-2, -1, 1, 2):
            j = k + off
            if first <= j <= last:
                o = words[j]
                f += [f"{off}w={o.text.lower()}", f"{off}u={o.upos}", f"{off}r={roles[j]}"]
                ocls = clusters.get(o.text.lower())
                if ocls is not None and abs(off) == 1:
                    f.append(f"{off}c={ocls[0]}")
                if off == -1:
                    f += [f"-1ww={o.text.lower()}|{low}", f"-1rr={roles[j]}|{roles[k]}"]
            else:
                f.append(f"{off}edge")
        if k == first:
            f.append("first")
            if att.text[max(0, w.start - 2) : w.start].count("\n") or w.start == 0:
                f.append("para")
        if k == last:
            f.append("last")
        out.append(f)
    return out


def cue_lemmas(att: Attributor) -> list[str | None]:
    """Each word's cue lemma by the rules' test, speech nouns included, or None."""
    out: list[str | None] = []
    for w in att.words:
        lemma = att.cue_lemma(w)
        if lemma is None and (w.text.lower() in SPEECH_NOUNS or w.lemma.lower() in SPEECH_NOUNS):
            lemma = w.lemma.lower()
        if lemma is None and w.text.lower() == "according":
            lemma = "according"
        out.append(lemma)
    return out


def soft_cue_lemmas(att: Attributor) -> list[str | None]:
    """Lemmas the cue table rates at least ``SOFT_CUE_RATE`` in their context, or None."""
    out: list[str | None] = []
    words = att.words
    for k, w in enumerate(words):
        nxt = words[k + 1].text if k + 1 < len(words) else ""
        rate = learned_rate(w.lemma, nxt) if w.upos in ("VERB", "NOUN", "ADJ") else None
        out.append(w.lemma.lower() if rate is not None and rate >= SOFT_CUE_RATE else None)
    return out


def document_features(att: Attributor, rule_quotes: Sequence[Quote]) -> list[list[Features]]:
    """One feature list per sentence, for training and tagging alike."""
    roles = rule_roles(att.doc, rule_quotes)
    cue_of = cue_lemmas(att)
    soft_of = soft_cue_lemmas(att)
    return [
        sentence_features(att, roles, cue_of, soft_of, s.first, s.last) for s in att.doc.sentences
    ]


# ---------------------------------------------------------------------------- tagging


def sentence_groups(doc: Doc, indices: Sequence[int]) -> list[list[int]]:
    """The sentences (indices into ``doc.sentences``) the network reads as one sequence.

    Consecutive sentences of one paragraph go together, cut between sentences past
    ``MAX_GROUP_WORDS``, so that a word's label can depend on the sentence before or after
    it; reading paragraphs instead of single sentences gained on both held-out slices of
    train (docs/attribution.md, sixteenth session).
    """
    groups: list[list[int]] = []
    size = 0
    for k in indices:
        sent = doc.sentences[k]
        n = sent.last - sent.first + 1
        prev = groups[-1][-1] if groups else None
        if (
            prev == k - 1
            and doc.sentences[k - 1].paragraph == sent.paragraph
            and size + n <= MAX_GROUP_WORDS
        ):
            groups[-1].append(k)
            size += n
        else:
            groups.append([k])
            size = n
    return groups


def group_features(feats: Sequence[Sequence[Features]], group: Sequence[int]) -> list[Features]:
    """One sequence's features: its sentences' run together, as training and tagging read it."""
    return [f for k in group for f in feats[k]]


@dataclass(slots=True)
class TaggedFrame:
    """One attribution read off the tagger's labels: word indices per role and a confidence."""

    cue: list[int]
    source: list[int]
    content: list[int]
    content_prob: float


@dataclass(slots=True)
class DocTags:
    """The tagger's reading of a document: its frames and each word's probability of content."""

    frames: list[TaggedFrame]
    content_prob: list[float]


def _runs(labels: Sequence[str], offset: int) -> list[tuple[str, list[int]]]:
    """BIO labels to (role, word indices) runs; an ``I-`` after another role starts a run."""
    runs: list[tuple[str, list[int]]] = []
    for k, label in enumerate(labels):
        if label == "O":
            continue
        prefix, role = label.split("-", 1)
        if prefix == "I" and runs and runs[-1][0] == role and runs[-1][1][-1] == offset + k - 1:
            runs[-1][1].append(offset + k)
        else:
            runs.append((role, [offset + k]))
    return runs


def frames_from_labels(
    labels: Sequence[str], probs: Sequence[float], first: int
) -> list[TaggedFrame]:
    """Group one sentence's runs into frames: each content with the nearest cue and source.

    Several content runs sharing their nearest cue are one (discontinuous) content, as in
    "X, he said, Y".  ``probs`` is each word's marginal probability of its content label.
    """
    runs = _runs(labels, first)
    cues = [r for role, r in runs if role == "CUE"]
    sources = [r for role, r in runs if role == "SRC"]
    by_cue: dict[int, TaggedFrame] = {}
    for role, run in runs:
        if role != "CONT":
            continue
        cue = min(cues, key=lambda c: _gap(c, run), default=[])
        anchor = cue or run
        source = min(sources, key=lambda s: _gap(s, anchor), default=[])
        key = cue[0] if cue else -1 - run[0]
        frame = by_cue.get(key)
        if frame is None:
            frame = by_cue[key] = TaggedFrame(cue, source, [], 0.0)
        frame.content.extend(run)
    for frame in by_cue.values():
        frame.content.sort()
        frame.content_prob = sum(probs[k - first] for k in frame.content) / len(frame.content)
    return list(by_cue.values())


def _gap(a: Sequence[int], b: Sequence[int]) -> int:
    if a[-1] < b[0]:
        return b[0] - a[-1]
    if b[-1] < a[0]:
        return a[0] - b[-1]
    return 0


class AttributionTagger:
    """The trained network (``app.nlp.tagger_net``), loaded once; tags paragraphs into frames."""

    def __init__(self, path: Path = MODEL_PATH, pretrain: Path | None = PRETRAIN_PATH) -> None:
        self.path = path
        self._net, self._vocab, self._labels = tagger_net.load(path)
        if pretrain is not None:
            tagger_net.borrow_unseen_words(self._net, self._vocab, pretrain)
        net = self._net
        self._crf = (
            net.transitions.detach().numpy(),
            net.start.detach().numpy(),
            net.end.detach().numpy(),
        )
        self._content = [k for k, label in enumerate(self._labels) if label.endswith("-CONT")]

    def labels(self) -> list[str]:
        """The labels the model was trained with."""
        return list(self._labels)

    def tag_sequences(self, sequences: Sequence[Sequence[Features]]) -> list[Tagged]:
        """Best labels of each sequence (``sentence_groups``: a paragraph's sentences'
        features run together) and each word's marginal probability of content.

        One padded batch per call: the LSTM's cost is in per-step overhead, which a batch
        of a whole article's paragraphs shares.
        """
        if not sequences:
            return []
        with torch.inference_mode():
            scores = self._net(tagger_net.make_batch(self._vocab, sequences)).numpy()
        decoded = tagger_net.viterbi_marginals(scores, [len(s) for s in sequences], self._crf)
        out: list[Tagged] = []
        for ids, marginals in decoded:
            probs = marginals[:, self._content].sum(axis=1)
            out.append(([self._labels[i] for i in ids], [float(x) for x in probs]))
        return out

    def tag_document(self, att: Attributor, rule_quotes: Sequence[Quote]) -> DocTags:
        """Every frame the tagger finds in the document (before merging with the rules)."""
        out: list[TaggedFrame] = []
        all_probs: list[float] = []
        # Headlines and labels restate the article; the rules search none, nor does the
        # tagger (the seed gold's headline with its scare quotes must not become a quote).
        headline = att.headline_sentences
        feats = document_features(att, rule_quotes)
        searched = [k for k in range(len(feats)) if k not in headline]
        groups = sentence_groups(att.doc, searched)
        sequences = [group_features(feats, group) for group in groups]
        tagged: dict[int, Tagged] = {}
        for group, (labels, probs) in zip(groups, self.tag_sequences(sequences), strict=True):
            at = 0
            for k in group:
                n = len(feats[k])
                tagged[k] = (labels[at : at + n], probs[at : at + n])
                at += n
        for idx, sent in enumerate(att.doc.sentences):
            if idx not in tagged:
                all_probs.extend([0.0] * len(feats[idx]))
                continue
            labels, probs = tagged[idx]
            all_probs.extend(probs)
            found = frames_from_labels(labels, probs, sent.first)
            if out and found and labels[0] == "I-CONT" and not found[0].cue:
                # A content running on from the previous sentence ("… He added that X.
                # And Y."): the tagger continues it across the boundary.
                prev = out[-1]
                if prev.content and prev.content[-1] >= sent.first - 2:
                    n_prev, n_new = len(prev.content), len(found[0].content)
                    prev.content_prob = (
                        prev.content_prob * n_prev + found[0].content_prob * n_new
                    ) / (n_prev + n_new)
                    prev.content.extend(found[0].content)
                    found = found[1:]
            out.extend(found)
        return DocTags(out, all_probs)


@functools.cache
def default_tagger() -> AttributionTagger | None:
    """The shipped model, or None when the file is absent (the rules then run alone)."""
    if not MODEL_PATH.exists():
        return None
    return AttributionTagger(MODEL_PATH)


# ---------------------------------------------------------------------------- merging

# Share of learned quotes with the right content and speaker on two held-out slices of
# PolNeAR train (hash buckets 0-14 and 50-64, 111 and 113 articles, each network trained on
# the other articles), by whether the frame agrees with an indirect rule quote (shares a
# word with it), whether the speaker resolved to a canonical name, and content probability
# (lower bin edge).  Refitted in the thirtieth session on two networks trained on the
# twenty-ninth session's rules (7280a3e, the default seed; the table the training script
# prints): agreeing and named 55% below 0.8 and 86% above (n 155 / 1094); agreeing, unnamed
# 44 / 75% (142 / 680); on its own, named 40 / 63% (261 / 449); on its own, unnamed 30 / 51%
# (273 / 430).  The eighteenth session's fit (four networks) read 61 / 86, 41 / 76,
# 43 / 65, 35 / 52 (the low bins have moved 3 to 6 points since).
# Confidence is read from here, like the rules' table, so that it means how often a
# learned quote is right.
_LEARNED_CALIBRATED: Final[dict[tuple[bool, bool], tuple[tuple[float, float], ...]]] = {
    (True, True): ((0.0, 0.55), (0.8, 0.86)),
    (True, False): ((0.0, 0.44), (0.8, 0.75)),
    (False, True): ((0.0, 0.40), (0.8, 0.63)),
    (False, False): ((0.0, 0.30), (0.8, 0.51)),
}


def learned_confidence(prob: float, agrees: bool, named: bool) -> float:
    """Calibrated confidence of a learned quote (see ``_LEARNED_CALIBRATED``)."""
    value = 0.0
    for edge, share in _LEARNED_CALIBRATED[(agrees, named)]:
        if prob >= edge:
            value = share
    # Within a bin the tagger's own probability orders quotes without moving the mean much.
    return round(max(0.01, min(0.99, value + 0.1 * (prob - 0.8))), 3)


def _source_head(att: Attributor, source: Sequence[int]) -> int | None:
    """The word of a source run that heads it: the one whose head lies outside the run.

    Two exceptions, both for runs PolNeAR draws wider than the name: a run opening with
    "who" is headed by the noun it follows ("McCain, who chairs the committee," is McCain,
    not the committee; "whom" is the object, not the speaker); and where the parse hangs
    both a person's or body's name and its apposition on the verb ("Harman, now director
    of the Wilson Center," urged), the name heads (a body's only before a description).
    """
    if not source:
        return None
    words = att.words
    first = source[0]
    if words[first].text.lower() == "who" and first > 0:
        before = first - 2 if words[first - 1].text == "," and first > 1 else first - 1
        if words[before].upos in ("PROPN", "NOUN"):
            return before
    inside = set(source)
    nominal = [k for k in source if words[k].upos in ("PROPN", "PRON", "NOUN", "NUM")]
    heads = [k for k in nominal if words[k].head not in inside]
    if len(heads) > 1 and words[heads[0] + 1].text == "," and words[heads[0]].entity >= 0:
        # Not a dateline's "CHARLESTON, S.C. -"; nor a body's description before its name
        # ("The super PAC, Priorities USA Action,").
        entity = att.doc.entities[words[heads[0]].entity]
        if entity.is_person or (entity.is_org and words[heads[-1]].entity < 0):
            return heads[0]
    if heads:
        return heads[-1]
    return nominal[-1] if nominal else source[-1]


class QuotesByEnd:
    """Quotes ordered by where they end, to find the one just before an offset by bisection."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self._quotes = sorted((q for q in quotes if q.spans), key=lambda q: q.spans[-1][1])
        self._ends = [q.spans[-1][1] for q in self._quotes]

    def last_before(self, offset: int) -> Quote | None:
        pos = bisect.bisect_right(self._ends, offset)
        return self._quotes[pos - 1] if pos else None


def _quote_words(att: Attributor, quotes: Sequence[Quote]) -> set[int]:
    """The words of the quotes' contents and cues."""
    spans: list[tuple[int, int]] = []
    for q in quotes:
        spans += q.spans
        if q.cue is not None:
            spans.append((q.cue.start, q.cue.end))
    return set(words_in_spans(att.doc, spans))


@dataclass(slots=True)
class Learned:
    """A learned quote, its tagger probability, and whether a rule quote read it too."""

    quote: Quote
    prob: float
    agrees: bool


def learned_quotes(
    att: Attributor,
    blocking: Sequence[Quote],
    frames: Sequence[TaggedFrame],
    min_prob: float = MIN_CONTENT_PROB,
    min_words: int = MIN_CONTENT_WORDS,
    agreeing: Sequence[Quote] = (),
) -> list[Learned]:
    """Quotes for the learned frames no ``blocking`` quote touches.

    A frame sharing a word (content or cue) with a blocking quote is dropped, and PolNeAR
    gives each word one attribution: the rules' quotations always block, their indirect
    quotes only when learned frames do not go first (``LEARNED_FIRST``).  A frame sharing a
    word with one of the ``agreeing`` quotes (the rules' indirect ones) is more often right,
    and its confidence says so (``_LEARNED_CALIBRATED``).
    """
    taken = _quote_words(att, blocking)
    ruled = _quote_words(att, agreeing)
    earlier = QuotesByEnd(blocking)
    added: list[Learned] = []
    for fr in frames:
        real = [k for k in fr.content if att.words[k].upos != "PUNCT"]
        if len(real) < min_words or fr.content_prob < min_prob:
            continue
        if not taken.isdisjoint(fr.content + fr.cue):
            continue
        speaker = _source_head(att, fr.source)
        quote = att.learned_quote(fr.cue, speaker, fr.content, fr.source)
        if quote is None:
            continue
        if not fr.cue and not fr.source and quote.speaker.name is None and quote.type == "mixed":
            # "“…,” said Steve Schmidt. Unless rivals quit, “it's very difficult …”": no cue
            # of its own, so the speaker quoted just before in the paragraph goes on.
            prev = earlier.last_before(quote.spans[0][0])
            if prev is not None and att.speaker_goes_on(prev, quote.spans[0][0]):
                quote.speaker = prev.speaker
        agrees = not ruled.isdisjoint(fr.content + fr.cue)
        quote.confidence = learned_confidence(
            fr.content_prob, agrees, quote.speaker.name is not None
        )
        taken.update(fr.content)
        added.append(Learned(quote, fr.content_prob, agrees))
    return added


def _same_cue_frame(
    att: Attributor, quote: Quote, frames: Sequence[TaggedFrame]
) -> TaggedFrame | None:
    """The tagger's frame that reads the quote's cue, if any."""
    if quote.cue is None:
        return None
    cue_words = set(span_words(att.doc, quote.cue))
    return next((f for f in frames if not cue_words.isdisjoint(f.cue)), None)


def _resourced(att: Attributor, quote: Quote, frame: TaggedFrame | None) -> Quote:
    """The quote with the frame's source as its speaker, where the two mentions differ."""
    if frame is None or not frame.source:
        return quote
    mention = quote.speaker.mention
    if mention is not None and not set(span_words(att.doc, mention)).isdisjoint(frame.source):
        return quote
    head = _source_head(att, frame.source)
    if head is None:
        return quote
    speaker = att.source_speaker(frame.source, head)
    if speaker.name is None and quote.speaker.name is not None:
        # Words that name nobody ("’s stance" tagged in "Putin’s stance came after
        # Zelensky, accompanied by Macron, revealed …") do not replace a named speaker.
        return quote
    return replace(quote, speaker=speaker)


def refine_rule_quotes(
    att: Attributor,
    rule_quotes: Sequence[Quote],
    tags: DocTags,
    *,
    veto_below: float | None = None,
    reshape: bool = False,
    resource: bool = False,
) -> list[Quote]:
    """The rules' quotes, optionally vetoed, reshaped or re-sourced by the tagger.

    ``veto_below``: drop an indirect rule quote whose words the tagger gives a mean content
    probability below this.  ``reshape``: where the tagger read the same cue, an indirect
    or mixed quote takes its content words (PolNeAR's boundaries) and keeps the rules'
    speaker (``_reshaped``).
    ``resource``: where the tagger read the same cue and tagged a source the rules' mention
    does not touch, any quote takes that source as its speaker.  The content and cue of a
    direct quote are never touched.  The shipped merge is ``merge_frames``.
    """
    out: list[Quote] = []
    for q in rule_quotes:
        frame = _same_cue_frame(att, q, tags.frames)
        if resource:
            q = _resourced(att, q, frame)
        if q.type == "direct":
            out.append(q)
            continue
        if q.type == "indirect" and veto_below is not None:
            words = [k for k in words_in_spans(att.doc, q.spans) if att.words[k].upos != "PUNCT"]
            if words and sum(tags.content_prob[k] for k in words) / len(words) < veto_below:
                continue
        reshaped = _reshaped(att, q, frame) if reshape else None
        out.append(reshaped or q)
    return out


def _reshaped(att: Attributor, quote: Quote, frame: TaggedFrame | None) -> Quote | None:
    """The quote with the frame's content words, keeping the rules' speaker, cue and
    confidence; a mixed quote only while its new content still holds a quotation.

    The rules end a reported clause at the parse's edge; PolNeAR's contents run on past a
    quotation ("he was “kind of riding the fence” until Haley said …") or start before
    "that".  Reshaping mixed quotes too gained at 80% and exact on both held-out slices
    (docs/attribution.md, nineteenth session).
    """
    if frame is None:
        return None
    content = frame.content
    if quote.type == "mixed":
        # Quotations the rules joined on as a continuation ("… ''because …,'' Mr. Chipok
        # said. ''But …''") lie in later sentences than the frame the tagger read; they stay.
        last = max(att.words[k].sent for k in [*frame.content, *frame.cue])
        later = [k for k in words_in_spans(att.doc, quote.spans) if att.words[k].sent > last]
        content = sorted({*content, *later})
    new = att.learned_quote(frame.cue, None, content, [])
    if new is None or (quote.type == "mixed" and new.type != "mixed"):
        return None
    new.speaker, new.confidence, new.cue = quote.speaker, quote.confidence, quote.cue
    return new


def combine(
    att: Attributor,
    base: Sequence[Quote],
    frames: Sequence[TaggedFrame],
    *,
    learned_first: bool = LEARNED_FIRST,
    min_prob: float = MIN_CONTENT_PROB,
    min_words: int = MIN_CONTENT_WORDS,
) -> tuple[list[Quote], list[Learned]]:
    """The refined rule quotes and the learned ones together, in text order.

    With ``learned_first`` a learned frame may take the words of an indirect rule quote,
    which is then dropped; otherwise the rules keep every word they read.  Also returns the
    learned quotes on their own (for the calibration report).
    """
    quoted = [q for q in base if q.type != "indirect"]
    indirect = [q for q in base if q.type == "indirect"]
    if learned_first:
        added = learned_quotes(att, quoted, frames, min_prob, min_words, agreeing=indirect)
        taken = _quote_words(att, [x.quote for x in added])
        kept = quoted + [q for q in indirect if _quote_words(att, [q]).isdisjoint(taken)]
    else:
        added = learned_quotes(att, base, frames, min_prob, min_words)
        kept = list(base)
    merged = kept + [x.quote for x in added]
    merged.sort(key=lambda q: q.spans[0][0])
    return merged, added


def merge_frames(att: Attributor, rule_quotes: list[Quote], tags: DocTags) -> list[Quote]:
    """The rules' quotes, refined as chosen, and the learned ones, in text order."""
    base = refine_rule_quotes(
        att, rule_quotes, tags, veto_below=VETO_BELOW, reshape=RESHAPE, resource=RESOURCE
    )
    return combine(att, base, tags.frames)[0]
