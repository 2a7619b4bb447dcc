"""Checks on submitted article text, shared by every endpoint that accepts text."""

import re

from pydantic_core import PydanticCustomError

from app.core.config import get_settings

# A real tag: <p>, </div>, <br/>, <a href=...>. "a < b > c" and "<3" are not tags.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_HTML_MIN_TAGS = 2

TEXT_TOO_LARGE = "text_too_large"


def check_article_text(text: str) -> str:
    """Reject text the extractor cannot serve honestly.

    HTML is rejected rather than stripped: quote offsets refer to the text as sent, and a
    client that strips markup itself keeps them meaningful.
    """
    if not text.strip():
        raise PydanticCustomError("text_empty", "text is empty or only whitespace")
    limit = get_settings().max_text_bytes
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise PydanticCustomError(
            TEXT_TOO_LARGE,
            "text is {size} bytes; the limit is {limit} bytes",
            {"size": size, "limit": limit},
        )
    if len(_HTML_TAG.findall(text, 0, 200_000)) >= _HTML_MIN_TAGS:
        raise PydanticCustomError(
            "text_is_html", "text looks like HTML; send the article as plain text"
        )
    return text
