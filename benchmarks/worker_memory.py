"""Peak memory (RSS) of a worker process: the extractor loaded, the seed articles processed.

Usage: ``python benchmarks/worker_memory.py [--stanza-dir DIR] [--threads 1] [--polnear 0]``

Run it as its own process (it is one): the figures are this process's ``VmRSS`` and
``VmHWM`` (peak resident set) from ``/proc/self/status``, in MB (MiB), after the imports,
after loading Stanza through the service's own loader (``app.extract.service.get_extractor``,
what ``quotewise worker`` and the API use), after extracting each seed article once, and after
one ``extract_many`` over all of them (how a worker processes a job). ``--polnear N`` adds
N PolNeAR dev texts to the articles processed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DATA = Path(os.environ.get("QUOTEWISE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
SEEDS = REPO_ROOT / "tests" / "fixtures" / "seeds"


def memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MiB."""
    fields: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024  # kB -> MiB
    return fields["VmRSS"], fields["VmHWM"]


def report(stage: str) -> float:
    rss, peak = memory_mb()
    print(f"  {stage:<38} RSS {rss:7.0f} MB   peak {peak:7.0f} MB", flush=True)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--stanza-dir", type=Path, help="default: the service's setting")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--polnear", type=int, default=0, help="PolNeAR dev texts to add")
    args = parser.parse_args()
    if args.stanza_dir:
        os.environ["QUOTEWISE_STANZA_DIR"] = str(args.stanza_dir.resolve())
    os.environ["QUOTEWISE_TORCH_THREADS"] = str(args.threads)

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    polnear = sorted((DATA / "polnear" / "dev" / "text").glob("*.txt"))
    for path in random.Random(7).sample(polnear, min(args.polnear, len(polnear))):
        texts.append(path.read_text(encoding="utf-8"))

    report("start")
    from app.core.config import get_settings
    from app.extract.service import get_extractor
    from app.nlp.types import ArticleText

    report("imports (app, torch, stanza)")
    started = time.perf_counter()
    extractor = get_extractor()
    print(
        f"  models: {get_settings().stanza_dir} (loaded in {time.perf_counter() - started:.1f} s)"
    )
    report("extractor loaded")
    quotes = 0
    for text in texts:
        quotes += len(extractor.extract(text).quotes)
    report(f"{len(texts)} articles, one by one")
    extractor.extract_many([ArticleText(text=t) for t in texts])
    peak = report(f"{len(texts)} articles, extract_many")
    print(
        f"peak RSS of a worker process: {peak:.0f} MB ({len(texts)} articles, "
        f"{sum(len(t) for t in texts)} characters, {quotes} quotes; torch threads {args.threads})"
    )


if __name__ == "__main__":
    main()
