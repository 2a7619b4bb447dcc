"""Score the quote extractor on annotated articles: PolNeAR (train/dev) or the seed gold.

    python -m benchmarks.score_attribution --split train --limit 100
    python -m benchmarks.score_attribution --split dev
    python -m benchmarks.score_attribution --split seeds

Stanza output is cached under build/cache/stanza (keyed by the model files' names, sizes and
modification times plus the text), so iterating on the rules re-parses nothing; Stanza time
reported for a cached article is the time measured when it was parsed.  Annotations: where
PolNeAR has several annotators' files for one article, the first in sorted file-name order is
the gold (see ``attribution_scoring.pick_annotation_file``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python benchmarks/score_attribution.py` as well
    sys.path.insert(0, str(REPO))

from benchmarks.attribution_scoring import (  # noqa: E402
    GROUPS,
    PRF,
    THRESHOLDS,
    ArticleScore,
    calibration_table,
    load_polnear,
    load_seeds,
    score_article,
    score_seed,
    seed_false_quotes,
)

CACHE_DIR = REPO / "build" / "cache" / "stanza"


@dataclass(slots=True)
class Parsed:
    """A Stanza document plus the seconds Stanza took to make it."""

    doc: Any
    stanza_seconds: float


class StanzaCache:
    """Parses texts once per model set and keeps the serialized documents on disk."""

    def __init__(self, stanza_dir: Path | None, torch_threads: int) -> None:
        self.stanza_dir = stanza_dir
        self.torch_threads = torch_threads
        self._nlp: Any = None
        self._models_key = self._model_signature()

    def _model_dir(self) -> Path:
        if self.stanza_dir is not None:
            return self.stanza_dir
        from app.core.config import get_settings

        return Path(get_settings().stanza_dir)

    def _model_signature(self) -> str:
        directory = self._model_dir()
        parts = [
            f"{p.relative_to(directory)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
            for p in sorted(directory.rglob("*.pt"))
        ]
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    def nlp(self) -> Any:
        if self._nlp is None:
            from app.nlp.pipeline import load_pipeline

            self._nlp = load_pipeline(self.stanza_dir, torch_threads=self.torch_threads)
        return self._nlp

    def parse(self, text: str) -> Parsed:
        from stanza.models.common.doc import Document

        key = hashlib.sha1((self._models_key + "\0" + text).encode()).hexdigest()
        path = CACHE_DIR / f"{key}.json"
        timing = CACHE_DIR / f"{key}.seconds"
        if path.exists() and timing.exists():
            return Parsed(Document.from_serialized(path.read_bytes()), float(timing.read_text()))
        started = time.perf_counter()
        doc = self.nlp()(text)
        seconds = time.perf_counter() - started
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc.to_serialized())
        timing.write_text(f"{seconds:.6f}")
        return Parsed(doc, seconds)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def _prf_line(label: str, prf: PRF) -> str:
    return (
        f"  {label:<28} P {_pct(prf.precision)}  R {_pct(prf.recall)}  F1 {_pct(prf.f1)}"
        f"   (pred {prf.n_pred}, gold {prf.n_gold})"
    )


def run_polnear(args: argparse.Namespace, cache: StanzaCache) -> None:
    from app.nlp.extractor import Extractor

    articles = load_polnear(args.data_dir, args.split, args.limit)
    total = ArticleScore()
    stanza_s = 0.0
    rules_s = 0.0
    for n, art in enumerate(articles, 1):
        parsed = cache.parse(art.text)
        started = time.perf_counter()
        extraction = Extractor.extract_from_doc(
            parsed.doc, art.text, published_at=art.published_at, title=art.title
        )
        rules_s += time.perf_counter() - started
        stanza_s += parsed.stanza_seconds
        total.add(score_article(art.text, art.attributions, extraction.quotes))
        if args.verbose and n % 50 == 0:
            print(f"... {n} articles", file=sys.stderr)
    n_art = max(len(articles), 1)
    print(f"PolNeAR {args.split}: {len(articles)} articles (first annotator file in sorted order)")
    print_report(total)
    print(
        f"time per article: stanza {1000 * stanza_s / n_art:.1f} ms, attribution "
        f"{1000 * rules_s / n_art:.1f} ms ({_pct(rules_s / stanza_s if stanza_s else 0.0)}%"
        " of stanza)"
    )
    print_calibration(total.calibration)


def print_report(total: ArticleScore) -> None:
    """Content, cue and source lines by group, and the speaker share of found quotations."""
    for label, _ in THRESHOLDS:
        print(f"content, {label} coverage")
        for group in GROUPS:
            print(_prf_line(group, total.content[(label, group)]))
    print("cue (overlap)")
    for group in GROUPS:
        print(_prf_line(group, total.cue[group]))
    print("source mention (overlap)")
    for group in GROUPS:
        print(_prf_line(group, total.source[group]))
    print("source given content (30% content match and speaker overlaps/names the gold source)")
    for group in GROUPS:
        print(_prf_line(group, total.source_given_content[group]))
    right = total.speaker_right / total.speaker_total if total.speaker_total else 0.0
    print(
        f"speaker right, quoted gold found at 30%: {_pct(right)}%"
        f"  ({total.speaker_right}/{total.speaker_total})"
    )
    named = total.named / total.predicted if total.predicted else 0.0
    print(
        f"predicted quotes naming a canonical speaker: {_pct(named)}%"
        f"  ({total.named}/{total.predicted})"
    )


def print_calibration(points: list[tuple[float, bool, bool]]) -> None:
    print("confidence calibration (predicted quotes)")
    print("  bin          n   content ok   content+speaker ok")
    for label, n, content_ok, full_ok in calibration_table(points):
        print(f"  {label:<10} {n:5d}   {_pct(content_ok)}%       {_pct(full_ok)}%")


def run_seeds(args: argparse.Namespace, cache: StanzaCache) -> None:
    from app.nlp.extractor import Extractor

    seeds_dir = args.seeds_dir or args.data_dir.parent / "seeds"
    gold = args.seeds_gold or args.data_dir.parent / "eval" / "seeds-gold.json"
    articles = load_seeds(seeds_dir, gold)
    n_found = n_speaker = n_type = n_total = 0
    for art in articles:
        parsed = cache.parse(art.text)
        extraction = Extractor.extract_from_doc(parsed.doc, art.text, title=art.title)
        print(f"{art.name}: {len(extraction.quotes)} quotes predicted")
        for res in score_seed(art, extraction.quotes):
            n_total += 1
            n_found += res.found
            n_speaker += res.speaker_right
            n_type += res.type_right
            mark = "ok " if res.found and res.speaker_right else "BAD"
            print(
                f"  {mark} {res.content[:50]!r:<54} expected {res.expected_speaker:<20}"
                f" got {res.predicted_speaker!s:<20} type {'ok' if res.type_right else 'x'}"
                f" cue {res.cue_right} event {res.event_right}"
            )
        for phrase in seed_false_quotes(art, extraction.quotes):
            print(f"  BAD not a quote but extracted: {phrase!r}")
        if args.verbose:
            for q in extraction.quotes:
                print(f"    [{q.type} {q.confidence:.2f}] {q.speaker.name} <- {q.text[:80]!r}")
    print(
        f"seeds: found {n_found}/{n_total}, right speaker {n_speaker}/{n_total},"
        f" right type {n_type}/{n_total}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "seeds"), default="train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--seeds-dir", type=Path, default=None)
    parser.add_argument("--seeds-gold", type=Path, default=None)
    parser.add_argument("--stanza-dir", type=Path, default=None)
    parser.add_argument("--torch-threads", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    cache = StanzaCache(args.stanza_dir, args.torch_threads)
    if args.split == "seeds":
        run_seeds(args, cache)
    else:
        run_polnear(args, cache)


if __name__ == "__main__":
    main()
