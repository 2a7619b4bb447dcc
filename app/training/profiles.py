"""Training sizes: how long each stage trains and how big each model is.

Three named profiles, so the same code path serves CI (``smoke``: seconds, on a slice),
a first usable model set (``quick``: ~20 min on 2 cores) and the shipped models
(``full``: sized to finish in under two hours on 2 CPU cores). Sizes are the compact
ones measured in ``../shared/data/README.md``; defaults would not fit the 80 MB budget.
"""

from dataclasses import dataclass, field
from typing import Literal

POS_COMPACT = [
    "--hidden_dim",
    "100",
    "--char_hidden_dim",
    "100",
    "--deep_biaff_hidden_dim",
    "100",
    "--composite_deep_biaff_hidden_dim",
    "50",
    "--tag_emb_dim",
    "20",
]
DEPPARSE_COMPACT = [
    "--hidden_dim",
    "200",
    "--num_layers",
    "2",
    "--deep_biaff_hidden_dim",
    "200",
    "--char_hidden_dim",
    "100",
]


@dataclass(frozen=True)
class Profile:
    """Every size knob of a run. ``None`` limits mean "use all of it"."""

    name: str
    ud_sentence_limit: int | None = None
    ner_sentence_limit: int | None = None
    news_line_limit: int | None = None
    vector_dim: int = 100
    vector_epochs: int = 5
    vector_max_vocab: int = 50_000
    # word2vec skip-gram (1) is slower than CBOW (0) but better for rare words such as names.
    vector_skipgram: int = 0
    tokenizer_steps: int = 500
    tokenizer_eval_steps: int = 100
    mwt_epochs: int = 2
    lemma_dict_only: bool = True
    lemma_epochs: int = 2
    pos_steps: int = 400
    # Sentences per tagger batch (Stanza's default 250). 50 gives more updates per CPU
    # second, which matters when the clock, not convergence, ends training.
    pos_batch_size: int = 50
    pos_eval_interval: int = 100
    # Steps without a better dev score before the tagger switches from Adam to AMSGrad (and,
    # after as many more, stops). Stanza's default of 3,000 is never reached by a run capped
    # at an hour on 2 cores, so the second optimizer would never start.
    pos_patience: int = 3_000
    # The tagger's Adam learning rate (Stanza's default 3e-3). A tagger continued from a
    # published one starts lower, so its first steps refine rather than undo it.
    pos_lr: float = 3e-3
    depparse_steps: int = 300
    depparse_eval_interval: int = 100
    # Words per parser batch (Stanza's default 5000). Smaller batches mean more updates for
    # the same CPU time, which matters when training is stopped by the clock, not converged.
    depparse_batch_size: int = 5000
    # Tags the parser trains on: the treebank's gold ones, or our tagger's ("predicted"; the
    # tagger of ``--warm-from``, else this run's), as the parser meets them at run time.
    depparse_tags: Literal["gold", "predicted"] = "gold"
    ner_steps: int = 800
    ner_eval_interval: int = 200
    # NER's SGD learning rate (Stanza's default 0.1, which it halves when dev stalls). A model
    # fine-tuned again after its dev score flattened restarts lower, nearer the rate its
    # earlier run had decayed to, rather than at the full rate.
    ner_lr: float = 0.1
    # Further NER steps continuing from the ``ner`` stage's model (0: no such stage).
    ner_more_steps: int = 0
    # Wall-clock cap per training stage in minutes (None: none). Every Stanza trainer saves
    # its best-on-dev model as it goes, so a stage stopped at its cap still leaves a model.
    stage_minutes: dict[str, float] = field(default_factory=dict)
    # Continue from the shipped models by default (``--warm-from`` names another directory).
    # Warm-started stages keep the published word vectors and start from the published
    # model: depparse (``--continue_from``), NER (``--finetune``) and the tagger (our
    # ``app.training.continue_tagger``, as Stanza's tagger has no such option). The
    # tokenizer's ``--load_name`` crashes in Stanza 1.15.0 (``Trainer.load()`` called
    # without its arguments), so it trains afresh. On 2 CPU cores no single session
    # converges the larger models, so sessions add up their training time this way.
    warm_start: bool = False


