"""The flat document view: entities as the rule passes see them."""

from __future__ import annotations

from app.nlp.extractor import Extractor
from app.nlp.tokens import build_doc
from tests.nlp.conftest import quotes_covering


def test_a_hyphenated_surname_the_ner_cut_in_two_is_one_name(extractor: Extractor) -> None:
    # The tokenizer splits "Lopez-Cantera" at the hyphen and this NER tags "Carlos Lopez"
    # and "Cantera" apart.  A full name takes its part back, and so does the bare surname
    # once the article spelled it so; two one-word names joined by a hyphen stay two
    # ("the Clinton-Kaine ticket", "the Dodd-Frank law"), as do two full names.
    text = (
        "Florida Lt. Gov. Carlos Lopez-Cantera announced his run on Monday. Lopez-Cantera "
        "said the Clinton-Kaine ticket would lose, and Douglas Holtz-Eakin agreed. The "
        "Dodd-Frank law stays, Muhammad Ali-Joe Frazier fans said."
    )
    doc = build_doc(extractor.nlp(text), text)
    names = [e.text for e in doc.entities if e.is_person]
    for name in ("Carlos Lopez-Cantera", "Lopez-Cantera", "Douglas Holtz-Eakin"):
        assert name in names, names
    for two in ("Clinton", "Kaine", "Dodd", "Frank", "Muhammad Ali", "Joe Frazier"):
        assert two in names, names
    for e in doc.entities:
        assert all(doc.words[k].entity == doc.entities.index(e) for k in range(e.first, e.last + 1))


def test_a_state_or_month_abbreviation_is_nobody(extractor: Extractor) -> None:
    # This NER tags "Mich." of a hometown and "Feb." of a date as a person and an
    # organisation; the rules took "Mich." as the nearest speaker left of "said".
    text = (
        "Cory James, 22, of Flint, Mich., said he had not given up hope that Sanders could "
        "pull a convention surprise. On the morning of Feb. 28 Trump jumped onto Twitter."
    )
    doc = build_doc(extractor.nlp(text), text)
    names = [e.text for e in doc.entities if e.is_person or e.is_org]
    assert "Mich." not in names and "Feb." not in names, names
    (quote,) = quotes_covering(extractor.extract(text).quotes, text, "he had not given up")
    assert quote.speaker.name == "Cory James"


def test_a_name_the_ner_cut_at_a_middle_initial_is_one_name(extractor: Extractor) -> None:
    # This NER tags "Representative Charles" and "B. Rangel" apart; the speaker was
    # "Charles".
    text = "''It is a shame,'' said Representative Charles B. Rangel of New York."
    doc = build_doc(extractor.nlp(text), text)
    assert "Representative Charles B. Rangel" in [e.text for e in doc.entities if e.is_person]
    (quote,) = extractor.extract(text).quotes
    assert quote.speaker.name == "Charles B. Rangel"


def test_the_surname_may_is_part_of_the_name_not_a_month(extractor: Extractor) -> None:
    # This NER leaves "May" out of "Theresa May" (a month to it); the speaker was
    # "Theresa", and "Mrs May" later named nobody.
    text = (
        "British Prime Minister Theresa May said the deal was good. "
        '"We will leave," Mrs May said. Hillary Clinton May 3 said the plan would work.'
    )
    doc = build_doc(extractor.nlp(text), text)
    persons = [e.text for e in doc.entities if e.is_person]
    assert "Theresa May" in persons
    assert not any("May 3" in p for p in persons)  # a date stays a date
    quotes = extractor.extract(text).quotes
    assert [q.speaker.name for q in quotes[:2]] == ["Theresa May", "Theresa May"]


def test_a_suffix_alone_is_nobody(extractor: Extractor) -> None:
    # "Robert Evans Jr" in BBC text: this NER tags "Jr" a person of its own, who then spoke.
    text = "Mr Evans battled over his role, Jr said on Monday."
    doc = build_doc(extractor.nlp(text), text)
    assert "Jr" not in [e.text for e in doc.entities]
