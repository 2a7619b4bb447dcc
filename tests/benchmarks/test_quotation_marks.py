"""The raw-news quotation count (``benchmarks/quotation_marks.py``) on a two-article file."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.quotation_marks import main


def test_counts_unclosed_stray_and_reopened_quotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "news.txt"
    corpus.write_text(
        'Headline one\n"We lost. "It hurts," he said. She called it "unfair.\n\n'
        'Headline two\nHe said "nothing" at all.\n',
        encoding="utf-8",
    )
    main(["--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert "2 articles, 3 quotations" in out
    assert "unclosed: 1" in out
    assert "with a double mark left inside: 0" in out
    assert "in several parts (paragraphs re-opened): 1" in out
