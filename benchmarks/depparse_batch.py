"""Stanza's time by parser batch size: one article a call, and one job a call.

Usage::

    python benchmarks/depparse_batch.py [--articles 40] [--sizes 5000,1000,300,150]
                                        [--passes 2] [--threads 1]

Stanza's parser batches length-sorted sentences up to ``depparse_batch_size`` words
(default 5000) and scores every pair of words in a batch padded to its longest sentence.
One batch of 5000 words holds a whole article or several, so most sentences are scored at a
length far beyond their own; the service sets a smaller batch
(``app.nlp.pipeline.DEPPARSE_BATCH_WORDS``). This times the same texts at each size, the
way the service calls Stanza: ``nlp(text)`` one article at a time (``POST /v1/articles``)
and ``nlp.bulk_process`` over jobs of ``QUOTEWISE_JOB_ARTICLES`` (a batch's worker jobs,
cut by ``app.jobs.queue.chunks``). Sizes are interleaved over ``--passes`` passes, so a
machine whose speed drifts slows all alike; the best pass is compared with Stanza's default.
Each size's trees are checked against the default's: the setting must change speed only.
Texts: the seed articles and the PolNeAR dev sample of ``ingest_throughput.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

STANZA_DEFAULT = 5000


def parse(nlp: Any, calls: list[list[str]]) -> tuple[float, list[tuple[int, str]]]:
    """Seconds for the calls, and every word's (head, relation) in order."""
    import stanza

    started = time.perf_counter()
    docs = [
        d for texts in calls for d in nlp.bulk_process([stanza.Document([], text=t) for t in texts])
    ]
    seconds = time.perf_counter() - started
    trees = [(w.head, w.deprel) for d in docs for s in d.sentences for w in s.words]
    return seconds, trees


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=40, help="PolNeAR dev texts to add")
    parser.add_argument("--sizes", default="5000,1000,300,150", help="parser batch sizes, words")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["QUOTEWISE_TORCH_THREADS"] = str(args.threads)

    from app.core.config import get_settings
    from app.jobs.queue import chunks
    from app.nlp.pipeline import load_pipeline
    from benchmarks.ingest_throughput import load_texts

    settings = get_settings()
    texts = [text for _, text in load_texts(args.articles, args.seed)]
    sizes = [int(x) for x in args.sizes.split(",")]
    if STANZA_DEFAULT not in sizes:
        sizes.insert(0, STANZA_DEFAULT)
    modes = {
        "one article a call": [[t] for t in texts],
        f"jobs of {settings.job_articles}": [
            [texts[i] for i in job]
            for job in chunks(list(range(len(texts))), settings.job_articles)
        ],
    }
    nlp = load_pipeline(settings.stanza_dir, torch_threads=args.threads)
    depparse = nlp.processors["depparse"]
    nlp(texts[0])  # warm-up
    print(
        f"{len(texts)} articles ({sum(len(t) for t in texts)} characters); torch threads "
        f"{args.threads}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    seconds: dict[tuple[str, int], list[float]] = {}
    reference: dict[str, list[tuple[int, str]]] = {}
    differing: dict[tuple[str, int], int] = {}
    for n in range(args.passes):
        for size in sizes:
            depparse.config["batch_size"] = size  # read by the processor on every call
            for mode, calls in modes.items():
                took, trees = parse(nlp, calls)
                seconds.setdefault((mode, size), []).append(took)
                if size == STANZA_DEFAULT:
                    reference.setdefault(mode, trees)
                elif mode in reference:
                    differing[(mode, size)] = sum(
                        a != b for a, b in zip(trees, reference[mode], strict=True)
                    )
                print(f"  pass {n + 1}: {mode}, batch {size}: {took:.1f} s", flush=True)
    print()
    print("| parser batch, words | " + " | ".join(modes) + " |")
    print("|---:|" + "---:|" * len(modes))
    for size in sizes:
        cells = []
        for mode in modes:
            best = min(seconds[(mode, size)])
            base = min(seconds[(mode, STANZA_DEFAULT)])
            cell = f"{best:.1f} s"
            if size != STANZA_DEFAULT:
                changed = differing.get((mode, size), 0)
                cell += f" ({100 * (best / base - 1):+.1f}%; {changed} words parsed otherwise)"
            cells.append(cell)
        label = f"{size} (Stanza's default)" if size == STANZA_DEFAULT else str(size)
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
