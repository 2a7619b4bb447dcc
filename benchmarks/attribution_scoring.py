"""Reading annotated attribution data and scoring predictions against it.

Kept apart from the command-line runner so the matching rules can be unit-tested on tiny
synthetic fixtures: a scorer whose rules are wrong silently misleads every later decision.

Matching rules (all character based, on offsets into the article text):

* content, recall: a gold content counts as found at threshold ``t`` when the spans of one
  predicted quote cover at least ``t`` of its characters (quotation marks and whitespace at
  the edges of either side are ignored, so ``“legitimate targets,”`` and ``legitimate
  targets`` match exactly).
* content, precision: the mirror image -- a predicted quote is correct at ``t`` when at least
  ``t`` of its characters lie inside one gold content.  Without the mirror a prediction
  spanning a whole paragraph would "find" every gold quote in it for free.
* exact: both trimmed span sets are identical.
* cue and source: span overlap of at least one character, scored independently of content
  (like token-tagging evaluations such as CofeNet's, but lenient on boundaries).
* "source given content": a gold attribution's source counts as found only through a predicted
  quote that matches its content at 30% and whose speaker mention overlaps the gold source.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.nlp.types import Quote

Span = tuple[int, int]

# Characters that open or close a quotation; a gold content containing one is "quoted".
_DOUBLE_MARKS = '"“”„‟«»'
_EDGE_TRIM = " \t\r\n\"“”„‟«»‘’‚‛'`.,;:!?—–-"


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: content, cue and source spans, any of which may be empty."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    quoted: bool


@dataclass(slots=True)
class GoldArticle:
    """An article text with its gold attributions and whatever metadata the corpus gives."""

    name: str
    text: str
    attributions: list[GoldAttribution]
    published_at: dt.date | None = None
    title: str | None = None
    annotator: str | None = None


# ---------------------------------------------------------------------------- BRAT reading


def _parse_spans(field_text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for piece in field_text.split(";"):
        start, end = piece.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def has_quotation_mark(text: str) -> bool:
    """True when the text holds a double quotation mark or an opening single one.

    A plain apostrophe (``Putin’s``) must not make a content "quoted", so single marks only
    count when they open a word after a non-letter.
    """
    if any(ch in _DOUBLE_MARKS for ch in text):
        return True
    return re.search(r"(?:^|[^\w])[‘']\w", text) is not None


def parse_brat(ann_text: str, article_text: str) -> list[GoldAttribution]:
    """Turn BRAT standoff lines into attributions.

    Text-bound annotations (``T``) are collected first and tied together by the event lines
    (``E``); a text-bound Content/Cue/Source that no event mentions still forms an attribution
    on its own so that no gold span is silently dropped.
    """
    spans_by_id: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, list[str]]] = []
    for raw in ann_text.splitlines():
        if not raw.strip():
            continue
        parts = raw.split("\t")
        ident = parts[0]
        if ident.startswith("T") and len(parts) >= 2:
            label, _, span_text = parts[1].partition(" ")
            spans_by_id[ident] = (label, _parse_spans(span_text))
        elif ident.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                role = re.sub(r"\d+$", "", role)
                roles.setdefault(role, []).append(ref)
            events.append(roles)

    used: set[str] = set()
    out: list[GoldAttribution] = []

    def collect(refs: Iterable[str], label: str) -> tuple[Span, ...]:
        spans: list[Span] = []
        for ref in refs:
            entry = spans_by_id.get(ref)
            if entry is None or entry[0] != label:
                continue
            used.add(ref)
            spans.extend(entry[1])
        return tuple(sorted(spans))

    for roles in events:
        content = collect(roles.get("Content", []), "Content")
        cue = collect(roles.get("Cue", []), "Cue")
        source = collect(roles.get("Source", []), "Source")
        if not (content or cue or source):
            continue
        out.append(_make_attribution(content, cue, source, article_text))
    for ident, (label, spans) in spans_by_id.items():
        if ident in used or label not in ("Content", "Cue", "Source"):
            continue
        content = spans if label == "Content" else ()
        cue = spans if label == "Cue" else ()
        source = spans if label == "Source" else ()
        out.append(_make_attribution(content, cue, source, article_text))
    return out


def _make_attribution(
    content: tuple[Span, ...], cue: tuple[Span, ...], source: tuple[Span, ...], text: str
) -> GoldAttribution:
    quoted = any(has_quotation_mark(text[s:e]) for s, e in content)
    return GoldAttribution(content=content, cue=cue, source=source, quoted=quoted)


def pick_annotation_file(candidates: Sequence[Path]) -> Path:
    """Several annotators' files may exist for one article; the first in sorted order wins.

    Deterministic so that two runs (and two people) score against the same gold.
    """
    return sorted(candidates, key=lambda p: p.name)[0]


def _read_metadata(polnear_dir: Path) -> dict[str, dict[str, str]]:
    path = polnear_dir / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


def annotation_files(data_dir: Path, split: str) -> dict[str, list[Path]]:
    """Each PolNeAR article's annotation files (``<article>_<annotator>.ann``), sorted."""
    by_article: dict[str, list[Path]] = {}
    for ann in (data_dir / "polnear" / split / "attributions").glob("*.ann"):
        article, _, _annotator = ann.stem.rpartition("_")
        by_article.setdefault(article, []).append(ann)
    return {name: sorted(files, key=lambda p: p.name) for name, files in by_article.items()}


