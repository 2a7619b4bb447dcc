"""The network behind the learned attribution tagger: a BiLSTM-CRF over feature strings.

Each word enters as its word vector (initialised from the shipped Stanza pretrain, then
trained) and the sum of embeddings of its feature strings (``app.nlp.tagger``: the rules'
labels, parse relations, cue tests, word classes).  A two-layer BiLSTM reads the sentence,
so a word's label can depend on a cue or a clause boundary anywhere in it, which the
linear-chain CRF it replaced saw only through hand-made window features; a CRF layer on top
keeps the BIO runs whole (without it the held-out exact-span F1 fell by five points).

Decoding (Viterbi and forward-backward marginals) runs in numpy on the network's scores:
with seven labels, per-step array work beats torch's per-call overhead on short sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import torch
from torch import nn

# Ids 0 and 1 of the word table; features use 0 as padding only.
PAD: Final[int] = 0
UNKNOWN: Final[int] = 1
WORD_FEATURE: Final[str] = "w="


@dataclass(frozen=True, slots=True)
class NetConfig:
    """Sizes of the network; stored with the weights so a file always loads."""

    word_dim: int = 100
    feature_dim: int = 32
    hidden: int = 128
    layers: int = 2
    dropout: float = 0.3


def word_of(features: Sequence[str]) -> str:
    """The lowercased word a feature list describes (its ``w=`` feature)."""
    for f in features:
        if f.startswith(WORD_FEATURE):
            return f[len(WORD_FEATURE) :]
    return ""


@dataclass(slots=True)
class Vocabulary:
    """Word and feature-string ids; what training saw often enough to learn."""

    words: dict[str, int]
    features: dict[str, int]

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sequence[Sequence[str]]],
        min_word_count: int,
        min_feature_count: int,
        skip_prefixes: Sequence[str] = (),
    ) -> Vocabulary:
        """Ids for words and features seen at least the given number of times.

        ``skip_prefixes`` leaves whole feature families out (the word itself and its
        neighbours' words, which the word vectors and the LSTM already carry).
        """
        word_counts: Counter[str] = Counter()
        feature_counts: Counter[str] = Counter()
        for sentence in sentences:
            for features in sentence:
                word_counts[word_of(features)] += 1
                feature_counts.update(features)
        skip = tuple(skip_prefixes)
        words = sorted(w for w, n in word_counts.items() if n >= min_word_count and w)
        feats = sorted(
            f
            for f, n in feature_counts.items()
            if n >= min_feature_count and not f.startswith(skip)
        )
        return cls(
            words={w: k + 2 for k, w in enumerate(words)},
            features={f: k + 1 for k, f in enumerate(feats)},
        )

    def encode(self, features: Sequence[str]) -> tuple[int, list[int]]:
        """A word's id and its known feature ids (``[PAD]`` when none is known)."""
        word = self.words.get(word_of(features), UNKNOWN)
        ids = [k for k in map(self.features.get, features) if k is not None]
        return word, ids or [PAD]


@dataclass(slots=True)
class Batch:
    """Sentences padded to one length; the real words' features flattened for
    ``nn.EmbeddingBag`` (padding gets no bag: its feature vector is zero)."""

    words: torch.Tensor  # (B, T)
    features: torch.Tensor  # flat feature ids of the real words
    offsets: torch.Tensor  # (real words,) start of each word's features in ``features``
    positions: torch.Tensor  # (real words,) each word's index in the flattened (B * T)
    lengths: torch.Tensor  # (B,)


def make_batch(
    vocab: Vocabulary,
    sentences: Sequence[Sequence[Sequence[str]]],
    word_dropout: tuple[float, np.random.Generator] | None = None,
) -> Batch:
    """Encode sentences; ``word_dropout`` (training: a rate and the seeded generator to draw
    with) hides words so that rare ones learn to borrow from their context.

    Built as plain lists and turned into tensors once: per-element tensor writes and bags
    for the padding made this a sixth of an article's attribution time.
    """
    width = max(len(s) for s in sentences)
    words = [PAD] * (len(sentences) * width)
    flat: list[int] = []
    offsets: list[int] = []
    positions: list[int] = []
    for b, sentence in enumerate(sentences):
        for t, features in enumerate(sentence):
            offsets.append(len(flat))
            positions.append(b * width + t)
            word, ids = vocab.encode(features)
            if word_dropout is not None and word_dropout[1].random() < word_dropout[0]:
                word = UNKNOWN
            words[b * width + t] = word
            flat.extend(ids)
    return Batch(
        words=torch.tensor(words, dtype=torch.long).view(len(sentences), width),
        features=torch.from_numpy(np.fromiter(flat, dtype=np.int64, count=len(flat))),
        offsets=torch.tensor(offsets, dtype=torch.long),
        positions=torch.tensor(positions, dtype=torch.long),
        lengths=torch.tensor([len(s) for s in sentences], dtype=torch.long),
    )


class TaggerNet(nn.Module):
    """Word vector + feature bag -> BiLSTM -> label scores, with CRF transition weights."""

    def __init__(self, config: NetConfig, n_words: int, n_features: int, n_labels: int) -> None:
        super().__init__()
        self.config = config
        self.word = nn.Embedding(n_words, config.word_dim, padding_idx=PAD)
        self.feature = nn.EmbeddingBag(n_features, config.feature_dim, mode="sum", padding_idx=PAD)
        self.dropout = nn.Dropout(config.dropout)
        self.lstm = nn.LSTM(
            config.word_dim + config.feature_dim,
            config.hidden,
            num_layers=config.layers,
            bidirectional=True,
            batch_first=True,
            dropout=config.dropout if config.layers > 1 else 0.0,
        )
        self.emit = nn.Linear(2 * config.hidden, n_labels)
        self.transitions = nn.Parameter(torch.zeros(n_labels, n_labels))
        self.start = nn.Parameter(torch.zeros(n_labels))
        self.end = nn.Parameter(torch.zeros(n_labels))

    def forward(self, batch: Batch) -> torch.Tensor:
        """Emission scores (B, T, labels)."""
        n, width = batch.words.shape
        real = self.feature(batch.features, batch.offsets)
        bag = real.new_zeros(n * width, real.shape[1])
        bag[batch.positions] = real
        bag = bag.view(n, width, -1)
        x = self.dropout(torch.cat([self.word(batch.words), bag], dim=-1))
        packed = nn.utils.rnn.pack_padded_sequence(
            x, batch.lengths, batch_first=True, enforce_sorted=False
        )
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=width)
        scores: torch.Tensor = self.emit(self.dropout(hidden))
        return scores

    def neg_log_likelihood(self, scores: torch.Tensor, tags: torch.Tensor) -> torch.Tensor:
        """Mean per-word CRF loss; ``tags`` holds -1 on padding."""
        mask = tags >= 0
        tags = tags.clamp(min=0)
        lengths = mask.sum(1)
        gold = self.start[tags[:, 0]] + scores[:, 0].gather(1, tags[:, :1]).squeeze(1)
        alpha = self.start + scores[:, 0]
        for t in range(1, scores.shape[1]):
            on = mask[:, t]
            step = self.transitions[tags[:, t - 1], tags[:, t]]
            step = step + scores[:, t].gather(1, tags[:, t : t + 1]).squeeze(1)
            gold = gold + step * on
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions, dim=1) + scores[:, t]
            alpha = torch.where(on.unsqueeze(1), nxt, alpha)
        gold = gold + self.end[tags.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)]
        log_z = torch.logsumexp(alpha + self.end, dim=1)
        return (log_z - gold).sum() / mask.sum()


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    top = a.max(axis=axis, keepdims=True)
    out: np.ndarray = np.log(np.exp(a - top).sum(axis=axis)) + np.squeeze(top, axis=axis)
    return out


