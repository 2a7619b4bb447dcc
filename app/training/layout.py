"""The on-disk layout of one training run, and the environment Stanza's scripts need.

Stanza's ``prepare_*`` and ``run_*`` scripts find their data through environment
variables (``DATA_ROOT``, ``UDBASE`` ...); building them here keeps every path of a run
under one work directory so that a rerun finds what an earlier run finished.
"""

import os
from dataclasses import dataclass
from pathlib import Path

# Our combined treebank. Its short name must not start with ``en_gum`` or ``en_combined``:
# for those Stanza insists on GUM's Reddit part, which is not distributed here.
TREEBANK = "UD_English-EWTGUM"
SHORT_NAME = "en_ewtgum"
NER_SHORT_NAME = "en_conll03"
# Test-only set of GUM's news documents, for sentence splitting on news text. (Not named
# ``en_gum...``, which Stanza's scripts would take for full GUM.)
GUM_NEWS_TREEBANK = "UD_English-NEWSGUM"
GUM_NEWS_SHORT_NAME = "en_newsgum"


@dataclass(frozen=True)
class WorkLayout:
    """All paths of one run below ``root`` (the ``--work-dir``)."""

    root: Path

    @property
    def data_root(self) -> Path:
        return self.root / "data"

    @property
    def udbase(self) -> Path:
        return self.root / "ud"

    @property
    def treebank_dir(self) -> Path:
        return self.udbase / TREEBANK

    @property
    def tokenize_dir(self) -> Path:
        return self.data_root / "tokenize"

    @property
    def ner_dir(self) -> Path:
        return self.data_root / "ner"

    @property
    def retagged_depparse_dir(self) -> Path:
        """Parser data whose tags come from our tagger (``Profile.depparse_tags``)."""
        return self.data_root / "depparse-retagged"

    @property
    def vectors_dir(self) -> Path:
        return self.root / "vectors"

    @property
    def pretrain_file(self) -> Path:
        return self.vectors_dir / "pretrain.pt"

    @property
    def saved_models(self) -> Path:
        return self.root / "saved_models"

    @property
    def markers(self) -> Path:
        """``<stage>.done`` files: a stage with a marker is skipped on rerun."""
        return self.root / "done"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def eval_dir(self) -> Path:
        return self.root / "eval"

    def stanza_env(self, threads: int) -> dict[str, str]:
        """Environment for a Stanza subprocess: our data dirs, no downloads, ``threads`` CPUs."""
        env = dict(os.environ)
        env.update(
            {
                "DATA_ROOT": str(self.data_root),
                "UDBASE": str(self.udbase),
                "TOKENIZE_DATA_DIR": str(self.tokenize_dir),
                "MWT_DATA_DIR": str(self.data_root / "mwt"),
                "POS_DATA_DIR": str(self.data_root / "pos"),
                "LEMMA_DATA_DIR": str(self.data_root / "lemma"),
                "DEPPARSE_DATA_DIR": str(self.data_root / "depparse"),
                "NER_DATA_DIR": str(self.ner_dir),
                "CHARLM_DATA_DIR": str(self.data_root / "charlm"),
                "WORDVEC_DIR": str(self.vectors_dir),
                # Stanza's resources dir: a private, empty one so nothing official sneaks in.
                "STANZA_RESOURCES_DIR": str(self.root / "stanza_resources"),
                "OMP_NUM_THREADS": str(threads),
                "MKL_NUM_THREADS": str(threads),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def make_dirs(self) -> None:
        for path in (
            self.data_root,
            self.udbase,
            self.vectors_dir,
            self.saved_models,
            self.markers,
            self.logs,
            self.eval_dir,
            self.root / "stanza_resources",
        ):
            path.mkdir(parents=True, exist_ok=True)