def load_polnear(data_dir: Path, split: str, limit: int | None = None) -> list[GoldArticle]:
    """Load one PolNeAR compartment (``train`` or ``dev``) in article-name order.

    The article text is given to the extractor whole (its first line is the headline in
    most articles, and PolNeAR annotates attributions there too).
    """
    polnear = data_dir / "polnear"
    text_dir = polnear / split / "text"
    metadata = _read_metadata(polnear)
    ann_by_article = annotation_files(data_dir, split)
    articles: list[GoldArticle] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        candidates = ann_by_article.get(name)
        if not candidates:
            continue
        ann_path = pick_annotation_file(candidates)
        text = text_path.read_text(encoding="utf-8")
        meta = metadata.get(name, {})
        published = _parse_date(meta.get("publication_date")) or _date_from_name(name)
        articles.append(
            GoldArticle(
                name=name,
                text=text,
                attributions=parse_brat(ann_path.read_text(encoding="utf-8"), text),
                published_at=published,
                title=None,
                annotator=ann_path.stem.rpartition("_")[2],
            )
        )
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _date_from_name(name: str) -> dt.date | None:
    match = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return _parse_date(match.group(1)) if match else None


# ---------------------------------------------------------------------------- seeds


@dataclass(slots=True)
class SeedQuote:
    """A hand-annotated seed expectation: a distinctive substring of the content and more."""

    content: str
    speaker: str
    type: str
    cue: str | None = None
    event: str | None = None


@dataclass(slots=True)
class SeedArticle:
    """A seed file split into headline (first line) and body, with its expectations."""

    name: str
    title: str
    text: str
    quotes: list[SeedQuote]
    not_quotes: list[str]
    people: dict[str, list[str]] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)


def split_headline(raw: str) -> tuple[str, str]:
    """The seed convention: the first line is the headline, the rest is the body."""
    title, _, body = raw.partition("\n")
    return title.strip(), body


def load_seeds(seeds_dir: Path, gold_path: Path) -> list[SeedArticle]:
    """Read the seed articles named in the gold file."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out: list[SeedArticle] = []
    for entry in gold["articles"]:
        title, body = split_headline((seeds_dir / entry["file"]).read_text(encoding="utf-8"))
        quotes = [
            SeedQuote(
                content=q["content"],
                speaker=q["speaker"],
                type=q["type"],
                cue=q.get("cue"),
                event=q.get("event"),
            )
            for q in entry["quotes"]
        ]
        out.append(
            SeedArticle(
                name=entry["file"],
                title=title,
                text=body,
                quotes=quotes,
                not_quotes=list(entry.get("not_quotes", [])),
                people=dict(gold.get("people", {})),
                events=list(gold.get("events", [])),
            )
        )
    return out


# ---------------------------------------------------------------------------- matching


def trim_span(text: str, span: Span) -> Span:
    """Drop quotation marks, punctuation and whitespace at both edges of a span."""
    start, end = span
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return (start, end)


def char_set(text: str, spans: Iterable[Span]) -> set[int]:
    """The trimmed character positions of a span set (whitespace inside does not count)."""
    chars: set[int] = set()
    for span in spans:
        start, end = trim_span(text, span)
        chars.update(i for i in range(start, end) if not text[i].isspace())
    return chars


def spans_overlap(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """At least one character shared between two span sets."""
    b_list = list(b)
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b_list)


@dataclass(slots=True)
class PRF:
    """Counts behind one precision/recall/F1 line."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold


