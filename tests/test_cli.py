"""The ``quotewise`` command line, run in-process on the tests' own SQLite file."""

from pathlib import Path

from typer.testing import CliRunner

from app.cli import app
from app.extract.service import SharedExtractor


def test_ingest_stores_a_folder_and_skips_it_on_a_rerun(
    tmp_path: Path, extractor: SharedExtractor
) -> None:
    del extractor  # loaded (or skipped, saying why) before the command asks for it
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Scholz Rejects Tax Plan\n\n“We will not raise taxes,” Chancellor Olaf Scholz said.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder)])
    # One unreadable file fails the run (exit 1) without stopping the others.
    assert first.exit_code == 1, first.output
    assert "2 articles read: 1 stored with 1 quotes, 0 already stored, 1 failed" in first.output
    assert "b.txt" in first.output
    again = runner.invoke(app, ["ingest", str(folder / "a.txt")])
    assert again.exit_code == 0, again.output
    assert "1 articles read: 0 stored with 0 quotes, 1 already stored, 0 failed" in again.output
