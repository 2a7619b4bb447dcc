"""Train the learned attribution tagger (``app/nlp/attribution_tagger.pt``) on PolNeAR train.

    python -m benchmarks.train_attribution_tagger                  # held-out report + final model
    python -m benchmarks.train_attribution_tagger --limit 20 --epochs 1 --out /tmp/tagger.pt
    python -m benchmarks.train_attribution_tagger --skip-final --holdout-model /tmp/h0.pt

Every train article goes through the shipped pipeline (Stanza output from the scorer's
cache, ``build/cache/stanza``, parsing what is missing) and the rules; each word gets the
features of ``app.nlp.tagger`` and its gold label from the annotations (``B-/I-`` CUE, SRC,
CONT; a word in several attributions takes cue over source over content), and the network
learns from whole paragraphs (``tagger.sentence_groups``), as it reads them.

A fixed 15% of the articles (by a hash of their names, so the slice never depends on the
order or the limit; ``--holdout-offset`` picks another, disjoint slice) is held out: a
first network trained on the other 85% is scored on it with the real scorer (after the
same compact save and load as the shipped file), rules alone against rules plus learned
frames at several probability thresholds, and the learned quotes' calibration is printed.
Then the shipped network is trained on all train articles with the same settings.  PolNeAR
dev is never read.  Training is seeded (initialisation, dropout, word dropout, batch order),
so a rerun with the same thread count gives the same weights (not the same bytes:
``torch.save`` stamps each file with a random id); about 8 minutes on one core.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch.nn import utils as nn_utils  # noqa: E402

from app.core.progress import progress_bar  # noqa: E402
from app.nlp import tagger_net  # noqa: E402
from app.nlp.attribution import Attributor  # noqa: E402
from app.nlp.extractor import rule_attributor  # noqa: E402
from app.nlp.tagger import (  # noqa: E402
    LABELS,
    LEARNED_FIRST,
    MIN_CONTENT_PROB,
    MIN_CONTENT_WORDS,
    MODEL_PATH,
    PRETRAIN_PATH,
    RESHAPE,
    RESOURCE,
    VETO_BELOW,
    AttributionTagger,
    Features,
    combine,
    document_features,
    group_features,
    refine_rule_quotes,
    sentence_groups,
)
from app.nlp.types import Quote  # noqa: E402
from benchmarks.attribution_scoring import (  # noqa: E402
    ArticleScore,
    GoldArticle,
    GoldAttribution,
    annotation_files,
    load_polnear,
    score_article,
)
from benchmarks.score_attribution import StanzaCache  # noqa: E402

_ROLE_ORDER = (("cue", "CUE"), ("source", "SRC"), ("content", "CONT"))
# Feature families the network leaves out: the word and its neighbours' words, which the
# word vectors and the LSTM carry (see --skip-prefix).
SKIPPED_FEATURES = ("w=", "-2w=", "-1w=", "1w=", "2w=", "-1ww=", "x3=", "l=")


def is_held_out(name: str, percent: int, offset: int = 0) -> bool:
    """Whether an article belongs to the held-out slice: a stable hash of its name.

    The slice is the hash buckets ``offset`` to ``offset + percent - 1`` (of 100), so a
    second, disjoint slice (``--holdout-offset 50``) can confirm what the first one chose.
    """
    bucket = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 100
    return offset <= bucket < offset + percent


def gold_labels(att: Attributor, gold: Sequence[GoldAttribution]) -> list[str]:
    """BIO label per word from the gold spans (any character overlap puts a word in)."""
    words = att.words
    starts = [w.start for w in words]
    owner: list[tuple[int, str] | None] = [None] * len(words)
    for role_key, role in reversed(_ROLE_ORDER):  # later roles overwrite: cue wins
        for gi, g in enumerate(gold):
            spans: tuple[tuple[int, int], ...] = getattr(g, role_key)
            for s, e in spans:
                k = max(bisect.bisect_left(starts, s) - 1, 0)
                while k < len(words) and words[k].start < e:
                    if words[k].end > s:
                        owner[k] = (gi, role)
                    k += 1
    labels: list[str] = []
    for k, own in enumerate(owner):
        if own is None:
            labels.append("O")
        else:
            continuing = k > 0 and owner[k - 1] == own
            labels.append(f"{'I' if continuing else 'B'}-{own[1]}")
    return labels


@dataclass(slots=True)
class Prepared:
    """One article after Stanza and the rules, ready for features and scoring."""

    article: GoldArticle
    att: Attributor
    rule_quotes: list[Quote]
    feats: list[list[Features]]


def prepare(articles: Sequence[GoldArticle], cache: StanzaCache, label: str) -> Iterator[Prepared]:
    """Articles through Stanza (cached) and the rules, with a progress bar."""
    with progress_bar() as progress:
        task = progress.add_task(label, total=len(articles))
        for art in articles:
            parsed = cache.parse(art.text)
            att = rule_attributor(parsed.doc, art.text, art.published_at)
            rule_quotes = att.build()
            yield Prepared(art, att, rule_quotes, document_features(att, rule_quotes))
            progress.advance(task)


Labelled = tuple[list[Features], list[str]]


def labelled_sequences(p: Prepared) -> list[Labelled]:
    """The article's paragraphs (``sentence_groups``) as (features, gold labels) pairs."""
    labels = gold_labels(p.att, p.article.attributions)
    doc = p.att.doc
    out: list[Labelled] = []
    for group in sentence_groups(doc, range(len(doc.sentences))):
        first, last = doc.sentences[group[0]].first, doc.sentences[group[-1]].last
        out.append((group_features(p.feats, group), labels[first : last + 1]))
    return out


