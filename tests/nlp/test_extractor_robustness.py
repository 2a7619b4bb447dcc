"""The extractor never raises on hostile text, and every offset it returns points into the text.

Random texts (hypothesis) mix words, names and speech verbs with control characters, unpaired
quotation marks of every style, emoji, mixed scripts, combining marks and odd whitespace;
explicit cases cover 1 MB of quotation marks (the service's largest accepted text), text of
only whitespace and punctuation, and a lone surrogate (valid in a ``str`` decoded from JSON
``"\\ud800"``, impossible in UTF-8).

For every quote: each span lies within the text, ``quote.text`` is its spans' text (stripped,
joined as the attributor joins them), and the cue, speaker mention and context spans are
slices of the text at their offsets.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.nlp.extractor import Extractor
from app.nlp.types import ArticleText, Extraction, TextSpan

MAX_TEXT_BYTES = 1_000_000  # the service's default QUOTEWISE_MAX_TEXT_BYTES

QUOTE_MARKS = [
    '"', "'", "“", "”", "„", "‟", "‘", "’", "‚", "‛", "«", "»", "‹", "›",
    "「", "」", "『", "』", "〝", "〞", "〟", "＂", "＇", "❝", "❞", "❛", "❜", "`", "´", "''", "``",
]  # fmt: skip
CONTROL = [chr(c) for c in [*range(0x00, 0x20), 0x7F, 0x85]] + [
    "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\u2060",
    "\ufeff", "\ufffd", "\u202e",
]  # fmt: skip
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2003", "\u3000"]
PUNCT = [".", ",", ";", ":", "!", "?", "…", "—", "–", "-", "(", ")", "[", "]", "...", "?!"]
EMOJI = ["😀", "👍🏽", "🇺🇦", "👨‍👩‍👧", "🔥", "❤️", "🤔", "\U0001f9ea"]
SCRIPTS = [
    "Путин", "сказал", "北京", "说", "مرحبا", "قال", "שלום", "नमस्ते", "Ελλάδα", "東京都",
    "한국어", "ภาษาไทย", "e\u0301", "Z\u0351\u0354a\u0362l\u0337g\u0353o",
]  # fmt: skip
WORDS = [
    "said", "says", "told", "reporters", "added", "according", "to", "the", "a", "President",
    "Putin", "Vladimir", "Merkel", "she", "he", "they", "we", "not", "will", "war", "peace",
    "Minister", "NATO", "forum", "on", "Friday", "Moscow", "in", "at", "Eastern", "Economic",
    "Forum", "I", "see", "little", "point", "Mr", "Dr.", "U.S.", "claimed", "warned",
]  # fmt: skip

chunk = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CONTROL),
    st.sampled_from(SPACES),
    st.sampled_from(PUNCT),
    st.sampled_from(EMOJI),
    st.sampled_from(SCRIPTS),
    st.text(max_size=4),
)
mixed_text = st.lists(chunk, min_size=1, max_size=60).map(" ".join) | st.lists(
    chunk, min_size=1, max_size=60
).map("".join)
# Sentences without sentence punctuation: long runs of words and quote marks only.
unpunctuated = st.lists(
    st.sampled_from(WORDS + QUOTE_MARKS + SCRIPTS), min_size=1, max_size=80
).map(" ".join)

FAST = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)


def check_span(text: str, span: TextSpan | None) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), span
    assert text[span.start : span.end] == span.text, span


def check_extraction(text: str, result: Extraction) -> None:
    assert isinstance(result, Extraction)
    for quote in result.quotes:
        assert quote.spans, quote
        for start, end in quote.spans:
            assert 0 <= start <= end <= len(text), (quote.spans, len(text))
        pieces = [text[s:e].strip() for s, e in quote.spans]
        assert quote.text in {" ".join(pieces), " … ".join(pieces)}, quote
        check_span(text, quote.cue)
        check_span(text, quote.speaker.mention)
        check_span(text, quote.context)
        assert 0.0 <= quote.confidence <= 1.0, quote
    for person in result.people:
        assert person.name, person


@FAST
@given(text=mixed_text)
def test_mixed_hostile_text(extractor: Extractor, text: str) -> None:
    check_extraction(text, extractor.extract(text))


@FAST
@given(text=unpunctuated)
def test_text_without_sentence_punctuation(extractor: Extractor, text: str) -> None:
    check_extraction(text, extractor.extract(text))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
@given(text=st.text(min_size=1, max_size=200))
def test_arbitrary_unicode(extractor: Extractor, text: str) -> None:
    check_extraction(text, extractor.extract(text))


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(mixed_text, min_size=1, max_size=4))
def test_extract_many_agrees_on_offsets(extractor: Extractor, texts: list[str]) -> None:
    results = extractor.extract_many([ArticleText(text=t) for t in texts])
    assert len(results) == len(texts)
    for text, result in zip(texts, results, strict=True):
        check_extraction(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t \u00a0\u3000",
        "... !!! ??? ,,, ;;; --- ((( ))) “ ” « » „ ‚ ' \" ` ´",
        "“" * 3 + "”" * 5 + "'\"'\"",
        "“I see little point,” Putin said\ud800 on Friday.",
        "\ud800",
        "“\udfff” he said.",
        "Putin said: “We will not\x00 give up” \x07\x1b[31m on Friday.",
        "“Unclosed quote says Putin. ” ” ” “ “ “",
        "「日本語の引用」と首相は述べた。“Mixed” scripts, said Путин.",
        "“" + "very " * 2000 + "long” he said.",
    ],
    ids=[
        "empty",
        "space",
        "whitespace",
        "punctuation",
        "marks-only",
        "lone-surrogate-inside",
        "lone-surrogate-only",
        "low-surrogate-quoted",
        "control-chars",
        "unbalanced",
        "cjk-and-cyrillic",
        "one-long-quote",
    ],
)
def test_explicit_hostile_texts(extractor: Extractor, text: str) -> None:
    check_extraction(text, extractor.extract(text))


def test_one_megabyte_of_quotation_marks(extractor: Extractor) -> None:
    """The largest text the service accepts, made only of quotation marks of every style."""
    marks = "".join(QUOTE_MARKS)
    repeats = MAX_TEXT_BYTES // len(marks.encode("utf-8"))
    text = marks * repeats
    text += '"' * (MAX_TEXT_BYTES - len(text.encode("utf-8")))
    assert len(text.encode("utf-8")) == MAX_TEXT_BYTES
    started = time.perf_counter()
    result = extractor.extract(text)
    seconds = time.perf_counter() - started
    check_extraction(text, result)
    print(f"1 MB of quotation marks ({len(text)} characters): {seconds:.1f} s")
