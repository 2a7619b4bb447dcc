"""Tokens per second of the shipped Stanza pipeline on the seed articles.

Usage: ``python -m benchmarks.stanza_speed [--threads 2] [--repeat 3] [--stanza-dir DIR]``.
Loads the pipeline once (load time reported apart), warms it up on one article, then times
``repeat`` passes over all seed articles. The model card quotes the figure for 2 threads.
"""

import argparse
import time
from pathlib import Path

from app.core.config import SHIPPED_MODELS_DIR
from app.nlp.pipeline import DEFAULT_PROCESSORS, load_pipeline

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stanza-dir", type=Path, default=SHIPPED_MODELS_DIR)
    parser.add_argument("--processors", default=DEFAULT_PROCESSORS)
    args = parser.parse_args()

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    started = time.perf_counter()
    nlp = load_pipeline(args.stanza_dir, processors=args.processors, torch_threads=args.threads)
    load_seconds = time.perf_counter() - started
    nlp(texts[0])  # warm-up

    tokens = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            tokens += sum(len(sentence.tokens) for sentence in nlp(text).sentences)
    seconds = time.perf_counter() - started
    print(f"processors: {args.processors}; torch threads: {args.threads}")
    print(f"load: {load_seconds:.1f} s; {len(texts)} articles x {args.repeat} passes")
    print(f"{tokens} tokens in {seconds:.2f} s: {tokens / seconds:.0f} tokens/second")


if __name__ == "__main__":
    main()
