"""Count what the quotation-mark pass finds on raw news with no annotations.

    python -m benchmarks.quotation_marks            # the BBC News corpus in ../shared/data
    python -m benchmarks.quotation_marks --corpus FILE

PolNeAR keeps each paragraph on its own line; text that clients post often does not (a
scraper that joins ``<p>`` elements with a space, the BBC News corpus).  No gold exists for
that text, but two counts show where the mark pairing goes wrong without one: quotations
left unclosed, and quotations whose words still hold a double mark (a nested opening mark
that swallowed the closing one).  Each blank-line-separated block of the file is one
article, its first line the headline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.nlp.quotes import DOUBLE_MARKS, find_quotations  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "data" / "newstext" / "bbc_fulltext_2225.txt",
    )
    args = parser.parse_args(argv)
    articles = [b for b in args.corpus.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    found = unclosed = stray = parts = 0
    for article in articles:
        body = article.partition("\n")[2]
        for q in find_quotations(body):
            found += 1
            unclosed += not q.closed
            parts += len(q.spans) > 1
            words = [body[s:e] for s, e in q.spans]
            stray += any(mark in w for w in words for mark in DOUBLE_MARKS)
    print(f"{args.corpus.name}: {len(articles)} articles, {found} quotations")
    print(f"  unclosed: {unclosed}")
    print(f"  with a double mark left inside: {stray}")
    print(f"  in several parts (paragraphs re-opened): {parts}")


if __name__ == "__main__":
    main()
