"""Reading articles from files for ``quotewise ingest``: text files, folders and JSON Lines."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.articles.schemas import ArticleCreate

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(slots=True)
class SourceItem:
    """One article read from disk, or the reason it could not be read."""

    origin: str
    article: ArticleCreate | None
    error: str | None = None


def _from_text_file(path: Path) -> SourceItem:
    text = path.read_text(encoding="utf-8")
    # The whole file is the text (so offsets match the file); its first line names it.
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return _validated(str(path), {"text": text, "title": title, "external_id": f"file:{path}"})


def _validated(origin: str, payload: dict[str, Any]) -> SourceItem:
    try:
        return SourceItem(origin, ArticleCreate.model_validate(payload))
    except ValidationError as exc:
        return SourceItem(origin, None, "; ".join(e["msg"] for e in exc.errors()))


def _from_jsonl(path: Path) -> Iterator[SourceItem]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                payload = json.loads(line)
            except json.JSONDecodeError as exc:
                yield SourceItem(origin, None, f"invalid JSON: {exc.msg}")
                continue
            if not isinstance(payload, dict):
                yield SourceItem(origin, None, "each line must be a JSON object")
                continue
            yield _validated(origin, payload)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, and the text or JSON Lines files under named folders, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
                )
            )
        else:
            files.append(path)
    return files


def read_items(files: list[Path]) -> Iterator[SourceItem]:
    for path in files:
        if not path.exists():
            yield SourceItem(str(path), None, "no such file")
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _from_jsonl(path)
        else:
            yield _from_text_file(path)