PROFILES: dict[str, Profile] = {
    "smoke": Profile(
        name="smoke",
        ud_sentence_limit=300,
        ner_sentence_limit=300,
        news_line_limit=2_000,
        vector_dim=20,
        vector_epochs=1,
        vector_max_vocab=5_000,
        tokenizer_steps=20,
        tokenizer_eval_steps=10,
        mwt_epochs=1,
        pos_steps=10,
        pos_eval_interval=10,
        depparse_steps=10,
        depparse_eval_interval=10,
        ner_steps=10,
        ner_eval_interval=10,
    ),
    # Loads and runs, nothing more: POS and the parser barely train (both cost several
    # seconds a step on shared cores).
    "quick": Profile(
        name="quick",
        depparse_steps=20,
        depparse_eval_interval=20,
        pos_steps=60,
        pos_eval_interval=60,
    ),
    # Sized from speeds measured on 2 shared cores, one torch thread per lane: depparse
    # ~7.5 s/step (batch 5000 words, ~80 steps/epoch), NER ~0.4 s/step, tokenizer ~0.25
    # s/step. Two lanes: depparse alone; NER, POS, tokenizer, MWT, lemma one after another.
    # The step counts are upper bounds; the time caps decide when training ends.
    "full": Profile(
        name="full",
        vector_epochs=5,
        vector_max_vocab=80_000,
        vector_skipgram=1,
        tokenizer_steps=6_000,
        tokenizer_eval_steps=500,
        mwt_epochs=3,
        lemma_dict_only=True,
        pos_steps=8_000,
        pos_eval_interval=250,
        depparse_steps=5_000,
        depparse_eval_interval=100,
        depparse_batch_size=2000,
        ner_steps=12_000,
        ner_eval_interval=500,
        ner_more_steps=12_000,
        stage_minutes={"depparse": 100, "ner": 46, "pos": 30, "tokenize": 20, "ner_more": 45},
    ),
    # Another time budget on top of ``full``, warm-started from the shipped models; caps sized
    # for one 2-core session running two lanes (depparse | NER, POS) and the tokenizer.
    "continue": Profile(
        name="continue",
        warm_start=True,
        tokenizer_steps=8_000,
        tokenizer_eval_steps=500,
        mwt_epochs=3,
        pos_steps=30_000,
        pos_eval_interval=250,
        pos_patience=1_000,
        pos_lr=1e-3,
        depparse_steps=20_000,
        depparse_eval_interval=200,
        depparse_batch_size=2000,
        depparse_tags="predicted",
        ner_steps=20_000,
        ner_eval_interval=500,
        ner_lr=0.025,
        stage_minutes={"depparse": 125, "tokenize": 40, "pos": 125, "ner": 45},
    ),
    # Another time budget on top of the shipped models, for a lent GPU (one H100, commands
    # of at most 10 minutes): the trainers use CUDA on their own when torch sees it. Caps
    # end three lanes (retag + depparse | pos | ner) within one command; batches at
    # Stanza's defaults. Measured there (MODELS.md, fifth session): the parser ran ~0.2 s
    # a step of 5,000 words, the tagger 0.15 s a step of 250 sentences.
    "gpu": Profile(
        name="gpu",
        warm_start=True,
        pos_steps=50_000,
        pos_eval_interval=500,
        pos_batch_size=250,
        pos_lr=1e-3,
        depparse_steps=50_000,
        depparse_eval_interval=200,
        depparse_batch_size=5000,
        depparse_tags="predicted",
        ner_steps=50_000,
        ner_eval_interval=500,
        ner_lr=0.025,
        stage_minutes={"depparse": 6.5, "pos": 7.5, "ner": 7.5},
    ),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}; choose from {sorted(PROFILES)}") from None
