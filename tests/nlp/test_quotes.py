"""Quotation-mark spans on plain text: every mark style and the sloppy cases news has."""

from __future__ import annotations

import pytest

from app.nlp.quotes import find_quotations


def texts(text: str) -> list[str]:
    return [q.text(text) for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("He said “we will win” and left.", ["we will win"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("Er sagte „wir gewinnen“ gestern.", ["wir gewinnen"]),
        ("She called it ‘very constructive’ today.", ["very constructive"]),
        ("“One,” he said, “two.”", ["One,", "two."]),
    ],
)
def test_mark_styles(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_index_the_original_text() -> None:
    text = "Intro line.\nPutin said: “No troops.”"
    (q,) = find_quotations(text)
    start, end = q.spans[0]
    assert text[start:end] == "No troops."
    assert text[q.outer_start] == "“" and text[q.outer_end - 1] == "”"


def test_single_quotes_nest_inside_double_ones() -> None:
    text = "“They call it ‘a reassurance force’, but it is war,” he said."
    (q,) = find_quotations(text)
    assert q.text(text) == "They call it ‘a reassurance force’, but it is war,"
    assert q.style == "double" and q.closed


def test_apostrophes_are_not_quotes() -> None:
    text = "Putin’s aides don’t say the Clintons’ plan won’t work, he said."
    assert find_quotations(text) == []


def test_multi_paragraph_quote_reopens_each_paragraph_and_closes_once() -> None:
    text = "He said:\n\n“First paragraph goes on.\n\n“Second one too.\n\n“Third ends here.”\nAfter."
    (q,) = find_quotations(text)
    assert q.closed
    assert [text[s:e] for s, e in q.spans] == [
        "First paragraph goes on.",
        "Second one too.",
        "Third ends here.",
    ]


def test_unclosed_mark_does_not_swallow_the_rest() -> None:
    text = "A stray “ mark and more words.\nLater he said “this is fine” to us.\n“Another.”"
    found = find_quotations(text)
    closed = [q.text(text) for q in found if q.closed]
    assert closed == ["this is fine", "Another."]
    unclosed = [q for q in found if not q.closed]
    assert len(unclosed) == 1 and "\n" not in unclosed[0].text(text)


def test_unclosed_paragraph_not_followed_by_reopening_stays_in_its_paragraph() -> None:
    text = "“Never closed here.\nA normal paragraph with “a quote” in it."
    found = find_quotations(text)
    assert [q.text(text) for q in found] == ["Never closed here.", "a quote"]
    assert [q.closed for q in found] == [False, True]


def test_straight_quotes_alternate_and_respect_context() -> None:
    text = 'He said "yes" and then "no," she added.'
    assert texts(text) == ["yes", "no,"]


def test_sloppy_opening_mark_used_as_closer() -> None:
    text = "He said “enough“ and walked out."
    assert texts(text) == ["enough"]


def test_empty_quotes_are_ignored() -> None:
    assert find_quotations("An empty “” pair and “ ” another.") == []


def test_elided_year_is_not_an_opening_single_quote() -> None:
    text = "He said in ‘08 that it changed. “I do sense it,” he said. “It is the ‘blame game’.”"
    assert texts(text) == ["I do sense it,", "It is the ‘blame game’."]


def test_stray_straight_mark_does_not_carry_into_typographic_paragraphs() -> None:
    text = '"Kevin was snoring.\n\n“Here he is,” she said.\n\n“That’s right,” Melanie said.'
    found = find_quotations(text)
    assert [q.text(text) for q in found] == ["Kevin was snoring.", "Here he is,", "That’s right,"]
    assert [q.closed for q in found] == [False, True, True]


def test_straight_multi_paragraph_quote_still_continues() -> None:
    text = 'He said:\n\n"First part.\n\n"Second part."\nAfter.'
    (q,) = find_quotations(text)
    assert q.closed and [text[s:e] for s, e in q.spans] == ["First part.", "Second part."]


def test_mixed_straight_and_typographic_ends_pair() -> None:
    text = '"Never underestimate him,” Reid said. “He is hard to predict," he added.'
    assert texts(text) == ["Never underestimate him,", "He is hard to predict,"]


def test_two_apostrophes_are_one_double_mark() -> None:
    text = "''It hurts,'' Ms. Khan wrote. She continued: ''Does he wonder why?''"
    found = find_quotations(text)
    assert [q.text(text) for q in found] == ["It hurts,", "Does he wonder why?"]
    assert all(q.style == "double" for q in found)
    assert [text[q.outer_start : q.outer_start + 3] for q in found] == ["''I", "''D"]


def test_single_quote_closing_inside_two_apostrophes() -> None:
    text = "''The answer is not to yell, 'China bad.''' But Mr. Trump did not respond."
    (q,) = find_quotations(text)
    assert q.text(text) == "The answer is not to yell, 'China bad.'"
    assert text[q.outer_end - 3 : q.outer_end] == "'''"


def test_two_apostrophe_quote_continues_over_paragraphs() -> None:
    text = "He said:\n\n''First part.\n\n''Second part.''\nAfter."
    (q,) = find_quotations(text)
    assert q.closed and [text[s:e] for s, e in q.spans] == ["First part.", "Second part."]


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”")])
def test_paragraphs_joined_into_one_line_keep_the_reopened_quote(
    opening: str, closing: str
) -> None:
    # Scrapers that join paragraphs with a space leave the multi-paragraph convention
    # inside one line; the second opening mark used to nest and swallow the closing one,
    # leaving one unclosed quotation with stray marks in it.
    text = (
        f"{opening}We lost the game on penalties. {opening}It is very frustrating. "
        f"{opening}We have to move on,{closing} he said. Mr Prentis disagreed."
    )
    (quote,) = find_quotations(text)
    assert quote.closed
    assert [text[s:e] for s, e in quote.spans] == [
        "We lost the game on penalties.",
        "It is very frustrating.",
        "We have to move on,",
    ]
    assert text[quote.outer_start] == opening and text[quote.outer_end - 1] == closing


def test_a_double_mark_inside_a_quotation_without_a_sentence_end_still_nests() -> None:
    text = 'He said "I told him "no" twice" and left.'
    assert texts(text) == ['I told him "no" twice']
