"""The within-article people registry (``app/nlp/people.py``) on the shipped models' parses.

The NER's types are forced where a test needs one it gets wrong on real articles (a
surname typed a place), so the registry's handling is tested whatever this parse says.
"""

from __future__ import annotations

from dataclasses import replace

from app.nlp.extractor import Extractor, rule_attributor
from app.nlp.people import PeopleRegistry
from app.nlp.quotes import find_quotations, quoted_mask
from app.nlp.tokens import Doc, build_doc
from app.nlp.types import Quote, Speaker
from tests.nlp.conftest import quotes_covering


def _doc(extractor: Extractor, text: str) -> Doc:
    return build_doc(extractor.nlp(text), text)


def _registry(doc: Doc) -> PeopleRegistry:
    return PeopleRegistry(doc, quoted_mask(doc.text, find_quotations(doc.text)))


def _entity(doc: Doc, text: str, nth: int = 0) -> int:
    return [k for k, e in enumerate(doc.entities) if e.text == text][nth]


def _retype(doc: Doc, k: int, entity_type: str) -> None:
    doc.entities[k] = replace(doc.entities[k], type=entity_type)


def _name_of(registry: PeopleRegistry, doc: Doc, k: int) -> str | None:
    cluster = registry.cluster_of_word(doc.entities[k].first)
    return None if cluster is None else registry.clusters[cluster].name


def _speaker(quotes: list[Quote], text: str, phrase: str) -> Speaker:
    """The speaker of the one quote holding ``phrase``."""
    [quote] = quotes_covering(quotes, text, phrase)
    return quote.speaker


def test_a_surname_typed_a_place_joins_the_person_of_that_name(extractor: Extractor) -> None:
    # In one PolNeAR train article the NER typed "Cruz" a place thirty times and "Ted Cruz"
    # a person once; the surname mentions named nobody, so "he" went to Marco Rubio.
    text = (
        "Sen. Ted Cruz spoke in Iowa on Monday. Marco Rubio spoke in Ohio.\n\n"
        "Cruz said the plan would fail. Cruz repeated it."
    )
    doc = _doc(extractor, text)
    for nth in (0, 1):
        _retype(doc, _entity(doc, "Cruz", nth), "LOC")
    registry = _registry(doc)
    assert _name_of(registry, doc, _entity(doc, "Cruz", 0)) == "Ted Cruz"
    assert _name_of(registry, doc, _entity(doc, "Cruz", 1)) == "Ted Cruz"
    # A title makes a person even of a name the NER typed otherwise everywhere.
    _retype(doc, _entity(doc, "Ted Cruz"), "LOC")
    assert _name_of(_registry(doc), doc, _entity(doc, "Cruz", 0)) == "Ted Cruz"


def test_a_stray_person_tag_or_a_modifier_does_not_make_a_person(extractor: Extractor) -> None:
    # One stray person tag ("France" in a headline) must not turn the country into a person
    # wherever it is named; a name modifying another noun ("Cruz backers") is not a mention
    # of the person either.
    text = (
        "France rejected the plan on Monday. France said it would wait. France and Spain "
        "agreed. Ted Cruz spoke.\n\n"
        "Cruz backers stood quietly."
    )
    doc = _doc(extractor, text)
    _retype(doc, _entity(doc, "France", 0), "PERSON")
    _retype(doc, _entity(doc, "France", 1), "LOC")
    _retype(doc, _entity(doc, "France", 2), "LOC")
    cruz = _entity(doc, "Cruz")
    _retype(doc, cruz, "MISC")
    registry = _registry(doc)
    assert _name_of(registry, doc, _entity(doc, "France", 1)) is None
    assert doc.words[doc.entities[cruz].first + 1].text == "backers"
    assert _name_of(registry, doc, cruz) is None


def test_a_surname_that_is_a_title_word_is_the_person_named_before(extractor: Extractor) -> None:
    # "King" is a title word, so the bare surname had no name left and named nobody.
    text = (
        "New York Congressman Pete King spoke to reporters afterwards.\n\n"
        "“It was not a terrorist attack,” King said."
    )
    speaker = _speaker(extractor.extract(text).quotes, text, "It was not a terrorist attack")
    assert speaker.mention is not None and speaker.mention.text == "King"
    assert speaker.name == "Pete King"