THRESHOLDS: tuple[tuple[str, float | None], ...] = (("30%", 0.3), ("80%", 0.8), ("exact", None))
GROUPS = ("all", "quoted", "unquoted")


def is_quoted_prediction(quote: Quote) -> bool:
    """Direct and mixed quotes carry quotation marks; indirect ones do not."""
    return quote.type != "indirect"


def _group_of(quoted: bool) -> str:
    return "quoted" if quoted else "unquoted"


@dataclass(slots=True)
class ArticleScore:
    """All counts for one article, so the runner can sum them and break them down."""

    content: dict[tuple[str, str], PRF] = field(default_factory=dict)
    cue: dict[str, PRF] = field(default_factory=dict)
    source: dict[str, PRF] = field(default_factory=dict)
    source_given_content: dict[str, PRF] = field(default_factory=dict)
    speaker_right: int = 0
    speaker_total: int = 0
    # Predicted quotes, and those naming a canonical speaker (what the service indexes by
    # person; PolNeAR scores mentions, so a quote credited to "he" or "a spokesman for X"
    # without a name is right here and useless to a search by person).
    predicted: int = 0
    named: int = 0
    # (confidence, content correct at 30%, content and speaker correct) per predicted quote.
    calibration: list[tuple[float, bool, bool]] = field(default_factory=list)

    def add(self, other: ArticleScore) -> None:
        for key, prf in other.content.items():
            self.content.setdefault(key, PRF()).add(prf)
        for name in ("cue", "source", "source_given_content"):
            mine: dict[str, PRF] = getattr(self, name)
            for key, prf in getattr(other, name).items():
                mine.setdefault(key, PRF()).add(prf)
        self.speaker_right += other.speaker_right
        self.speaker_total += other.speaker_total
        self.predicted += other.predicted
        self.named += other.named
        self.calibration.extend(other.calibration)


def _coverage(overlap: int, size: int) -> float:
    return overlap / size if size else 0.0


def _matches(
    gold_chars: set[int],
    pred_chars: set[int],
    gold_trim: frozenset[Span],
    pred_trim: frozenset[Span],
    threshold: float | None,
) -> tuple[bool, bool]:
    """(gold found by this prediction, prediction supported by this gold) at a threshold."""
    if threshold is None:
        same = gold_trim == pred_trim and bool(gold_trim)
        return same, same
    overlap = len(gold_chars & pred_chars)
    if not overlap:
        return False, False
    return (
        _coverage(overlap, len(gold_chars)) >= threshold,
        _coverage(overlap, len(pred_chars)) >= threshold,
    )


def speaker_matches(text: str, gold: GoldAttribution, quote: Quote) -> bool:
    """Whether a prediction names the gold source.

    Overlap with the gold source mention counts; so does naming the same person elsewhere
    (gold ``Trump`` vs. a predicted canonical ``Donald Trump`` from another mention) when the
    gold source is itself a name, judged by a shared capitalised word.
    """
    mention = quote.speaker.mention
    if mention is not None and spans_overlap([(mention.start, mention.end)], gold.source):
        return True
    if quote.speaker.name is None or not gold.source:
        return False
    gold_words = {
        w for s, e in gold.source for w in re.findall(r"[A-Z][\w’'.-]+", text[s:e]) if len(w) > 2
    }
    name_words = set(re.findall(r"[A-Z][\w’'.-]+", quote.speaker.name))
    return bool(gold_words & name_words)