def pretrained_rows(vocab: tagger_net.Vocabulary, pretrain: Path, dim: int) -> torch.Tensor:
    """Initial word vectors: the Stanza pretrain's where it has the word, small noise else."""
    rows = torch.randn(len(vocab.words) + 2, dim, generator=torch.Generator().manual_seed(0))
    rows *= 0.1
    rows[tagger_net.PAD] = 0.0
    if pretrain.exists():
        known, emb = tagger_net.load_pretrain(pretrain)
        if emb.shape[1] == dim:
            for word, k in vocab.words.items():
                j = known.get(word)
                if j is not None:
                    rows[k] = emb[j]
    return rows


def train_tagger(sequences: Sequence[Labelled], args: argparse.Namespace, out: Path) -> None:
    """Fit the BiLSTM-CRF on labelled paragraphs and save it to ``out``.

    Deterministic for a given thread count: seeded initialisation, dropout and batch order.
    """
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    vocab = tagger_net.Vocabulary.build(
        (f for f, _ in sequences), args.min_word_count, args.min_feature_count, args.skip_prefix
    )
    config = tagger_net.NetConfig(hidden=args.hidden, layers=args.layers)
    net = tagger_net.TaggerNet(config, len(vocab.words) + 2, len(vocab.features) + 1, len(LABELS))
    net.word.weight.data.copy_(pretrained_rows(vocab, args.pretrain, config.word_dim))
    optimiser = torch.optim.Adam(net.parameters(), lr=args.lr)
    label_id = {label: k for k, label in enumerate(LABELS)}
    # Batches of similar length waste little on padding; their order is shuffled per epoch.
    order = sorted(range(len(sequences)), key=lambda k: len(sequences[k][0]))
    batches = [order[k : k + args.batch_size] for k in range(0, len(order), args.batch_size)]
    snapshots: list[dict[str, torch.Tensor]] = []
    with progress_bar() as progress:
        task = progress.add_task("training", total=args.epochs * len(batches))
        for epoch in range(args.epochs):
            net.train()
            total = 0.0
            for k in rng.permutation(len(batches)):
                chosen = [sequences[j] for j in batches[k]]
                feats = [f for f, _ in chosen]
                batch = tagger_net.make_batch(vocab, feats, (args.word_dropout, rng))
                tags = torch.full(batch.words.shape, -1, dtype=torch.long)
                for b, (_, labels) in enumerate(chosen):
                    tags[b, : len(labels)] = torch.tensor([label_id[x] for x in labels])
                loss = net.neg_log_likelihood(net(batch), tags)
                optimiser.zero_grad()
                loss.backward()  # type: ignore[no-untyped-call]
                nn_utils.clip_grad_norm_(net.parameters(), 5.0)
                optimiser.step()
                total += float(loss.detach())
                progress.advance(task)
            progress.console.print(f"epoch {epoch + 1}: loss {total / len(batches):.4f}")
            if epoch >= args.epochs - args.average_last:
                snapshots.append({k: v.detach().clone() for k, v in net.state_dict().items()})
    if len(snapshots) > 1:
        # The mean of the last epochs' weights: a flatter point than any one of them.
        net.load_state_dict(
            {k: sum(s[k] for s in snapshots) / len(snapshots) for k in snapshots[0]}
        )
    tagger_net.save(out, net.eval(), vocab, LABELS)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def print_scores(name: str, score: ArticleScore) -> None:
    c30, c80, cex = (score.content[(t, "all")] for t in ("30%", "80%", "exact"))
    right = score.speaker_right / score.speaker_total if score.speaker_total else 0.0
    print(
        f"  {name:<22} content@30 {_pct(c30.f1)} (P {_pct(c30.precision)} R {_pct(c30.recall)})"
        f"  @80 {_pct(c80.f1)}  exact {_pct(cex.f1)}"
        f"  quoted@30 {_pct(score.content[('30%', 'quoted')].f1)}"
        f"  unquoted@30 {_pct(score.content[('30%', 'unquoted')].f1)}"
        f" (R {_pct(score.content[('30%', 'unquoted')].recall)})"
        f"  cue {_pct(score.cue['all'].f1)}  source {_pct(score.source['all'].f1)}"
        f"  speaker {_pct(right)}%"
    )


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of merging the tagger with the rules, compared on the held-out slice."""

    name: str
    min_prob: float | None  # None: rules alone
    veto_below: float | None = None
    reshape: bool = False
    resource: bool = False
    learned_first: bool = False
    min_words: int = 3  # the earlier sessions' merges; the shipped one is MIN_CONTENT_WORDS


SHIPPED = Variant(
    "shipped",
    MIN_CONTENT_PROB,
    VETO_BELOW,
    RESHAPE,
    resource=RESOURCE,
    learned_first=LEARNED_FIRST,
    min_words=MIN_CONTENT_WORDS,
)


def variants(thresholds: Sequence[float]) -> list[Variant]:
    """Rules alone, the merges of earlier sessions, and the shipped one with one knob moved."""
    out = [Variant("rules", None)]
    out += [Variant(f"add@{t:.2f}", t) for t in thresholds]
    base = f"add@{MIN_CONTENT_PROB:.2f}"
    out.append(Variant(f"{base}+reshape", MIN_CONTENT_PROB, reshape=True))
    # The sixteenth session's merge, then the seventeenth's changes one at a time.
    before = Variant(f"{base}+reshape+veto@0.10", MIN_CONTENT_PROB, 0.1, True)
    out.append(before)
    out.append(replace(before, name=f"{before.name}+resource", resource=True))
    out.append(replace(before, name=f"{before.name}+learned-first", learned_first=True))
    out.append(replace(SHIPPED, name="shipped, learned frames of 3+ words", min_words=3))
    out.append(SHIPPED)
    out += [
        replace(SHIPPED, name=f"shipped, learned frames of {n}+ words", min_words=n)
        for n in (2,)
        if n != MIN_CONTENT_WORDS
    ]
    out += [
        replace(SHIPPED, name=f"shipped, veto@{v:.2f}", veto_below=v)
        for v in (0.1, 0.2, 0.3)
        if v != VETO_BELOW
    ]
    out += [
        replace(SHIPPED, name=f"shipped, add@{t:.2f}", min_prob=t)
        for t in thresholds
        if t != MIN_CONTENT_PROB
    ]
    out.append(replace(SHIPPED, name="shipped, tagger for unquoted", veto_below=1.01))
    return out


def evaluate(
    held: Sequence[Prepared], tagger: AttributionTagger, thresholds: Sequence[float]
) -> dict[str, ArticleScore]:
    """Rules alone vs rules + learned frames on the held-out slice, per merge variant."""
    chosen = variants(thresholds)
    totals = {v.name: ArticleScore() for v in chosen}
    # (agrees with a rule quote, named, prob, content ok, full ok) per learned quote, shipped.
    calib: list[tuple[bool, bool, float, bool, bool]] = []
    seconds = 0.0
    for p in held:
        art = p.article
        started = time.perf_counter()
        tags = tagger.tag_document(p.att, p.rule_quotes)
        seconds += time.perf_counter() - started
        for v in chosen:
            if v.min_prob is None:
                totals[v.name].add(score_article(art.text, art.attributions, p.rule_quotes))
                continue
            base = refine_rule_quotes(
                p.att,
                p.rule_quotes,
                tags,
                veto_below=v.veto_below,
                reshape=v.reshape,
                resource=v.resource,
            )
            merged, added = combine(
                p.att,
                base,
                tags.frames,
                learned_first=v.learned_first,
                min_prob=v.min_prob,
                min_words=v.min_words,
            )
            score = score_article(art.text, art.attributions, merged)
            totals[v.name].add(score)
            if v == SHIPPED:
                index = {id(q): k for k, q in enumerate(merged)}
                for x in added:
                    _, content_ok, full_ok = score.calibration[index[id(x.quote)]]
                    named = x.quote.speaker.name is not None
                    calib.append((x.agrees, named, x.prob, content_ok, full_ok))
    print(f"held-out slice: {len(held)} articles (tagging {1000 * seconds / len(held):.1f} ms/art)")
    for name, score in totals.items():
        print_scores(name, score)
    print(
        "learned quotes (shipped merge) by content probability: n, content ok, content+speaker ok"
    )
    for agrees in (True, False):
        for named in (True, False):
            for lo, hi in ((0.0, 0.8), (0.8, 1.01)):
                cell = [c for c in calib if c[:2] == (agrees, named) and lo <= c[2] < hi]
                if cell:
                    ok = sum(c[3] for c in cell) / len(cell)
                    full = sum(c[4] for c in cell) / len(cell)
                    print(
                        f"  agrees={agrees!s:<5} named={named!s:<5} [{lo:.1f},{min(hi, 1.0):.1f})"
                        f" n {len(cell):4d}  {_pct(ok)}%  {_pct(full)}%"
                    )
    return totals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="first N train articles only")
    parser.add_argument("--holdout-percent", type=int, default=15)
    parser.add_argument(
        "--holdout-offset", type=int, default=0, help="first hash bucket of the held-out slice"
    )
    parser.add_argument(
        "--holdout-annotated",
        action="store_true",
        help="hold out the articles several annotators annotated instead of a hash slice"
        " (to set the network beside them: benchmarks/annotator_agreement.py)",
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    # Network training; the settings were chosen on the held-out slice and confirmed on the
    # second one (docs/attribution.md: fifteenth session, and sixteenth for --average-last).
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument(
        "--hidden", type=int, default=tagger_net.NetConfig().hidden, help="LSTM units per direction"
    )
    parser.add_argument("--layers", type=int, default=tagger_net.NetConfig().layers)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--word-dropout", type=float, default=0.05)
    parser.add_argument(
        "--average-last", type=int, default=3, help="average the weights of the last N epochs"
    )
    parser.add_argument("--min-word-count", type=int, default=3)
    parser.add_argument("--min-feature-count", type=int, default=5)
    parser.add_argument(
        "--skip-prefix",
        type=lambda text: [x for x in text.split(",") if x],
        default=list(SKIPPED_FEATURES),
        help="comma-separated feature families the network does not embed ('' for none)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--pretrain",
        type=Path,
        default=PRETRAIN_PATH,
        help="word vectors to start from (Stanza pretrain file)",
    )
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=[0.4, MIN_CONTENT_PROB, 0.6, 0.7]
    )
    parser.add_argument(
        "--holdout-model",
        type=Path,
        default=None,
        help="keep the held-out network in this file, and score it instead of training"
        " another when it exists (to compare merges without retraining)",
    )
    parser.add_argument("--skip-holdout", action="store_true", help="train the final model only")
    parser.add_argument("--skip-final", action="store_true", help="held-out report only")
    parser.add_argument("--stanza-dir", type=Path, default=None)
    parser.add_argument("--torch-threads", type=int, default=1)
    args = parser.parse_args(argv)

    articles = load_polnear(args.data_dir, "train", args.limit)
    cache = StanzaCache(args.stanza_dir, args.torch_threads)
    torch.set_num_threads(args.torch_threads)
    part: list[Labelled] = []
    full: list[Labelled] = []
    held: list[Prepared] = []
    annotated = {
        name for name, files in annotation_files(args.data_dir, "train").items() if len(files) > 1
    }
    for p in prepare(articles, cache, "features"):
        sequences = labelled_sequences(p)
        full += sequences
        if (
            p.article.name in annotated
            if args.holdout_annotated
            else is_held_out(p.article.name, args.holdout_percent, args.holdout_offset)
        ):
            held.append(p)
        else:
            part += sequences
    print(f"{len(articles)} train articles, {len(held)} held out")
    if not args.skip_holdout and held:
        partial = args.holdout_model or args.out.with_suffix(".part.pt")
        if args.holdout_model is not None and partial.exists():
            print(f"held-out network from {partial} (not retrained)")
        else:
            started = time.perf_counter()
            train_tagger(part, args, partial)
            seconds = time.perf_counter() - started
            print(f"trained on the other {len(articles) - len(held)} in {seconds:.0f} s")
        evaluate(held, AttributionTagger(partial, args.pretrain), args.thresholds)
        if args.holdout_model is None:
            partial.unlink()
    if not args.skip_final:
        started = time.perf_counter()
        train_tagger(full, args, args.out)
        size = args.out.stat().st_size / 1e6
        print(
            f"final model on all {len(articles)}: {args.out} ({size:.1f} MB,"
            f" {time.perf_counter() - started:.0f} s)"
        )


if __name__ == "__main__":
    main()
