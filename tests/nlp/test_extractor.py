"""The extractor end to end on the seed articles, with the real (shipped) Stanza models.

The seed gold names each quote by a distinctive substring; a quote counts as found when a
predicted quote's spans cover at least half of that substring (the scorer's rule).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.nlp.extractor import Extractor
from app.nlp.people import Cluster
from app.nlp.types import ArticleText, Extraction
from benchmarks.attribution_scoring import (
    SeedArticle,
    load_seeds,
    match_seed_quote,
    score_seed,
    seed_false_quotes,
    spans_overlap,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def seeds() -> list[SeedArticle]:
    return load_seeds(FIXTURES / "seeds", FIXTURES / "seeds-gold.json")


@pytest.fixture(scope="module")
def extractions(extractor: Extractor, seeds: list[SeedArticle]) -> dict[str, Extraction]:
    return {a.name: extractor.extract(a.text, title=a.title) for a in seeds}


def test_every_direct_seed_quote_has_the_right_speaker(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    misses = []
    for article in seeds:
        for res in score_seed(article, extractions[article.name].quotes):
            expected = next(q for q in article.quotes if q.content == res.content)
            if expected.type == "direct" and not (res.found and res.speaker_right):
                misses.append((res.content, res.expected_speaker, res.predicted_speaker))
    assert misses == []


def test_every_seed_quote_found_with_the_right_speaker(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    misses = [
        (res.content, res.expected_speaker, res.predicted_speaker)
        for article in seeds
        for res in score_seed(article, extractions[article.name].quotes)
        if not (res.found and res.speaker_right)
    ]
    assert misses == []


def test_direct_quotes_are_typed_direct(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    for article in seeds:
        for expected in article.quotes:
            if expected.type != "direct":
                continue
            q = match_seed_quote(article.text, expected, extractions[article.name].quotes)
            assert q is not None and q.type == "direct", expected.content


def test_headline_scare_quotes_and_share_buttons_are_not_quotes(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    for article in seeds:
        quotes = extractions[article.name].quotes
        assert seed_false_quotes(article, quotes) == []
        for q in quotes:
            assert all(0 <= s < e <= len(article.text) for s, e in q.spans)
            # Titles and names in quotation marks are not speech on their own.
            assert not (q.type == "direct" and q.text.strip(" ,.").lower() == "reassurance force")
            assert "share" not in q.text.lower()


def test_peskov_is_not_credited_with_putins_words(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    for article in seeds:
        text = article.text
        putin = [q for q in article.quotes if q.speaker == "Vladimir Putin"]
        for q in extractions[article.name].quotes:
            if q.speaker.name != "Dmitry Peskov":
                continue
            for expected in putin:
                start = text.find(expected.content)
                span = (start, start + len(expected.content))
                assert not spans_overlap([span], q.spans), expected.content


def test_people_have_canonical_names_roles_and_aliases(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    people = {p.name: p for e in extractions.values() for p in e.people}
    for name, aliases in seeds[0].people.items():
        assert name in people, name
        seen = {
            a for e in extractions.values() for p in e.people if p.name == name for a in p.aliases
        }
        # Each gold alias outside quotations should be known for the person.
        known = [a for a in aliases if a in seen or a == name]
        assert known, (name, aliases, seen)
    putin = people["Vladimir Putin"]
    assert any("President" in r for r in putin.roles)


def test_events_and_quote_context(
    seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    names = {e.name for x in extractions.values() for e in x.events}
    for event in seeds[0].events:
        assert any(event in n for n in names), (event, names)
    for article in seeds:
        for q in extractions[article.name].quotes:
            assert 0.0 <= q.confidence <= 1.0
            assert q.context is not None
            assert all(q.context.start <= s and e <= q.context.end for s, e in q.spans)


def test_extract_many_matches_extract(
    extractor: Extractor, seeds: list[SeedArticle], extractions: dict[str, Extraction]
) -> None:
    article = seeds[0]
    (bulk,) = extractor.extract_many([ArticleText(article.text, None, article.title)])
    single = extractions[article.name]
    assert [(q.spans, q.speaker.name) for q in bulk.quotes] == [
        (q.spans, q.speaker.name) for q in single.quotes
    ]
    assert extractor.extract_many([ArticleText("   ")])[0].quotes == []


def test_a_role_in_apposition_stops_before_the_next_quotation(extractor: Extractor) -> None:
    # The parse hung the second quotation's opening mark on the apposition; the role was
    # "economist at the university, “".
    text = (
        "“The risk,” said Edward Leamer, an economist at the university, “is that we are "
        "going to be attracting workers and repelling jobs.”"
    )
    people = {p.name: p for p in extractor.extract(text).people}
    assert people["Edward Leamer"].roles == ["economist at the university"]


def test_state_and_county_titles_are_roles_not_part_of_the_name(extractor: Extractor) -> None:
    # "Delegate" stayed in the name and "the state treasurer" gave no role.
    text = (
        "“We will not raise taxes,” said Maria Lopez, the state treasurer.\n\n"
        "“We will win,” said Delegate Stacey Plaskett."
    )
    people = {p.name: p for p in extractor.extract(text).people}
    assert people["Maria Lopez"].roles == ["state treasurer"], people
    assert people["Stacey Plaskett"].roles == ["Delegate"], people


def test_a_role_loses_its_dashes_and_article() -> None:
    person = Cluster("John Dickey", "person", ["John", "Dickey"])
    person.add_role("-- the head of the production company")
    person.add_role("The head of the production company,")
    assert person.roles == ["head of the production company"]


def test_she_skips_a_nearer_man_known_by_his_first_name(extractor: Extractor) -> None:
    # Only female first names gave a gender, so "She" went to the nearer President Obama.
    text = (
        "Clinton visited the memorial on Thursday.\n\n"
        "Members of the conservative press accused Hillary Clinton of implying police "
        "officers were racist, something President Barack Obama indicated earlier.\n\n"
        "She also sent a tweet saying she would put new guidelines in place."
    )
    quotes = extractor.extract(text).quotes
    start = text.index("she would put")
    found = [q for q in quotes if any(s <= start < e for s, e in q.spans)]
    assert [q.speaker.name for q in found] == ["Hillary Clinton"]
