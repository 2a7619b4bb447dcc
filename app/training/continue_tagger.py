"""Stanza's tagger trainer (``run_pos``), continuing a saved tagger instead of a fresh one.

Stanza 1.15's tagger has no option to start from a saved model, so each training run
starts from random weights and no run on 2 CPU cores (or in one 10-minute GPU command)
converges. This entry point takes ``--continue_from MODEL`` out of the arguments and
makes the trainer that ``stanza.models.tagger.train`` builds load that model (with this
run's settings, e.g. a lower learning rate, over the saved ones), then runs Stanza's own
script unchanged. Training data is indexed by vocabularies rebuilt from the treebank; the
run stops at once unless they equal the saved model's, since a mismatch would silently
feed the model wrong ids.

    python -m app.training.continue_tagger UD_English-EWTGUM --continue_from pos.pt ...
"""

import sys
from typing import Any

import torch
from stanza.models import tagger
from stanza.models.pos.trainer import Trainer
from stanza.utils.training import run_pos


def continuing_trainer(start: str) -> Any:
    """A stand-in for ``Trainer`` that loads ``start`` where a fresh model would be built."""
    saved_vocab = torch.load(start, map_location="cpu", weights_only=False)["vocab"]

    def build(
        args: Any = None,
        vocab: Any = None,
        pretrain: Any = None,
        model_file: Any = None,
        device: Any = None,
        foundation_cache: Any = None,
    ) -> Trainer:
        if model_file is not None:  # evaluation reloads the best model: a plain load
            return Trainer(
                args=args,
                pretrain=pretrain,
                model_file=model_file,
                device=device,
                foundation_cache=foundation_cache,
            )
        if vocab is not None and vocab.state_dict() != saved_vocab:
            raise SystemExit(f"{start}: its vocabularies differ from this training data's")
        return Trainer(
            args=args,
            pretrain=pretrain,
            model_file=start,
            device=device,
            foundation_cache=foundation_cache,
        )

    return build


def main() -> None:
    argv = sys.argv
    if "--continue_from" in argv:
        at = argv.index("--continue_from")
        start = argv[at + 1]
        del argv[at : at + 2]
        print(f"continuing the tagger from {start}", file=sys.stderr)
        tagger.Trainer = continuing_trainer(start)
    run_pos.main()  # reads sys.argv itself


if __name__ == "__main__":
    main()
