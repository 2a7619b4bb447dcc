"""Normalised keys for names, so that "PUTIN", "Putin" and "Pútin" meet in one index entry."""

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NOT_NAME = re.compile(r"[^\w' -]+")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = _NOT_NAME.sub(" ", stripped.casefold()).replace("_", " ")
    return _SPACES.sub(" ", cleaned).strip()
