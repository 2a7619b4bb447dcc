"""The ``resources.json`` of the shipped model directory.

Stanza reads ``resources.json`` from the model directory even with downloads off. Ours
names English but lists no packages, so Stanza neither warns about an unknown language
nor looks for the official ``en/<processor>/`` tree; the loader passes each model path
explicitly. The ``quotewise`` entry records what was trained, for people.
"""

import json
import time
from pathlib import Path

from app.nlp.pipeline import PRETRAIN_FILE, RESOURCES_FILE, SHIPPED_FILES
from app.training.stages import StageContext


def write_resources(out_dir: Path, ctx: StageContext) -> Path:
    files = {name: file for name, file in SHIPPED_FILES.items() if (out_dir / file).exists()}
    content = {
        "en": {"lang_name": "English"},
        "quotewise": {
            "language": "en",
            "layout": "flat files, loaded by app.nlp.pipeline.load_pipeline",
            "profile": ctx.profile.name,
            "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "models": files,
            "pretrain": PRETRAIN_FILE,
            "stanza_version": _stanza_version(),
        },
    }
    path = out_dir / RESOURCES_FILE
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return path


def _stanza_version() -> str:
    import stanza

    return str(stanza.__version__)
