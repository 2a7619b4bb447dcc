"""Stanza's parser trainer (``run_depparse``), continuing a model on relabelled data.

``--continue_from`` loads the published parser with its vocabularies, but Stanza 1.15 maps
the training data through vocabularies rebuilt from that data. With gold tags both are the
same; with our tagger's tags (``Profile.depparse_tags = "predicted"``) the feature and tag
counts differ, so the rebuilt ids no longer match the model's embeddings ("index out of
range"). This entry point hands the loaded model's vocabularies to the data loaders, then
runs Stanza's own script unchanged: values the model never saw become unknowns, as they
would at run time.

    python -m app.training.continue_parser UD_English-EWTGUM --continue_from depparse.pt ...
"""

import sys
from functools import partial

import torch
from stanza.models import parser
from stanza.models.pos.vocab import MultiVocab
from stanza.utils.training import run_depparse


def continued_vocab(model_file: str) -> MultiVocab:
    checkpoint = torch.load(model_file, map_location="cpu", weights_only=False)
    return MultiVocab.load_state_dict(checkpoint["vocab"])


def main() -> None:
    argv = sys.argv[1:]
    if "--continue_from" in argv:
        vocab = continued_vocab(argv[argv.index("--continue_from") + 1])
        # Callers that pass their own vocab (the dev loader passes the train loader's) win.
        parser.DataLoader = partial(parser.DataLoader, vocab=vocab)
    run_depparse.main()  # reads sys.argv itself


if __name__ == "__main__":
    main()