def score_article(
    text: str, gold: Sequence[GoldAttribution], quotes: Sequence[Quote]
) -> ArticleScore:
    """Score one article's predicted quotes against its gold attributions."""
    score = ArticleScore(
        predicted=len(quotes), named=sum(q.speaker.name is not None for q in quotes)
    )
    gold_content = [g for g in gold if g.content]
    g_chars = [char_set(text, g.content) for g in gold_content]
    g_trim = [frozenset(trim_span(text, s) for s in g.content) for g in gold_content]
    p_chars = [char_set(text, q.spans) for q in quotes]
    p_trim = [frozenset(trim_span(text, s) for s in q.spans) for q in quotes]

    # Pairwise match matrix per threshold; sizes are small (tens), so quadratic is fine.
    for label, threshold in THRESHOLDS:
        found = [False] * len(gold_content)
        supported = [False] * len(quotes)
        for gi in range(len(gold_content)):
            for pi in range(len(quotes)):
                g_ok, p_ok = _matches(g_chars[gi], p_chars[pi], g_trim[gi], p_trim[pi], threshold)
                found[gi] = found[gi] or g_ok
                supported[pi] = supported[pi] or p_ok
        for group in GROUPS:
            prf = score.content.setdefault((label, group), PRF())
            for gi, g in enumerate(gold_content):
                if group == "all" or _group_of(g.quoted) == group:
                    prf.n_gold += 1
                    prf.tp_gold += found[gi]
            for pi, q in enumerate(quotes):
                if group == "all" or _group_of(is_quoted_prediction(q)) == group:
                    prf.n_pred += 1
                    prf.tp_pred += supported[pi]

    # Cue and source: independent span overlap.
    for group in GROUPS:
        in_group = [g for g in gold if group == "all" or _group_of(g.quoted) == group]
        preds = [q for q in quotes if group == "all" or _group_of(is_quoted_prediction(q)) == group]
        cue = score.cue.setdefault(group, PRF())
        gold_cues = [g.cue for g in in_group if g.cue]
        all_gold_cues = [g.cue for g in gold if g.cue]
        pred_cues = [[(q.cue.start, q.cue.end)] for q in preds if q.cue is not None]
        cue.n_gold += len(gold_cues)
        cue.tp_gold += sum(any(spans_overlap(gc, pc) for pc in pred_cues) for gc in gold_cues)
        cue.n_pred += len(pred_cues)
        cue.tp_pred += sum(any(spans_overlap(pc, gc) for gc in all_gold_cues) for pc in pred_cues)

        src = score.source.setdefault(group, PRF())
        gold_src = [g.source for g in in_group if g.source]
        all_gold_src = [g.source for g in gold if g.source]
        pred_src = [
            [(q.speaker.mention.start, q.speaker.mention.end)]
            for q in preds
            if q.speaker.mention is not None
        ]
        src.n_gold += len(gold_src)
        src.tp_gold += sum(any(spans_overlap(gs, ps) for ps in pred_src) for gs in gold_src)
        src.n_pred += len(pred_src)
        src.tp_pred += sum(any(spans_overlap(ps, gs) for gs in all_gold_src) for ps in pred_src)

    # Source given content, speaker accuracy and calibration, all through 30% content matches.
    pairs: dict[int, list[int]] = {}  # prediction -> gold indices it matches at 30%
    gold_found_by: dict[int, list[int]] = {}
    for gi in range(len(gold_content)):
        for pi in range(len(quotes)):
            g_ok, p_ok = _matches(g_chars[gi], p_chars[pi], g_trim[gi], p_trim[pi], 0.3)
            if g_ok or p_ok:
                pairs.setdefault(pi, []).append(gi)
            if g_ok:
                gold_found_by.setdefault(gi, []).append(pi)
    for group in GROUPS:
        sgc = score.source_given_content.setdefault(group, PRF())
        for gi, g in enumerate(gold_content):
            if not g.source or not (group == "all" or _group_of(g.quoted) == group):
                continue
            sgc.n_gold += 1
            sgc.tp_gold += any(
                speaker_matches(text, g, quotes[pi]) for pi in gold_found_by.get(gi, [])
            )
        for pi, q in enumerate(quotes):
            if q.speaker.mention is None and q.speaker.name is None:
                continue
            if not (group == "all" or _group_of(is_quoted_prediction(q)) == group):
                continue
            sgc.n_pred += 1
            sgc.tp_pred += any(
                speaker_matches(text, gold_content[gi], q) for gi in pairs.get(pi, [])
            )
    for gi, g in enumerate(gold_content):
        if not g.quoted or not g.source or gi not in gold_found_by:
            continue
        score.speaker_total += 1
        score.speaker_right += any(speaker_matches(text, g, quotes[pi]) for pi in gold_found_by[gi])
    for pi, q in enumerate(quotes):
        content_ok = pi in pairs and any(
            _matches(g_chars[gi], p_chars[pi], g_trim[gi], p_trim[pi], 0.3)[1] for gi in pairs[pi]
        )
        full_ok = content_ok and any(speaker_matches(text, gold_content[gi], q) for gi in pairs[pi])
        score.calibration.append((q.confidence, content_ok, full_ok))
    return score


