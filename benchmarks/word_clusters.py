"""Cluster the shipped word vectors into word classes for the attribution CRF.

    python -m benchmarks.word_clusters            # writes app/nlp/word_clusters.tsv.gz

PolNeAR's cues are a long tail ("railed against", "was sternly critical of", "vowing"):
most of them occur once or twice in train, so the CRF cannot learn them word by word.  Word
classes from the news-trained vectors (``models/stanza/en/pretrain.pt``) let a rare cue
share weights with the frequent cues whose vectors lie near it, the classic use of Brown
clusters in sequence labelling.  Two granularities: fine classes by spherical k-means over
the unit-length vectors, and coarse classes by the same k-means over the fine centroids.

Deterministic (fixed seed, fixed iterations), so the file only changes with the vectors.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.nlp.tagger import CLUSTERS_PATH  # noqa: E402

# Only word-like entries: numbers, punctuation and URLs have shape features already.
_WORDLIKE = re.compile(r"^[a-z][a-z'’.-]*$")


def spherical_kmeans(vectors: np.ndarray, k: int, iterations: int, seed: int) -> np.ndarray:
    """Cluster index per row of unit-length ``vectors`` (cosine k-means)."""
    rng = np.random.default_rng(seed)
    centroids = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    assign = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(vectors @ centroids.T, axis=1)
        for c in range(k):
            members = vectors[assign == c]
            if len(members):
                centre = members.sum(axis=0)
                centroids[c] = centre / max(float(np.linalg.norm(centre)), 1e-9)
    return assign


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pretrain", type=Path, default=REPO / "models/stanza/en/pretrain.pt")
    parser.add_argument("--out", type=Path, default=CLUSTERS_PATH)
    parser.add_argument("--fine", type=int, default=512)
    parser.add_argument("--coarse", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=25)
    args = parser.parse_args(argv)

    import torch

    data = torch.load(args.pretrain, map_location="cpu", weights_only=False)
    unit2id: dict[str, int] = data["vocab"]["_unit2id"]
    emb = data["emb"].numpy().astype(np.float32)
    words = [w for w in unit2id if _WORDLIKE.match(w)]
    vectors = emb[[unit2id[w] for w in words]]
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    fine = spherical_kmeans(vectors, args.fine, args.iterations, seed=0)
    centroids = np.stack(
        [
            vectors[fine == c].mean(axis=0) if np.any(fine == c) else vectors[0]
            for c in range(args.fine)
        ]
    )
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    coarse_of_fine = spherical_kmeans(centroids, args.coarse, args.iterations, seed=1)

    lines = [f"{w}\t{fine[i]}\t{coarse_of_fine[fine[i]]}\n" for i, w in enumerate(words)]
    # mtime=0: the same classes give the same bytes, so a rerun leaves git clean.
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as fh:
        fh.write("".join(lines).encode("utf-8"))
    size = args.out.stat().st_size / 1e3
    print(
        f"{len(words)} words -> {args.fine} fine / {args.coarse} coarse classes:"
        f" {args.out} ({size:.0f} KB)"
    )


if __name__ == "__main__":
    main()