def test_a_definite_description_refers_back_to_the_newsmaker(extractor: Extractor) -> None:
    # "the senator" with nothing after it reads like "he": the person just named, though
    # not a plural, nor a description followed by what makes it someone new.
    text = (
        "Marco Rubio spoke in Manchester on Monday.\n\n"
        "The senator said his campaign was closing strong.\n\n"
        "The candidates said they would debate on Thursday.\n\n"
        "Marco Rubio left for Boston.\n\n"
        "The senator from Ohio said the race was far from over."
    )
    doc = extractor.nlp(text)
    att = rule_attributor(doc, text, None)
    people = att.people
    heads = [k for k, w in enumerate(att.words) if w.text in ("senator", "candidates")]
    assert len(heads) == 3
    assert [
        None if (c := people.resolve_description(k)) is None else people.clusters[c].name
        for k in heads
    ] == ["Marco Rubio", None, None]


def test_religious_and_legislative_titles_are_roles_not_part_of_the_name(
    extractor: Extractor,
) -> None:
    # "Rabbi Rick Jacobs" and "Pastor Kevin Swanson" were canonical names, so a search for
    # Rick Jacobs missed them; a title alone ("Pastor" in a headline) is the one bearer.
    text = (
        "Rabbi Rick Jacobs spoke at the memorial on Monday.\n\n"
        "Pastor Kevin Swanson said the scouts were wrong.\n\n"
        "Pastor said more on his radio show."
    )
    doc = _doc(extractor, text)
    registry = _registry(doc)
    assert _name_of(registry, doc, _entity(doc, "Rabbi Rick Jacobs")) == "Rick Jacobs"
    swanson = registry.cluster_of_word(doc.entities[_entity(doc, "Pastor Kevin Swanson")].first)
    assert swanson is not None
    assert registry.clusters[swanson].name == "Kevin Swanson"
    assert "Pastor" in registry.clusters[swanson].roles
    lone = _entity(doc, "Pastor")  # the NER takes the lone title for a name
    assert registry.cluster_of_word(doc.entities[lone].first) == swanson


def test_a_pronoun_far_from_any_name_means_what_the_pronoun_before_it_meant(
    extractor: Extractor,
) -> None:
    # A profile names its subject once and then says "he" for paragraphs; the quote's "he"
    # stands more than three sentences after the name and named nobody.  A "she" finds no
    # woman in the chain and stays unnamed.
    text = (
        "John Harris took command of the fleet in May. He flew jets over the Gulf. "
        "He studied ethics at Oxford. He served in Asia for a decade.\n\n"
        "The weather was mild. Ships came and went. Trade grew. Storms passed.\n\n"
        "“We must communicate clearly,” he said.\n\n"
        "“We will see,” she said."
    )
    quotes = extractor.extract(text).quotes
    his = _speaker(quotes, text, "We must communicate clearly")
    assert his.mention is not None and his.mention.text == "he"
    assert his.name == "John Harris"
    assert _speaker(quotes, text, "We will see").name is None


def test_an_honorific_outside_the_name_tells_two_people_of_one_surname_apart(
    extractor: Extractor,
) -> None:
    # The NER tags "Clinton" without "Mr."; the surname went to the Clinton named last.
    text = (
        "Bill Clinton spoke in Ohio on Monday. Hillary Clinton spoke in Iowa. Mr. Clinton "
        "said the economy was strong. Mrs. Clinton said the plan would work."
    )
    registry = _registry(_doc(extractor, text))
    found = registry.find_by_name("Mrs. Clinton")
    assert found is not None and registry.clusters[found].name == "Hillary Clinton"
    quotes = extractor.extract(text).quotes
    (his,) = quotes_covering(quotes, text, "the economy was strong")
    (hers,) = quotes_covering(quotes, text, "the plan would work")
    assert (his.speaker.name, hers.speaker.name) == ("Bill Clinton", "Hillary Clinton")


def test_he_after_a_report_means_the_one_reporting_not_the_one_reported_on(
    extractor: Extractor,
) -> None:
    # Both men are subjects in the sentence before the pronoun; Harris only of the clause
    # Kennedy reports, and the later of the two, so recency alone chose him.
    text = (
        "Lib Dem leader Charles Kennedy said John Harris was in a privileged position. "
        "“There is a reservoir of goodwill in this country,” he added."
    )
    quotes = extractor.extract(text).quotes
    added = _speaker(quotes, text, "There is a reservoir of goodwill")
    assert added.mention is not None and added.mention.text == "he"
    assert added.name == "Charles Kennedy"


