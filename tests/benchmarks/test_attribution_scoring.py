"""The scorer is the ruler for every later change, so its matching rules are pinned here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.nlp.types import Quote, Speaker, TextSpan
from benchmarks.annotator_agreement import agreement
from benchmarks.attribution_scoring import (
    GoldAttribution,
    calibration_table,
    has_quotation_mark,
    load_polnear,
    parse_brat,
    pick_annotation_file,
    score_article,
    trim_span,
)

TEXT = "Putin said “troops there are targets,” and Macron said peace was near.\n"
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456789

ANN = (
    "T1\tSource 0 5\tPutin\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 38\t“troops there are targets,”\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 43 49\tMacron\n"
    "T6\tCue 50 54\tsaid\n"
    "T7\tContent 55 69\tpeace was near\n"
    "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5\n"
)


def quote(
    spans: list[tuple[int, int]],
    *,
    cue: tuple[int, int] | None = None,
    mention: tuple[int, int] | None = None,
    name: str | None = None,
    qtype: str = "indirect",
    confidence: float = 0.5,
) -> Quote:
    return Quote(
        text=" ".join(TEXT[s:e] for s, e in spans),
        type=qtype,  # type: ignore[arg-type]
        spans=spans,
        cue=TextSpan(TEXT[cue[0] : cue[1]], *cue) if cue else None,
        speaker=Speaker(
            name,
            "person" if name else "unknown",
            TextSpan(TEXT[mention[0] : mention[1]], *mention) if mention else None,
        ),
        event=None,
        confidence=confidence,
    )


def test_parse_brat_ties_events_and_flags_quoted_contents() -> None:
    gold = parse_brat(ANN, TEXT)
    assert len(gold) == 2
    first, second = sorted(gold, key=lambda g: g.content)
    assert first.content == ((11, 38),) and first.cue == ((6, 10),) and first.source == ((0, 5),)
    assert first.quoted and not second.quoted


def test_parse_brat_discontinuous_span_and_orphan_text_bound() -> None:
    ann = "T1\tContent 0 5;11 20\tPutin “troops th\nT2\tCue 6 10\tsaid\n"
    gold = parse_brat(ann, TEXT)
    contents = [g for g in gold if g.content]
    assert contents[0].content == ((0, 5), (11, 20))
    # The orphan cue (no E line) is kept as its own attribution rather than dropped.
    assert any(g.cue == ((6, 10),) and not g.content for g in gold)


def test_apostrophes_do_not_make_a_content_quoted() -> None:
    assert not has_quotation_mark("Putin’s aides don’t agree")
    assert has_quotation_mark("he called it ‘very constructive’")
    assert has_quotation_mark('he said "no"')


def test_trim_span_drops_marks_and_punctuation_only_at_edges() -> None:
    assert TEXT[slice(*trim_span(TEXT, (11, 38)))] == "troops there are targets"


def test_pick_annotation_file_is_first_in_sorted_order() -> None:
    files = [Path("a_ef2d.ann"), Path("a_4b22.ann"), Path("a_d473.ann")]
    assert pick_annotation_file(files).name == "a_4b22.ann"


def test_thresholds_and_exact_match() -> None:
    gold = parse_brat(ANN, TEXT)
    # Quoted content without its marks is an exact match; half of the indirect one is not.
    preds = [
        quote([(12, 37)], cue=(6, 10), mention=(0, 5), qtype="direct"),
        quote([(55, 62)], cue=(50, 54), mention=(43, 49)),
    ]
    score = score_article(TEXT, gold, preds)
    assert score.content[("exact", "all")].tp_gold == 1
    assert score.content[("30%", "all")].tp_gold == 2
    assert score.content[("80%", "all")].tp_gold == 1
    assert score.content[("30%", "quoted")].n_gold == 1
    assert score.content[("30%", "unquoted")].tp_pred == 1
    assert score.cue["all"].tp_gold == 2
    assert score.source["all"].tp_pred == 2
    assert score.speaker_total == 1 and score.speaker_right == 1


def test_precision_mirrors_recall_so_huge_spans_do_not_count() -> None:
    gold = parse_brat(ANN, TEXT)
    whole = quote([(0, 69)])
    score = score_article(TEXT, gold, [whole])
    prf = score.content[("80%", "all")]
    # The whole line covers every gold content, but far less than 80% of it is any one of them.
    assert prf.tp_gold == 2 and prf.tp_pred == 0


def test_speaker_named_elsewhere_counts_when_gold_source_is_a_name() -> None:
    gold = [GoldAttribution(content=((55, 69),), cue=((50, 54),), source=((43, 49),), quoted=True)]
    pred = quote([(55, 69)], mention=(0, 5), name="Emmanuel Macron", qtype="direct")
    score = score_article(TEXT, gold, [pred])
    assert score.speaker_right == 1
    wrong = quote([(55, 69)], mention=(0, 5), name="Vladimir Putin", qtype="direct")
    assert score_article(TEXT, gold, [wrong]).speaker_right == 0


def test_named_speakers_are_counted_over_all_predictions() -> None:
    gold = parse_brat(ANN, TEXT)
    named = quote([(12, 37)], mention=(0, 5), name="Vladimir Putin", qtype="direct")
    nameless = quote([(55, 69)], mention=(43, 49))
    score = score_article(TEXT, gold, [named, nameless])
    score.add(score_article(TEXT, gold, [nameless]))
    assert (score.named, score.predicted) == (1, 3)


def test_calibration_bins_include_the_top_edge() -> None:
    rows = calibration_table([(1.0, True, True), (0.1, False, False), (0.15, True, False)])
    assert rows[0][1] == 2 and rows[0][2] == pytest.approx(0.5)
    assert rows[-1][1] == 1 and rows[-1][3] == 1.0


def test_load_polnear_reads_a_tiny_corpus(tmp_path: Path) -> None:
    base = tmp_path / "polnear" / "train"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    name = "nyt_2016-05-06_some-story"
    (base / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (base / "attributions" / f"{name}_zz99.ann").write_text("", encoding="utf-8")
    (base / "attributions" / f"{name}_aa11.ann").write_text(ANN, encoding="utf-8")
    (base / "text" / "unannotated.txt").write_text("x", encoding="utf-8")
    articles = load_polnear(tmp_path, "train")
    assert [a.name for a in articles] == [name]
    assert articles[0].annotator == "aa11" and len(articles[0].attributions) == 2
    assert articles[0].published_at is not None and articles[0].published_at.day == 6


def test_an_annotator_scored_against_itself_agrees_fully() -> None:
    gold = parse_brat(ANN, TEXT)
    score = agreement(TEXT, [gold, gold], all_pairs=False)
    for key, prf in score.content.items():
        if prf.n_gold:
            assert prf.f1 == 1.0, key
    assert score.cue["all"].f1 == 1.0
    assert score.source["all"].f1 == 1.0
    assert score.speaker_right == score.speaker_total == 1


def test_annotators_who_disagree_lose_recall_and_precision() -> None:
    gold = parse_brat(ANN, TEXT)
    # The second annotator leaves out Macron's attribution and reads Putin's cue as "Putin".
    other = [replace(gold[0], cue=((0, 5),))]
    score = agreement(TEXT, [gold, other], all_pairs=False)
    assert score.content[("30%", "all")].recall == 0.5
    assert score.content[("30%", "all")].precision == 1.0
    assert score.cue["all"].tp_gold == 0
    assert score.source["all"].recall == 0.5
