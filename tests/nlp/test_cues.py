"""The cue lexicon and the cue table learned from PolNeAR train."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app.nlp.cues import (
    CUE_TABLE_PATH,
    LEARNED_WEAK,
    cue_context,
    cue_strength,
    learned_rate,
    lemma_candidates,
    load_cue_table,
    surface_lemma,
)
from benchmarks.learn_cues import corpus_lemma


def test_the_learned_table_ships_with_the_package() -> None:
    table = load_cue_table(CUE_TABLE_PATH)
    assert ("say", "other") in table
    assert table[("say", "other")].rate > 0.8


def test_a_missing_table_leaves_the_hand_lexicon_alone(tmp_path: Path) -> None:
    assert load_cue_table(tmp_path / "absent.tsv") == {}


def test_learned_lemmas_join_as_weak_cues_and_hand_speech_verbs_stay_strong() -> None:
    # "expressed concern about" is an attribution cue two times in three in train.
    assert "express" in LEARNED_WEAK
    assert cue_strength("express") == 0.5
    assert surface_lemma("expressed") == "express"
    assert cue_strength("say") == 1.0
    assert cue_strength("table") == 0.0


def test_the_rate_depends_on_the_next_word() -> None:
    argue_that = learned_rate("argue", "that")
    know_that = learned_rate("know", "that")
    assert argue_that is not None and know_that is not None
    assert argue_that > 0.8 > know_that
    expect_to = learned_rate("expect", "to")
    plan_other = learned_rate("plan", "the")
    assert expect_to is not None and plan_other is not None
    assert expect_to > 0.5 > 0.1 > plan_other
    assert learned_rate("zzzyzx", "that") is None


def test_cue_context_buckets() -> None:
    assert cue_context("That") == "that"
    assert cue_context("to") == "to"
    assert cue_context("Clinton") == "other"


def test_lemma_candidates_undo_regular_inflections() -> None:
    assert "admit" in lemma_candidates("admitted")
    assert "note" in lemma_candidates("noted")
    assert "worry" in lemma_candidates("worried")


def test_corpus_lemma_picks_the_attested_paradigm() -> None:
    counts = Counter({"not": 500, "note": 5, "notes": 4, "noting": 3, "noted": 6, "alleging": 2})
    assert corpus_lemma("noted", counts) == "note"
    assert corpus_lemma("said", counts) == "say"
    # Tie between "alleg" and "allege": English keeps the silent e.
    assert corpus_lemma("alleged", counts) == "allege"
    # Nothing attested: the hand lexicon's stem, as at run time.
    assert corpus_lemma("mused", Counter()) == "muse"
