"""The learned attribution tagger: its pieces without models, then the shipped CRF.

The pure functions (BIO runs to frames, gold labels) are pinned on hand-made inputs; the
shipped model must load, and it must add the kind of unquoted attribution the rules miss
without touching what the rules already found.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from app.nlp import tagger as tagger_module
from app.nlp.attribution import Attributor
from app.nlp.extractor import Extractor, rule_attributor
from app.nlp.tagger import (
    LABELS,
    MODEL_PATH,
    AttributionTagger,
    DocTags,
    TaggedFrame,
    combine,
    default_tagger,
    document_features,
    frames_from_labels,
    refine_rule_quotes,
    sentence_groups,
    word_clusters,
)
from benchmarks.attribution_scoring import parse_brat
from benchmarks.train_attribution_tagger import gold_labels, is_held_out
from benchmarks.train_attribution_tagger import main as train_main
from benchmarks.word_clusters import spherical_kmeans
from tests.nlp.conftest import quotes_covering


def test_runs_become_one_frame_per_cue_with_the_nearest_source() -> None:
    # "Smith said taxes will rise , and Jones argued that they will fall ."
    labels = [
        "B-SRC", "B-CUE", "B-CONT", "I-CONT", "I-CONT", "O", "O",
        "B-SRC", "B-CUE", "B-CONT", "I-CONT", "I-CONT", "I-CONT", "O",
    ]  # fmt: skip
    probs = [0.9] * len(labels)
    frames = frames_from_labels(labels, probs, first=100)
    assert [(f.source, f.cue, f.content) for f in frames] == [
        ([100], [101], [102, 103, 104]),
        ([107], [108], [109, 110, 111, 112]),
    ]
    assert all(abs(f.content_prob - 0.9) < 1e-9 for f in frames)


def test_split_content_around_its_cue_is_one_frame() -> None:
    # "Taxes will rise , he said , next year ."
    labels = ["B-CONT", "I-CONT", "I-CONT", "O", "B-SRC", "B-CUE", "O", "B-CONT", "I-CONT", "O"]
    frames = frames_from_labels(labels, [1.0] * len(labels), first=0)
    assert len(frames) == 1
    assert frames[0].content == [0, 1, 2, 7, 8]
    assert frames[0].cue == [5] and frames[0].source == [4]


def test_held_out_slice_is_stable_and_about_the_asked_share() -> None:
    names = [f"article_{k}" for k in range(2000)]
    held = [n for n in names if is_held_out(n, 15)]
    assert 0.12 < len(held) / len(names) < 0.18
    assert held == [n for n in names if is_held_out(n, 15)]
    second = {n for n in names if is_held_out(n, 15, offset=50)}
    assert 0.12 < len(second) / len(names) < 0.18
    assert not second & set(held)


def test_shipped_word_classes_put_speech_verbs_together() -> None:
    classes = word_clusters()
    assert len(classes) > 40_000
    assert classes["said"][0] == classes["told"][0] == classes["argued"][0]
    assert classes["said"][0] != classes["table"][0]


def test_spherical_kmeans_is_deterministic_and_separates_directions() -> None:
    rng = np.random.default_rng(7)
    east = np.array([1.0, 0.0]) + 0.05 * rng.standard_normal((20, 2))
    north = np.array([0.0, 1.0]) + 0.05 * rng.standard_normal((20, 2))
    vectors = np.vstack([east, north])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first = spherical_kmeans(vectors, 2, iterations=10, seed=0)
    assert (first == spherical_kmeans(vectors, 2, iterations=10, seed=0)).all()
    assert len(set(first[:20])) == len(set(first[20:])) == 1
    assert first[0] != first[20]


def test_word_classes_become_features(extractor: Extractor) -> None:
    text = "Smith argued that taxes would rise."
    att = rule_attributor(extractor.nlp(text), text, None)
    feats = document_features(att, att.build())[0]
    argued = next(k for k, w in enumerate(att.words) if w.text == "argued")
    assert f"c={word_clusters()['argued'][0]}" in feats[argued]


def test_the_network_reads_paragraphs_cut_between_sentences(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "Smith spoke first. He said taxes would rise.\n\n"
        "Jones disagreed with him. She called it a lie. Nobody answered."
    )
    doc = rule_attributor(extractor.nlp(text), text, None).doc
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1, 1, 1]
    everything = range(len(doc.sentences))
    assert sentence_groups(doc, everything) == [[0, 1], [2, 3, 4]]
    # Skipped sentences (headlines) break a group; so does the length cap.
    assert sentence_groups(doc, [0, 2, 4]) == [[0], [2], [4]]
    monkeypatch.setattr(tagger_module, "MAX_GROUP_WORDS", 11)
    assert sentence_groups(doc, everything) == [[0, 1], [2, 3], [4]]


def test_shipped_model_loads_with_the_expected_labels() -> None:
    assert MODEL_PATH.exists(), "run python -m benchmarks.train_attribution_tagger"
    assert MODEL_PATH.stat().st_size < 5_000_000  # the 80 MB budget for all shipped models
    tagger = default_tagger()
    assert tagger is not None
    assert set(tagger.labels()) <= set(LABELS)


def test_gold_labels_follow_the_annotation(extractor: Extractor) -> None:
    text = "Smith argued that taxes would rise next year."
    ann = (
        "T1\tSource 0 5\tSmith\nT2\tCue 6 12\targued\nT3\tContent 13 44\tthat taxes would rise "
        "next year\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    labels = gold_labels(att, parse_brat(ann, text))
    assert labels == ["B-SRC", "B-CUE", "B-CONT"] + ["I-CONT"] * 5 + ["O"]


@pytest.mark.parametrize(
    ("sentence", "phrase", "source"),
    [
        (
            "Many Republicans want Trump to release his tax returns before the convention.",
            "release his tax returns",
            "Many Republicans",
        ),
        (
            "Ryan has repeatedly called for a tougher stance on Russia.",
            "a tougher stance on Russia",
            "Ryan",
        ),
    ],
)
def test_learned_tagger_adds_an_unquoted_attribution_the_rules_miss(
    extractor: Extractor, sentence: str, phrase: str, source: str
) -> None:
    # Wants and calls for: PolNeAR annotates them, the rules' lexicon has no frame for them.
    text = "The senator met donors in Ohio on Monday.\n\n" + sentence
    doc = extractor.nlp(text)
    rules = Extractor.extract_from_doc(doc, text, learned=False).quotes
    both = Extractor.extract_from_doc(doc, text).quotes
    assert not quotes_covering(rules, text, phrase), [q.text for q in rules]
    found = quotes_covering(both, text, phrase)
    assert found, [q.text for q in both]
    assert found[0].type == "indirect"
    assert found[0].speaker.mention is not None and source in found[0].speaker.mention.text
    assert 0.0 < found[0].confidence < 1.0


def test_quotations_keep_their_words_when_the_tagger_runs(extractor: Extractor) -> None:
    text = (
        "“We will not give up,” Zelensky said on Friday.\n\n"
        "Putin told reporters that the talks had failed."
    )
    doc = extractor.nlp(text)
    rules = Extractor.extract_from_doc(doc, text, learned=False).quotes
    both = Extractor.extract_from_doc(doc, text).quotes
    direct = [q for q in rules if q.type == "direct"]
    assert direct
    for q in direct:  # content and cue of a quotation are never touched
        assert any(b.spans == q.spans and b.cue == q.cue for b in both), [b.text for b in both]
    assert any(b.speaker.name and "Putin" in b.speaker.name for b in both)


def _word(att: Attributor, text: str, nth: int = 0) -> int:
    return [k for k, w in enumerate(att.words) if w.text == text][nth]


def _words(att: Attributor, first: str, last: str) -> list[int]:
    return list(range(_word(att, first), _word(att, last) + 1))


def _tags(att: Attributor, *frames: TaggedFrame) -> DocTags:
    return DocTags(list(frames), [0.9] * len(att.words))


def test_a_quotation_takes_the_taggers_source_where_the_two_differ(extractor: Extractor) -> None:
    text = "Jones arrived late.\n\n“Taxes will rise,” a spokesman said on Monday."
    att = rule_attributor(extractor.nlp(text), text, None)
    [rule] = [q for q in att.build() if q.type == "direct"]
    said = _word(att, "said")
    # The tagger read the same cue with a source the rules' mention does not touch.
    other = TaggedFrame([said], [_word(att, "Jones")], _words(att, "Taxes", "rise"), 0.9)
    [changed] = refine_rule_quotes(att, [rule], _tags(att, other), resource=True)
    assert changed.spans == rule.spans and changed.cue == rule.cue
    assert changed.confidence == rule.confidence
    assert changed.speaker.mention is not None and changed.speaker.mention.text == "Jones"
    assert changed.speaker.name == "Jones"
    # Where the tagger's source overlaps the rules' mention, the rules' speaker stays.
    same = TaggedFrame([said], [_word(att, "spokesman")], _words(att, "Taxes", "rise"), 0.9)
    [kept] = refine_rule_quotes(att, [rule], _tags(att, same), resource=True)
    assert kept.speaker == rule.speaker
    [untouched] = refine_rule_quotes(att, [rule], _tags(att, other), resource=False)
    assert untouched.speaker == rule.speaker


def test_words_naming_nobody_do_not_replace_a_named_speaker(extractor: Extractor) -> None:
    # A tagged source for the same cue that names nobody ("’s stance", a frame made up
    # here for a seed sentence) used to replace the rules' Zelensky.
    text = (
        "Putin rejected the plan.\n\n"
        "Putin’s stance came after President Volodymyr Zelensky, accompanied by Macron, "
        "revealed that 26 European states were ready to offer security guarantees."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    [rule] = [q for q in att.build() if q.cue is not None and q.cue.text == "revealed"]
    assert rule.speaker.name == "Volodymyr Zelensky"
    revealed = _word(att, "revealed")
    stance = TaggedFrame([revealed], _words(att, "’s", "stance"), _words(att, "26", "states"), 0.9)
    [kept] = refine_rule_quotes(att, [rule], _tags(att, stance), resource=True)
    assert kept.speaker == rule.speaker


def test_a_learned_quote_takes_the_name_its_source_opens_with(extractor: Extractor) -> None:
    # The word heading a tagged source run can be an apposition's noun ("spokesman"), which
    # names nobody; the person the run opens with speaks, but not one behind a preposition,
    # nor a word of a heading in capitals that the NER took for a person (as it took
    # "FELLOW" in a PolNeAR dev article; forced here, this parse does not).
    text = (
        "Phil Smith, a spokesman for the United Mine Workers of America, doubted the plan "
        "would work.\n\n"
        "A spokesman for Clinton doubted the debate would happen.\n\n"
        "FELLOW DOCTORS\n\n"
        "Critics doubted the show would last."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    fellow = att.words[_word(att, "FELLOW")].entity
    assert fellow >= 0
    att.doc.entities[fellow] = replace(att.doc.entities[fellow], type="PERSON")
    for nth, (first, last, name) in enumerate(
        (("Phil", "America", "Phil Smith"), ("A", "Clinton", None), ("FELLOW", "DOCTORS", None))
    ):
        source = _words(att, first, last)
        doubted = _word(att, "doubted", nth)
        content = list(range(doubted + 1, _word(att, ".", nth)))
        frame = TaggedFrame([doubted], source, content, 0.9)
        head = tagger_module._source_head(att, source)
        assert head is not None and att.resolve_speaker(head)[0].name is None  # the case
        [learned] = tagger_module.learned_quotes(att, [], [frame])
        assert learned.quote.speaker.mention is not None
        assert learned.quote.speaker.mention.text.startswith(first)
        assert learned.quote.speaker.name == name


def test_a_source_run_wider_than_the_name_is_headed_by_the_name(extractor: Extractor) -> None:
    # PolNeAR draws sources with their apposition or relative clause; the parse may hang
    # both the name and its apposition's noun on the verb, and "who" heads its own clause.
    text = (
        "Jane Harman spoke first.\n\n"
        "Harman, now director of the Wilson International Center for Scholars, urged Obama "
        "not to close the prison.\n\n"
        "The support of John McCain, who chairs the Senate Armed Services Committee, "
        "doubted the plan would pass."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    for (first, nth), last, cue, name, period in (
        (("Harman", 1), "Scholars", "urged", "Jane Harman", 1),
        (("who", 0), "Committee", "doubted", "John McCain", 2),
    ):
        start = _word(att, first, nth)
        source = list(range(start, _word(att, last) + 1))
        verb = _word(att, cue)
        content = list(range(verb + 1, _word(att, ".", period)))
        [learned] = tagger_module.learned_quotes(
            att, [], [TaggedFrame([verb], source, content, 0.9)]
        )
        assert learned.quote.speaker.name == name, learned.quote.speaker


def test_a_learned_quote_takes_the_name_its_source_closes_with_after_titles(
    extractor: Extractor,
) -> None:
    # "Clinton's chief pollster and strategist Joel Benenson": the run opens with another
    # name's possessive, and titles stand between it and the person who speaks, also where
    # the possessor is typed a person ("Hillary Clinton's", forced: this NER types it so in
    # one parse and not in another); a name behind a preposition or the second of two people
    # does not speak for the run.
    text = (
        "Clinton's chief pollster and strategist Joel Benenson doubted the attacks would "
        "work.\n\n"
        "A senior adviser to Bernie Sanders doubted the debate would happen.\n\n"
        "Donald Trump and Senator Ted Cruz doubted the deal would last.\n\n"
        "Hillary Clinton's campaign manager Robby Mook doubted the polls would hold."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    hillary = att.words[_word(att, "Hillary")].entity
    assert hillary >= 0
    att.doc.entities[hillary] = replace(att.doc.entities[hillary], type="PERSON")
    for nth, (first, last, name) in enumerate(
        (
            ("Clinton", "Benenson", "Joel Benenson"),
            ("A", "Sanders", None),
            ("Donald", "Cruz", None),
            ("Hillary", "Mook", "Robby Mook"),
        )
    ):
        source = _words(att, first, last)
        k = att.words[source[-1]].entity
        assert k >= 0 and att.doc.entities[k].last == source[-1]  # the case: a name closes it
        att.doc.entities[k] = replace(att.doc.entities[k], type="PERSON")  # this NER: ORG
        doubted = _word(att, "doubted", nth)
        content = list(range(doubted + 1, _word(att, ".", nth)))
        frame = TaggedFrame([doubted], source, content, 0.9)
        [learned] = tagger_module.learned_quotes(att, [], [frame])
        assert learned.quote.speaker.mention is not None
        assert learned.quote.speaker.mention.text.startswith(first)
        if name is not None:
            assert learned.quote.speaker.name == name
        else:
            assert learned.quote.speaker.name in (None, "Donald Trump")
    # This parse heads the last run with "manager" and hangs Robby Mook on it in
    # apposition, so the head alone names him; the run's own reading, used where a parse
    # hangs the name elsewhere, must name him too and not stop at the possessor.
    mook = att._person_in_source(_words(att, "Hillary", "Mook"))
    assert mook is not None and mook.name == "Robby Mook"


def test_a_mixed_quote_takes_the_taggers_content_while_it_keeps_its_quotation(
    extractor: Extractor,
) -> None:
    text = "Smith said he was “kind of riding the fence” until Haley endorsed Rubio."
    att = rule_attributor(extractor.nlp(text), text, None)
    [rule] = [q for q in att.build() if q.type == "mixed"]
    assert rule.text.endswith("Rubio"), rule.text
    said = _word(att, "said")
    # The tagger ends the content at the quotation (PolNeAR's boundary in this reading).
    shorter = TaggedFrame([said], [_word(att, "Smith")], _words(att, "he", "”"), 0.9)
    [reshaped] = refine_rule_quotes(att, [rule], _tags(att, shorter), reshape=True)
    assert reshaped.type == "mixed" and reshaped.text.endswith("fence”"), reshaped.text
    assert reshaped.cue == rule.cue and reshaped.speaker == rule.speaker
    assert reshaped.confidence == rule.confidence
    # Content words without the quotation would make it indirect: the rules' quote stays.
    unquoted = TaggedFrame([said], [_word(att, "Smith")], _words(att, "until", "Rubio"), 0.9)
    [kept] = refine_rule_quotes(att, [rule], _tags(att, unquoted), reshape=True)
    assert kept.spans == rule.spans


def test_learned_frames_go_before_the_rules_indirect_quotes(extractor: Extractor) -> None:
    text = "Putin told reporters that the talks had failed.\n\nSmith is pushing for a deal by June."
    att = rule_attributor(extractor.nlp(text), text, None)
    rules = att.build()
    [rule] = [q for q in rules if q.cue is not None and q.cue.text == "told"]
    # The tagger reads the rules' attribution with other content words, and one they miss.
    read = TaggedFrame(
        [_word(att, "told")], [_word(att, "Putin")], _words(att, "that", "failed"), 0.9
    )
    pushing = TaggedFrame(
        [_word(att, "pushing")], [_word(att, "Smith")], _words(att, "for", "June"), 0.9
    )
    tags = _tags(att, read, pushing)
    merged, added = combine(att, rules, tags.frames, learned_first=True)
    assert [x.agrees for x in added] == [True, False]
    assert rule not in merged and len(merged) == len(rules) + 1
    told = [q for q in merged if q.cue is not None and q.cue.text == "told"]
    assert len(told) == 1 and told[0].text.startswith("that the talks")
    # A frame both read is right more often than one the tagger reads alone.
    assert added[0].quote.confidence > added[1].quote.confidence
    # A one-word content is a quote too (PolNeAR annotates "support Clinton"), unless a
    # longer minimum is asked for.
    short = TaggedFrame([_word(att, "pushing")], [_word(att, "Smith")], [_word(att, "deal")], 0.9)
    assert len(combine(att, rules, [short], min_words=1)[1]) == 1
    assert combine(att, rules, [short], min_words=3)[1] == []
    # Without learned_first the rules keep their words and the tagger only adds.
    merged, added = combine(att, rules, tags.frames, learned_first=False)
    assert rule in merged and [x.quote.cue.text for x in added if x.quote.cue] == ["pushing"]


@pytest.mark.slow
def test_training_script_runs_on_a_tiny_corpus(tmp_path: Path, extractor: Extractor) -> None:
    data = tmp_path / "data"
    text_dir = data / "polnear" / "train" / "text"
    ann_dir = data / "polnear" / "train" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    articles = {
        "a_2016-01-01_x": ("Smith argued that taxes would rise next year.", (0, 5, 6, 12, 13, 44)),
        "b_2016-01-02_y": ("Jones believes the race is close.", (0, 5, 6, 14, 15, 32)),
    }
    for name, (text, (s0, s1, c0, c1, t0, t1)) in articles.items():
        (text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        ann = (
            f"T1\tSource {s0} {s1}\t{text[s0:s1]}\nT2\tCue {c0} {c1}\t{text[c0:c1]}\n"
            f"T3\tContent {t0} {t1}\t{text[t0:t1]}\n"
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        )
        (ann_dir / f"{name}_ann1.ann").write_text(ann, encoding="utf-8")
    out = tmp_path / "tagger.pt"
    tiny = ["--min-word-count", "1", "--min-feature-count", "1", "--epochs", "30", "--lr", "0.02"]
    train_main(["--data-dir", str(data), "--out", str(out), "--holdout-percent", "0", *tiny])
    tagger = AttributionTagger(out)
    text = articles["a_2016-01-01_x"][0]
    att = rule_attributor(extractor.nlp(text), text, None)
    [(labels, probs)] = tagger.tag_sequences(document_features(att, att.build()))
    assert len(labels) == len(probs) == len(att.words)
    # Thirty passes over two sentences: the network has learned its training sentence.
    assert labels[:3] == ["B-SRC", "B-CUE", "B-CONT"], labels
    assert probs[0] < 0.5 < probs[4], probs


def test_learned_tagger_leaves_headlines_alone(extractor: Extractor) -> None:
    text = (
        "Putin Rejects Western “Reassurance Force” for Ukraine\n\n"
        "Putin said on Friday that any foreign troops would be legitimate targets."
    )
    quotes = extractor.extract(text).quotes
    headline_end = text.index("\n")
    assert quotes, "the body's attribution is still found"
    assert all(s >= headline_end for q in quotes for s, _ in q.spans), [q.text for q in quotes]