def viterbi_marginals(
    scores: np.ndarray, lengths: Sequence[int], crf: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> list[tuple[list[int], np.ndarray]]:
    """Best label ids and marginal label probabilities of each sentence of a padded batch.

    ``scores`` is (sentences, width, labels); ``crf`` the transition, start and end weights.
    The recursions step through the batch's words together: numpy's per-call cost, not the
    arithmetic, is what a word-by-word loop per sentence spends its time on.
    """
    transitions, start, end = crf
    n, width, _ = scores.shape
    last = np.asarray(lengths) - 1
    best = np.empty_like(scores)  # Viterbi scores
    back = np.zeros(scores.shape, dtype=np.int64)
    alpha = np.empty_like(scores)  # forward log-sums
    best[:, 0] = alpha[:, 0] = start + scores[:, 0]
    for t in range(1, width):
        cand = best[:, t - 1, :, None] + transitions
        back[:, t] = cand.argmax(axis=1)
        best[:, t] = cand.max(axis=1) + scores[:, t]
        alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + transitions, axis=1) + scores[:, t]
    beta = np.zeros_like(scores)  # backward log-sums; past a sentence's end they are unused
    for t in range(width - 1, -1, -1):
        if t < width - 1:
            nxt = scores[:, t + 1] + beta[:, t + 1]
            beta[:, t] = _logsumexp(transitions + nxt[:, None, :], axis=2)
        beta[last == t, t] = end
    rows = np.arange(n)
    log_z = _logsumexp(alpha[rows, last] + end, axis=1)
    inside = (np.arange(width) <= last[:, None])[:, :, None]
    marginals = np.exp(np.where(inside, alpha + beta - log_z[:, None, None], -np.inf))
    out: list[tuple[list[int], np.ndarray]] = []
    for b in range(n):
        ids = [int((best[b, last[b]] + end).argmax())]
        for t in range(last[b], 0, -1):
            ids.append(int(back[b, t, ids[-1]]))
        ids.reverse()
        out.append((ids, marginals[b, : last[b] + 1]))
    return out


