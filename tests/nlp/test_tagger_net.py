"""The BiLSTM-CRF behind the learned tagger: its CRF algebra against brute force, and its file.

A wrong forward algorithm or a Viterbi backtrace off by one still trains and still emits
labels, only worse ones; enumerating every label sequence of a short sentence pins both.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from app.nlp.tagger_net import (
    PAD,
    UNKNOWN,
    NetConfig,
    TaggerNet,
    Vocabulary,
    borrow_unseen_words,
    load,
    make_batch,
    save,
    viterbi_marginals,
)

LABELS = ["O", "B-X", "I-X"]


def _random_crf(seed: int, n_words: int = 4) -> tuple[TaggerNet, torch.Tensor]:
    torch.manual_seed(seed)
    net = TaggerNet(NetConfig(word_dim=4, feature_dim=3, hidden=5, layers=1), 6, 5, len(LABELS))
    for p in (net.transitions, net.start, net.end):
        torch.nn.init.normal_(p)
    return net, torch.randn(1, n_words, len(LABELS))


def _path_score(net: TaggerNet, scores: torch.Tensor, path: tuple[int, ...]) -> float:
    total = net.start[path[0]] + scores[0, 0, path[0]] + net.end[path[-1]]
    for t in range(1, len(path)):
        total = total + net.transitions[path[t - 1], path[t]] + scores[0, t, path[t]]
    return float(total.detach())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_crf_decoding_and_loss_match_brute_force(seed: int) -> None:
    net, scores = _random_crf(seed)
    paths = list(itertools.product(range(len(LABELS)), repeat=scores.shape[1]))
    by_path = {p: _path_score(net, scores, p) for p in paths}
    log_z = math.log(sum(math.exp(v) for v in by_path.values()))
    crf = (net.transitions.detach().numpy(), net.start.detach().numpy(), net.end.detach().numpy())
    [(ids, marginals)] = viterbi_marginals(scores.numpy(), [scores.shape[1]], crf)

    assert tuple(ids) == max(by_path, key=by_path.__getitem__)
    for t in range(scores.shape[1]):
        for label in range(len(LABELS)):
            expected = sum(math.exp(v - log_z) for p, v in by_path.items() if p[t] == label)
            assert marginals[t, label] == pytest.approx(expected, abs=1e-5)
    gold = max(by_path, key=by_path.__getitem__)
    loss = net.neg_log_likelihood(scores, torch.tensor([gold])) * scores.shape[1]
    assert float(loss.detach()) == pytest.approx(log_z - by_path[gold], abs=1e-4)


def test_a_padded_batch_decodes_each_sentence_as_alone() -> None:
    net, _ = _random_crf(4)
    crf = (net.transitions.detach().numpy(), net.start.detach().numpy(), net.end.detach().numpy())
    rng = np.random.default_rng(0)
    lengths = [5, 1, 3, 2]
    scores = rng.normal(size=(len(lengths), max(lengths), len(LABELS)))
    together = viterbi_marginals(scores, lengths, crf)
    for k, n in enumerate(lengths):
        [(ids, marginals)] = viterbi_marginals(scores[k : k + 1, :n], [n], crf)
        assert together[k][0] == ids and len(ids) == n
        assert np.allclose(together[k][1], marginals)
        assert np.allclose(marginals.sum(axis=1), 1.0)


def test_padding_does_not_change_a_sentences_loss() -> None:
    net, scores = _random_crf(3, n_words=3)
    tags = torch.tensor([[1, 2, 0]])
    alone = net.neg_log_likelihood(scores, tags) * 3
    padded_scores = torch.cat([scores, torch.randn(1, 2, len(LABELS))], dim=1)
    padded = net.neg_log_likelihood(padded_scores, torch.tensor([[1, 2, 0, -1, -1]])) * 3
    assert float(padded.detach()) == pytest.approx(float(alone.detach()), abs=1e-5)


def test_vocabulary_counts_skips_and_falls_back() -> None:
    sentences = [
        [["w=said", "u=VERB", "x3=aid"], ["w=smith", "u=PROPN"]],
        [["w=said", "u=VERB"], ["w=rare", "u=ADJ"]],
    ]
    vocab = Vocabulary.build(sentences, min_word_count=2, min_feature_count=2, skip_prefixes=["w="])
    assert set(vocab.words) == {"said"}
    assert set(vocab.features) == {"u=VERB"}
    assert vocab.encode(["w=rare", "u=ADJ"]) == (UNKNOWN, [PAD])
    word, feats = vocab.encode(["w=said", "u=VERB"])
    assert word == vocab.words["said"] and feats == [vocab.features["u=VERB"]]
    batch = make_batch(vocab, [sentences[0][:1], sentences[1]])
    assert batch.words.tolist() == [[vocab.words["said"], PAD], [vocab.words["said"], UNKNOWN]]
    assert batch.lengths.tolist() == [1, 2]


def test_saved_tagger_gives_the_same_scores(tmp_path: Path) -> None:
    sentences = [[["w=a", "u=X"], ["w=b", "u=Y"]], [["w=b", "u=Y"]]]
    vocab = Vocabulary.build(sentences, 1, 1)
    torch.manual_seed(0)
    sizes = (len(vocab.words) + 2, len(vocab.features) + 1, len(LABELS))
    net = TaggerNet(NetConfig(word_dim=4, feature_dim=3, hidden=5), *sizes).eval()
    path = tmp_path / "tagger.pt"
    save(path, net, vocab, LABELS)
    again, vocab_again, labels = load(path)
    assert labels == LABELS and vocab_again == vocab
    with torch.no_grad():
        before = net(make_batch(vocab, sentences)).numpy()
        after = again(make_batch(vocab_again, sentences)).numpy()
    # Weights are stored in half precision, the embedding tables as int8 rows.
    assert np.allclose(before, after, atol=3e-2)


def test_unseen_words_borrow_the_pretrain_vectors_scaled_to_the_learned_ones(
    tmp_path: Path,
) -> None:
    vocab = Vocabulary(words={"said": 2, "told": 3}, features={"f": 1})
    net = TaggerNet(NetConfig(word_dim=2, feature_dim=3, hidden=5, layers=1), 4, 2, len(LABELS))
    learned = net.word.weight.detach().clone()
    # A Stanza pretrain file: numpy vectors and the vocabulary's word -> row map.
    emb = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [3.0, 4.0]], dtype=np.float32)
    unit2id = {"<PAD>": 0, "said": 1, "told": 2, "bemoaned": 3}
    pretrain = tmp_path / "pretrain.pt"
    torch.save({"vocab": {"_unit2id": unit2id}, "emb": emb}, pretrain)

    assert borrow_unseen_words(net, vocab, pretrain) == 1  # "bemoaned"; never "<PAD>"
    k = vocab.encode(["w=bemoaned", "f"])[0]
    assert k not in (UNKNOWN, PAD)
    # The learned rows stay; the borrowed one keeps its direction, at the learned length.
    table = net.word.weight.detach()
    assert torch.equal(table[:4], learned)
    scale = float(learned[2:4].norm(dim=1).mean()) / 1.0  # both pretrain rows have length 1
    assert table[k].tolist() == pytest.approx([3.0 * scale, 4.0 * scale], rel=1e-5)
    assert borrow_unseen_words(net, vocab, tmp_path / "missing.pt") == 0