def calibration_table(
    points: Sequence[tuple[float, bool, bool]],
    edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
) -> list[tuple[str, int, float, float]]:
    """Rows of (bin label, count, share content-correct, share content+speaker correct)."""
    rows: list[tuple[str, int, float, float]] = []
    for lo, hi in itertools.pairwise(edges):
        last = hi == edges[-1]
        inside = [p for p in points if lo <= p[0] < hi or (last and p[0] == hi)]
        n = len(inside)
        rows.append(
            (
                f"[{lo:.1f},{hi:.1f}{']' if last else ')'}",
                n,
                sum(p[1] for p in inside) / n if n else 0.0,
                sum(p[2] for p in inside) / n if n else 0.0,
            )
        )
    return rows


# ---------------------------------------------------------------------------- seed scoring


@dataclass(slots=True)
class SeedResult:
    """What happened to one seed expectation."""

    article: str
    content: str
    expected_speaker: str
    found: bool
    predicted_speaker: str | None
    speaker_right: bool
    type_right: bool
    cue_right: bool | None
    event_right: bool | None


def match_seed_quote(text: str, expected: SeedQuote, quotes: Sequence[Quote]) -> Quote | None:
    """The predicted quote whose spans cover most of the expected distinctive substring.

    Needs at least half of its characters covered: the substring is only part of the content,
    so coverage of the substring is the fair test.
    """
    start = text.find(expected.content)
    if start < 0:
        raise ValueError(f"seed content not in text: {expected.content!r}")
    target = char_set(text, [(start, start + len(expected.content))])
    best: Quote | None = None
    best_cov = 0.0
    for q in quotes:
        cov = _coverage(len(target & char_set(text, q.spans)), len(target))
        if cov > best_cov:
            best, best_cov = q, cov
    return best if best_cov >= 0.5 else None


def score_seed(article: SeedArticle, quotes: Sequence[Quote]) -> list[SeedResult]:
    """Check each expectation of one seed article against the predictions."""
    results: list[SeedResult] = []
    for exp in article.quotes:
        q = match_seed_quote(article.text, exp, quotes)
        predicted = q.speaker.name if q is not None else None
        cue_right: bool | None = None
        if exp.cue is not None:
            cue_right = q is not None and q.cue is not None and exp.cue in q.cue.text
        event_right: bool | None = None
        if exp.event is not None:
            event_right = q is not None and q.event is not None and exp.event in q.event.name
        results.append(
            SeedResult(
                article=article.name,
                content=exp.content,
                expected_speaker=exp.speaker,
                found=q is not None,
                predicted_speaker=predicted,
                speaker_right=predicted == exp.speaker,
                type_right=q is not None and q.type == exp.type,
                cue_right=cue_right,
                event_right=event_right,
            )
        )
    return results


def seed_false_quotes(article: SeedArticle, quotes: Sequence[Quote]) -> list[str]:
    """Texts that must not be quotes but were predicted as (part of) one."""
    bad: list[str] = []
    for phrase in article.not_quotes:
        start = article.text.find(phrase)
        while start >= 0:
            span = (start, start + len(phrase))
            if any(spans_overlap([span], q.spans) for q in quotes):
                bad.append(phrase)
                break
            start = article.text.find(phrase, start + 1)
    return bad
