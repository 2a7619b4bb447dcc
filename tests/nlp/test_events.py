"""Relative dates are resolved against the publication date the way news writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.nlp.events import resolve_date

SATURDAY = dt.date(2025, 9, 6)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Putin said Friday", dt.date(2025, 9, 5)),
        ("he said on Saturday", SATURDAY),  # the paper's own day
        ("said Sunday", dt.date(2025, 8, 31)),  # never a day after publication
        ("told reporters yesterday", dt.date(2025, 9, 5)),
        ("said on Sept. 2", dt.date(2025, 9, 2)),
        ("said on Dec. 30", dt.date(2024, 12, 30)),  # months ahead means last year
        ("said in an interview", None),
    ],
)
def test_resolve_date(phrase: str, expected: dt.date | None) -> None:
    assert resolve_date(phrase, SATURDAY) == expected


def test_no_publication_date_no_resolution() -> None:
    assert resolve_date("said Friday", None) is None