def load_pretrain(path: Path) -> tuple[dict[str, int], torch.Tensor]:
    """A Stanza pretrain file's words (lowercased) and their vectors, one row each."""
    # Stanza stores numpy arrays, which the safe loader refuses; the file is our own.
    data = torch.load(path, map_location="cpu", weights_only=False)
    known: dict[str, int] = data["vocab"]["_unit2id"]
    return known, torch.as_tensor(data["emb"], dtype=torch.float32)


def borrow_unseen_words(net: TaggerNet, vocab: Vocabulary, pretrain: Path) -> int:
    """Give the words the network never learned the pretrain's vectors; returns how many.

    The word table is learned for words seen three times in PolNeAR train and starts from
    the pretrain's vectors, so a rarer word ("bemoaned", "decried") read as UNKNOWN and
    lost what the vectors know of it.  Training keeps the learned vectors close to where
    they started (mean cosine 0.81 in the shipped file) but makes them about 1.7 times
    longer, so a borrowed vector is scaled by the ratio of the two tables' mean lengths
    over the words they share.
    """
    if not pretrain.exists():
        return 0
    known, emb = load_pretrain(pretrain)
    table = net.word.weight.detach()
    if emb.shape[1] != table.shape[1]:
        return 0
    shared = [(k, known[w]) for w, k in vocab.words.items() if w in known]
    # The tagger looks words up lowercased, so Stanza's "<PAD>", "<UNK>" … never match.
    unseen = [w for w in known if w and w == w.lower() and w not in vocab.words]
    if not shared or not unseen:
        return 0
    learned_len = table[[k for k, _ in shared]].norm(dim=1).mean()
    pretrain_len = emb[[j for _, j in shared]].norm(dim=1).mean()
    borrowed = emb[[known[w] for w in unseen]] * (learned_len / pretrain_len)
    first = table.shape[0]
    for k, w in enumerate(unseen):
        vocab.words[w] = first + k
    rows = torch.cat([table, borrowed])
    net.word = nn.Embedding(rows.shape[0], rows.shape[1], padding_idx=PAD)
    net.word.weight.data.copy_(rows)
    net.word.requires_grad_(False)
    return len(unseen)


# The two embedding tables are three quarters of the weights; stored as int8 rows with a
# scale each, they keep the whole file within the shipped-model budget (docs/attribution.md).
_INT8_TABLES: Final[tuple[str, ...]] = ("word.weight", "feature.weight")


def save(path: Path, net: TaggerNet, vocab: Vocabulary, labels: Sequence[str]) -> None:
    """Compact weights (int8 tables, float16 rest) with all that rebuilds the network."""
    state: dict[str, torch.Tensor] = {}
    for name, value in net.state_dict().items():
        value = value.detach()
        if name in _INT8_TABLES:
            scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127.0
            state[name] = torch.round(value / scale).to(torch.int8)
            state[f"{name}.scale"] = scale.to(torch.float16)
        else:
            state[name] = value.to(torch.float16)
    words = sorted(vocab.words, key=vocab.words.__getitem__)
    features = sorted(vocab.features, key=vocab.features.__getitem__)
    payload = {
        "config": asdict(net.config),
        "labels": list(labels),
        "words": words,
        "features": features,
        "state": state,
    }
    torch.save(payload, path)


def load(path: Path) -> tuple[TaggerNet, Vocabulary, list[str]]:
    """The network (in eval mode, float32), its vocabulary and label names."""
    payload: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    vocab = Vocabulary(
        words={w: k + 2 for k, w in enumerate(payload["words"])},
        features={f: k + 1 for k, f in enumerate(payload["features"])},
    )
    labels = list(payload["labels"])
    net = TaggerNet(
        NetConfig(**payload["config"]), len(vocab.words) + 2, len(vocab.features) + 1, len(labels)
    )
    stored: dict[str, torch.Tensor] = payload["state"]
    state = {k: v.to(torch.float32) for k, v in stored.items() if not k.endswith(".scale")}
    for name in _INT8_TABLES:
        state[name] = state[name] * stored[f"{name}.scale"].to(torch.float32)
    net.load_state_dict(state)
    return net.eval(), vocab, labels
