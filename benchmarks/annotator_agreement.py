"""How far PolNeAR's own annotators agree, under the scorer's matching rules.

    python -m benchmarks.annotator_agreement [--split train|dev] [--pairs first|all]
        [--system [--tagger-model PATH]]

Sixteen train articles and two dev articles were each annotated by five or six people. Each
other annotator's attributions are scored as predictions against the first annotator's
file, the gold of ``score_attribution`` (``--pairs all``: every pair of annotators, once
each), with the very matching rules that score the extractor. Where annotators disagree
the gold is one trained reading among several, so these figures bound what agreeing with
it can mean: a target above them asks a system to agree with one annotator more than the
other annotators do. ``--system`` also scores the extractor on the same articles against
the first annotator (on train the shipped network was trained on them, so pass
``--tagger-model`` a network trained without them; dev is unseen).

A discontinuous source enters as its first piece (a quote has one mention), which can only
lower the annotators' source agreement, and by next to nothing: 9 of the 18,367 sources of
the loaded train gold have two pieces, and its cues have one each.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.nlp.types import Quote, Speaker, TextSpan  # noqa: E402
from benchmarks.attribution_scoring import (  # noqa: E402
    ArticleScore,
    GoldAttribution,
    Span,
    annotation_files,
    parse_brat,
    score_article,
)
from benchmarks.score_attribution import StanzaCache, print_report  # noqa: E402


def as_quote(text: str, attribution: GoldAttribution) -> Quote:
    """An annotator's attribution in the extractor's output shape, to score it as one."""

    def first_piece(spans: tuple[Span, ...]) -> TextSpan | None:
        if not spans:
            return None
        start, end = spans[0]
        return TextSpan(text[start:end], start, end)

    return Quote(
        text=" ".join(text[s:e] for s, e in attribution.content),
        type="direct" if attribution.quoted else "indirect",
        spans=list(attribution.content),
        cue=first_piece(attribution.cue),
        speaker=Speaker(name=None, kind="person", mention=first_piece(attribution.source)),
        event=None,
        confidence=1.0,
    )


def agreement(text: str, annotations: list[list[GoldAttribution]], all_pairs: bool) -> ArticleScore:
    """The annotators of one article scored against each other (see the module doc)."""
    total = ArticleScore()
    if all_pairs:
        pairs = list(itertools.combinations(range(len(annotations)), 2))
    else:
        pairs = [(0, k) for k in range(1, len(annotations))]
    for gold, other in pairs:
        predicted = [as_quote(text, a) for a in annotations[other] if a.content]
        total.add(score_article(text, annotations[gold], predicted))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    parser.add_argument("--pairs", choices=("first", "all"), default="first")
    parser.add_argument("--system", action="store_true", help="score the extractor too")
    parser.add_argument(
        "--tagger-model",
        type=Path,
        default=None,
        help="with --system, this attribution network instead of the shipped one (one"
        " trained without these articles: train_attribution_tagger --holdout-annotated)",
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args(argv)

    text_dir = args.data_dir / "polnear" / args.split / "text"
    humans = ArticleScore()
    system = ArticleScore()
    cache: StanzaCache | None = None
    tagger = None
    if args.system:
        # Imported here: the annotators alone need neither Stanza nor torch.
        from app.nlp.extractor import Extractor
        from app.nlp.tagger import AttributionTagger

        cache = StanzaCache(None, 1)
        if args.tagger_model is not None:
            tagger = AttributionTagger(args.tagger_model)  # loaded once, not per article
    n_articles = n_files = 0
    for name, files in sorted(annotation_files(args.data_dir, args.split).items()):
        if len(files) < 2:
            continue
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        annotations = [parse_brat(f.read_text(encoding="utf-8"), text) for f in files]
        humans.add(agreement(text, annotations, args.pairs == "all"))
        n_articles += 1
        n_files += len(files)
        if cache is not None:
            doc = cache.parse(text).doc
            quotes = Extractor.extract_from_doc(doc, text, tagger=tagger).quotes
            system.add(score_article(text, annotations[0], quotes))
    against = "each other" if args.pairs == "all" else "the first annotator's file"
    print(
        f"PolNeAR {args.split}: {n_articles} articles with several annotators"
        f" ({n_files} files), annotators scored against {against}"
    )
    print_report(humans)
    if cache is not None:
        print(f"\nthe extractor on the same {n_articles} articles, against the first annotator")
        print_report(system)


if __name__ == "__main__":
    main()
