"""What the job size trades: Stanza's time over the same texts, by articles per bulk call.

Usage::

    python benchmarks/job_size.py [--articles 81] [--sizes 16,32,64,0] [--threads 1]

A batch is cut into jobs of at most ``QUOTEWISE_JOB_ARTICLES`` articles, here of even
sizes by count (``app.jobs.queue.chunks``, as the in-process runner cuts them; the
PostgreSQL queue evens out their text instead), and each job is one
``Extractor.extract_many`` call, i.e. one Stanza ``bulk_process``. Stanza batches sentences
across the documents of a call, so its speed depends on the articles per call. For each size
(0: all texts in one call) this times the texts cut that way through ``nlp.bulk_process``,
sizes interleaved over ``--passes`` passes so that a machine whose speed drifts slows all
alike, and prints the seconds and the cost over one call. Texts: the seed articles and the
PolNeAR dev sample of ``ingest_throughput.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=81, help="PolNeAR dev texts to add")
    parser.add_argument("--sizes", default="16,32,64,0", help="articles per call; 0: all")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["QUOTEWISE_TORCH_THREADS"] = str(args.threads)

    from app.core.config import get_settings
    from app.jobs.queue import chunks
    from app.nlp.pipeline import load_pipeline
    from benchmarks.ingest_throughput import load_texts, timed_bulk

    texts = load_texts(args.articles, args.seed)
    sizes = [int(x) for x in args.sizes.split(",")]
    nlp = load_pipeline(get_settings().stanza_dir, torch_threads=args.threads)
    nlp(texts[0][1])  # warm-up
    print(
        f"{len(texts)} articles ({sum(len(t) for _, t in texts)} characters); torch threads "
        f"{args.threads}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    seconds: dict[int, list[float]] = {size: [] for size in sizes}
    for n in range(args.passes):
        for size in sizes:
            jobs = chunks(list(range(len(texts))), size or len(texts))
            total = sum(timed_bulk(nlp, [texts[i] for i in job]) for job in jobs)
            seconds[size].append(total)
            label = "all" if size == 0 else str(size)
            shape = " + ".join(str(len(job)) for job in jobs[:4])
            shape += " + …" if len(jobs) > 4 else ""
            print(
                f"  pass {n + 1}: at most {label:>3} a call ({shape}): {total:6.1f} s", flush=True
            )
    best = min(seconds[0]) if 0 in seconds else None
    for size in sizes:
        low = min(seconds[size])
        versus = f"  {(low / best - 1) * 100:+5.1f}% over one call" if best else ""
        label = "all" if size == 0 else str(size)
        print(f"at most {label:>3} articles a call: best {low:6.1f} s{versus}")


if __name__ == "__main__":
    main()