def test_a_first_name_tells_who_he_is_where_nothing_else_does(extractor: Extractor) -> None:
    # Neither first name is on the hand-made lists; both people were of unknown sex and
    # "he" went to the one named last.  The shipped first-name table knows them.
    text = (
        "Kanye West and Alicia Keys spoke at the show on Friday. “Anytime I hear about an "
        "accident my heart sinks,” he said. “We will be back,” she said."
    )
    quotes = extractor.extract(text).quotes
    assert _speaker(quotes, text, "my heart sinks").name == "Kanye West"
    assert _speaker(quotes, text, "We will be back").name == "Alicia Keys"


def test_a_place_and_a_party_is_nobody(extractor: Extractor) -> None:
    # "Orlando Democrat": a person to the NER, and a man's first name to the first-name
    # table, so it outranked Alan Grayson for "he".
    text = "Alan Grayson, an Orlando Democrat, spoke on Monday. Grayson said he would run."
    doc = _doc(extractor, text)
    party = [k for k, e in enumerate(doc.entities) if e.text.endswith("Democrat")]
    for k in party:
        _retype(doc, k, "PERSON")
    registry = _registry(doc)
    assert party and all(_name_of(registry, doc, k) is None for k in party)


def test_occupations_and_police_ranks_before_a_name_are_roles(extractor: Extractor) -> None:
    # BBC text puts the occupation before the name as a title ("Guitarist Brian May",
    # "Chief Constable David Warcup"); the NER takes it into the name.
    text = (
        "Guitarist Brian May has said he expects to be on the road in April. Assistant "
        "Chief Constable David Warcup said all negotiations had gone well."
    )
    names = [q.speaker.name for q in extractor.extract(text).quotes]
    assert names == ["Brian May", "David Warcup"]


def test_he_after_an_unnamed_speaker_is_no_one_named_before(extractor: Extractor) -> None:
    # Wire copy quotes people it never names ("a spokesman", "trade sources"); the pronoun
    # after them went to whoever was named last, and a search by that name found words
    # somebody else said.
    text = (
        "Donald Trump said the wall would be built. A spokesman for the campaign said the "
        "plan was ready.\nHe added that Mexico would pay.\n\n"
        "A Federal Reserve spokesman said there were no large misses in the projections.\n"
        "He said that float had been acting strangely.\n"
        "The spokesman said that the reserves were high.\n\n"
        "The rebates at the EC sugar tender were a concession to producers, trade sources "
        "said.\nThey said the maximum rebate was too low."
    )
    quotes = extractor.extract(text).quotes
    added = _speaker(quotes, text, "Mexico would pay")
    assert added.mention is not None and added.mention.text == "He"
    assert added.name is None
    # Speaking for a body, the spokesman is that body, as his own quote says.
    assert _speaker(quotes, text, "float had been").name == "Federal Reserve"
    assert _speaker(quotes, text, "reserves were high").name == "Federal Reserve"
    assert _speaker(quotes, text, "maximum rebate").name is None


def test_a_body_keeps_one_name_however_the_report_calls_it(extractor: Extractor) -> None:
    # Wire copy: the name in a capitalised headline, a short name in brackets, then "the
    # bank" or "the Treasury" for paragraphs; each used to be a body of its own, or nobody.
    text = (
        "LLOYDS BANK PULLS OUT OF GILTS\n"
        "Lloyds Bank said it is withdrawing from market making in gilts.\n"
        "The bank said the decision was taken at a board meeting.\n\n"
        "The Federal Election Commission (FEC) said the filing was late.\n"
        "The FEC said it would act.\n\n"
        "The Italian Treasury said the requirement totalled 40,100 billion lire.\n"
        "The Treasury said revenues rose."
    )
    quotes = extractor.extract(text).quotes
    assert _speaker(quotes, text, "withdrawing from market").name == "Lloyds Bank"
    bank = _speaker(quotes, text, "decision was taken")
    assert bank.mention is not None and bank.mention.text == "The bank"
    assert bank.name == "Lloyds Bank"
    assert _speaker(quotes, text, "it would act").name == "Federal Election Commission"
    assert _speaker(quotes, text, "revenues rose").name == "Italian Treasury"


def test_he_after_a_description_is_still_the_named_person(extractor: Extractor) -> None:
    # A definite description refers back ("the Florida senator"), and the subject of a
    # reported clause seldom speaks next ("the person"): neither is an unnamed speaker.
    text = (
        "Marco Rubio spoke in Miami on Tuesday. The Florida senator sought to calm his "
        "supporters, saying the person would not get beat up.\n"
        "He said that he would offer a prayer for the nominee."
    )
    quotes = extractor.extract(text).quotes
    assert _speaker(quotes, text, "offer a prayer").name == "Marco Rubio"
