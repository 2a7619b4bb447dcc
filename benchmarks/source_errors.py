"""Where source-mention F1 loses on PolNeAR: each gold source found or missed, and why.

    python -m benchmarks.source_errors [--split dev] [--limit N] [--show other|nomention|fp]

Counts every gold source once: found (a predicted speaker mention overlaps it), or missed
because no prediction covers its content at 30%, or because the prediction that does names
another mention or none. Then the predicted mentions that overlap no gold source, split by
whether their quote's content is right. ``--show`` prints the cases of one kind. Uses the
Stanza cache of ``score_attribution.py`` (docs/attribution.md, seventh session).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.attribution_scoring import (  # noqa: E402
    _matches,
    char_set,
    load_polnear,
    spans_overlap,
    trim_span,
)
from benchmarks.score_attribution import StanzaCache  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--show", choices=("other", "nomention", "fp"), default=None)
    args = parser.parse_args(argv)

    from app.nlp.extractor import Extractor

    cache = StanzaCache(None, 1)
    counts: Counter[str] = Counter()
    for art in load_polnear(args.data_dir, args.split, args.limit):
        text = art.text
        doc = cache.parse(text).doc
        quotes = Extractor.extract_from_doc(
            doc, text, published_at=art.published_at, title=art.title
        ).quotes
        p_chars = [char_set(text, q.spans) for q in quotes]
        p_trim = [frozenset(trim_span(text, s) for s in q.spans) for q in quotes]
        mentions = [
            [(q.speaker.mention.start, q.speaker.mention.end)] if q.speaker.mention else None
            for q in quotes
        ]
        gold_sources = [g.source for g in art.attributions if g.source]
        for g in art.attributions:
            if not g.source:
                continue
            if any(m and spans_overlap(g.source, m) for m in mentions):
                counts["gold source found"] += 1
                continue
            kind = "quoted" if g.quoted else "unquoted"
            g_chars = char_set(text, g.content)
            g_trim = frozenset(trim_span(text, s) for s in g.content)
            found = [
                i
                for i in range(len(quotes))
                if any(_matches(g_chars, p_chars[i], g_trim, p_trim[i], 0.3))
            ]
            if not found:
                counts[f"missed, {kind}: no content found at 30%"] += 1
                continue
            q = quotes[found[0]]
            why = "other" if q.speaker.mention is not None else "nomention"
            counts[
                f"missed, {kind}: content found, {'another' if why == 'other' else 'no'} mention"
            ] += 1
            if args.show == why:
                m = q.speaker.mention
                gold = " ".join(text[s:e] for s, e in g.source)
                print(
                    f"[{why}] gold {gold!r}, predicted {m.text if m else None!r} ({q.speaker.name})"
                )
        for i, q in enumerate(quotes):
            mention = mentions[i]
            if mention is None:
                continue
            if any(spans_overlap(mention, gs) for gs in gold_sources):
                counts["predicted mention on a gold source"] += 1
                continue
            right = any(
                _matches(
                    char_set(text, g.content),
                    p_chars[i],
                    frozenset(trim_span(text, s) for s in g.content),
                    p_trim[i],
                    0.3,
                )[1]
                for g in art.attributions
                if g.content
            )
            counts[
                f"predicted mention on no gold source, content {'right' if right else 'wrong'}"
            ] += 1
            if args.show == "fp" and right:
                said = text[mention[0][0] : mention[0][1]]
                print(f"[fp] predicted {said!r} ({q.speaker.name}): {q.text[:80]!r}")
    for label, n in sorted(counts.items()):
        print(f"{n:6d}  {label}")


if __name__ == "__main__":
    main()
