"""The flat document view: entities as the rule passes see them."""

from __future__ import annotations

from app.nlp.extractor import Extractor
from app.nlp.tokens import build_doc


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
