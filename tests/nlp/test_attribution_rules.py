"""Attribution rules on short texts, parsed with the shipped models.

Each case is a pattern PolNeAR annotates one way and the rules used to get wrong: a nested
attribution inside another's content, a "that" inside the reported clause, a quotation that
carries on in the next paragraph.
"""

from __future__ import annotations

from app.nlp.extractor import Extractor, rule_attributor
from app.nlp.types import Quote
from tests.nlp.conftest import quotes_covering


def test_a_nested_attribution_stays_inside_the_outer_content(extractor: Extractor) -> None:
    text = (
        "The Pentagon spokesman told reporters on Tuesday that Carter believes his use of "
        "personal email for work was a mistake."
    )
    quotes = extractor.extract(text).quotes
    outer = quotes_covering(quotes, text, "Carter believes his use of personal email")
    assert outer, [q.text for q in quotes]
    assert outer[0].cue is not None and outer[0].cue.text == "told"


def test_a_nested_frame_that_quotes_someone_is_a_quote_of_its_own(
    extractor: Extractor,
) -> None:
    text = (
        "Asked about the Senate bill, the moderator noted that New Jersey Gov. Chris "
        'Christie said, "I feel like I need a Washington-to-English converter."'
    )
    quotes = extractor.extract(text).quotes
    outer = quotes_covering(quotes, text, "that New Jersey Gov. Chris Christie said")
    assert outer and outer[0].cue is not None and outer[0].cue.text == "noted"
    inner = [
        q
        for q in quotes_covering(quotes, text, "I feel like I need")
        if q.cue is not None and q.cue.text == "said"
    ]
    assert len(inner) == 1, [(q.text, q.cue) for q in quotes]
    assert inner[0].type == "direct" and inner[0].speaker.name == "Chris Christie"


def test_that_after_a_verb_is_inside_the_reported_clause(extractor: Extractor) -> None:
    text = (
        "Smith says he opposes gun violence but that the president's plans will not help "
        "prevent it."
    )
    quotes = extractor.extract(text).quotes
    assert quotes_covering(quotes, text, "he opposes gun violence but that the president"), [
        q.text for q in quotes
    ]


def test_a_quotation_opening_the_next_paragraph_joins_the_previous_quote(
    extractor: Extractor,
) -> None:
    text = (
        "“Ted Cruz is the best conservative candidate since Ronald Reagan,” Richard Viguerie "
        "told reporters on Monday.\n\n"
        "“He is what we have waited for ever since Reagan. He checks all our boxes.”\n\n"
        "The campaign did not comment."
    )
    quotes = extractor.extract(text).quotes
    first = quotes_covering(quotes, text, "Ted Cruz is the best conservative candidate")
    assert len(first) == 1
    assert quotes_covering(quotes, text, "He checks all our boxes") == first
    assert first[0].speaker.name is not None and "Viguerie" in first[0].speaker.name


def test_a_continuation_finds_its_quote_in_a_long_article(extractor: Extractor) -> None:
    # The first quote is drafted from a frame; the fifty-five later frames used to push it
    # out of the short list of recent drafts that the floating quotation's lookup searched.
    later = "\n\n".join(
        f"Jones said that question {k} has a good answer for the voters." for k in range(55)
    )
    text = (
        "Hillary Clinton said: “This is your campaign and it breaks down every barrier.”\n\n"
        "“We are going to build ladders of opportunity in their place.”\n\n" + later
    )
    quotes = extractor.extract(text).quotes
    first = quotes_covering(quotes, text, "This is your campaign")
    assert len(first) == 1
    assert quotes_covering(quotes, text, "We are going to build ladders") == first


def test_a_second_speaker_after_a_comma_keeps_their_own_quote(extractor: Extractor) -> None:
    # "President Trump hinted" opens a clause of its own; the title is part of the speaker.
    text = (
        "While Macron said U.S. involvement would be clarified in the coming days, President "
        "Trump hinted that American support would likely come via air cover."
    )
    quotes = extractor.extract(text).quotes
    hinted = quotes_covering(quotes, text, "American support would likely come via air cover")
    assert hinted, [q.text for q in quotes]
    assert hinted[0].speaker.name is not None and "Trump" in hinted[0].speaker.name


def test_a_poll_share_is_a_source(extractor: Extractor) -> None:
    text = (
        "The poll was taken in March. Around that time, 47 percent said they would vote for "
        "Hillary Clinton in November."
    )
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "they would vote for Hillary Clinton")
    assert found, [q.text for q in quotes]
    mention = found[0].speaker.mention
    assert mention is not None and "percent" in mention.text


def test_told_with_a_short_addressee_and_no_that(extractor: Extractor) -> None:
    text = "Pate also told Politico he would support Hillary Clinton in a general election."
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "he would support Hillary Clinton")
    assert found, [q.text for q in quotes]
    # The learned tagger's cue, which goes first, may take an adverb as PolNeAR's do.
    assert found[0].cue is not None and found[0].cue.text in ("told", "also told")


def test_a_name_in_apposition_before_the_cue_speaks(extractor: Extractor) -> None:
    text = "One Republican presidential hopeful, Carly Fiorina, says she plans to root for Iowa."
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "she plans to root for Iowa")
    assert found, [q.text for q in quotes]
    assert found[0].speaker.name is not None and "Fiorina" in found[0].speaker.name


def test_a_dash_credit_after_the_quotation_names_the_speaker(extractor: Extractor) -> None:
    text = (
        "Readers wrote in after the debate.\n\n"
        "“He is ignorant of our culture and of the lives we lead.” ― Sonya Herridge\n"
        "“Trump must stop portraying Latinos as dangerous gangsters.” ― Carla Sanchez"
    )
    quotes = extractor.extract(text).quotes
    second = quotes_covering(quotes, text, "Trump must stop portraying Latinos")
    assert len(second) == 1 and second[0].speaker.name == "Carla Sanchez"
    first = quotes_covering(quotes, text, "He is ignorant of our culture")
    assert len(first) == 1 and first[0].speaker.name == "Sonya Herridge"


def test_a_hyphen_credit_on_the_line_below_names_the_speaker(extractor: Extractor) -> None:
    # Fact-check roundups set each claim as a paragraph with its credit under it.
    text = (
        "Clinton leads in the polls.\n\n"
        '"Boeing and GE and other multinationals pay zero taxes." - Sanders.\n\n'
        '"We are going to enter the next recession without that consensus."\n\n'
        "- Bernie Sanders."
    )
    quotes = extractor.extract(text).quotes
    for words in ("Boeing and GE", "We are going to enter"):
        found = quotes_covering(quotes, text, words)
        assert len(found) == 1 and found[0].speaker.name == "Bernie Sanders", words
        assert "Boeing" not in found[0].text or "recession" not in found[0].text


def test_a_party_and_state_tag_is_not_a_person_nor_an_antecedent(extractor: Extractor) -> None:
    text = (
        "Senate Majority Leader Mitch McConnell, R-Ky., spoke on Tuesday. House Speaker Paul "
        "Ryan, R-Wis., said he believes the victims need to have their day in court."
    )
    extraction = extractor.extract(text)
    names = {p.name for p in extraction.people}
    assert "Ky." not in names and "Wis." not in names and "R" not in names, names
    # "he" is Ryan, the subject of the governing clause, not McConnell from the sentence
    # before (whose tag "R-Ky." used to be a person named "Ky.").
    quotes = quotes_covering(extraction.quotes, text, "the victims need to have their day")
    assert quotes and {q.speaker.name for q in quotes} == {"Paul Ryan"}


def test_a_second_speech_verb_of_the_same_speaker_is_its_own_quote(
    extractor: Extractor,
) -> None:
    text = (
        "Authorities announced on Friday the arrest of a man in the shooting and said a "
        "curfew would continue through the weekend."
    )
    quotes = extractor.extract(text).quotes
    curfew = quotes_covering(quotes, text, "a curfew would continue through the weekend")
    assert curfew and curfew[0].cue is not None and curfew[0].cue.text == "said"


def test_a_speaker_interrupting_the_clause_keeps_both_halves(extractor: Extractor) -> None:
    text = (
        "The top 1 percent would see an average tax cut of $275,000, the group said, "
        "compared with $2,700 for those in the middle of the income spectrum."
    )
    # The rules' answer: the learned tagger may still trim it, as PolNeAR's annotators vary.
    quotes = extractor.extract_from_doc(extractor.nlp(text), text, learned=False).quotes
    both = quotes_covering(quotes, text, "The top 1 percent would see an average tax cut")
    assert both and both == quotes_covering(quotes, text, "compared with $2,700"), [
        q.text for q in quotes
    ]


def test_an_inverted_cue_with_a_long_apposition_still_closes_the_sentence(
    extractor: Extractor,
) -> None:
    text = (
        "Its first national television ad could start this week, said Brian Baker, a "
        "longtime political adviser to the Ricketts family who oversees the super PAC's "
        "campaign."
    )
    quotes = extractor.extract(text).quotes
    (ad,) = quotes_covering(quotes, text, "Its first national television ad could start")
    assert ad.speaker.name == "Brian Baker"


def test_a_thought_verb_opening_the_reported_clause_is_part_of_it(
    extractor: Extractor,
) -> None:
    text = (
        "Campaign manager Kellyanne Conway said she expects the campaign to keep calling out "
        "examples of media bias."
    )
    quotes = extractor.extract(text).quotes
    (quote,) = quotes_covering(quotes, text, "expects the campaign to keep calling out")
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker.name == "Kellyanne Conway"
    assert not [q for q in quotes if q.cue is not None and q.cue.text == "expects"]


def test_the_name_ending_an_according_to_phrase_is_the_source(extractor: Extractor) -> None:
    # The tagger reads "talk" as a verb: it neither opens a quote of its own nor ends the
    # source phrase before the name.
    text = (
        "According to conservative talk radio host Rush Limbaugh, the move reeks of fear "
        "and desperation."
    )
    quotes = extractor.extract(text).quotes
    (quote,) = quotes
    assert quote.cue is not None and quote.cue.text == "According to"
    assert quote.speaker.name == "Rush Limbaugh"
    assert quote.text.startswith("the move reeks of fear")


def test_a_headline_colon_after_a_name_from_the_body_is_an_attribution(
    extractor: Extractor,
) -> None:
    # The NER misses "Rush Limbaugh" in the title-case headline; the body introduces him.
    text = (
        "Rush Limbaugh: Hillary Asking Moderator To Fact Check Trump ‘Reeks of Fear.’\n\n"
        "Hillary Clinton’s campaign has asked the moderator to fact check Donald Trump. "
        "Conservative radio host Rush Limbaugh criticised the move on Monday."
    )
    quotes = extractor.extract(text).quotes
    (headline,) = quotes_covering(quotes, text, "Asking Moderator To Fact Check")
    assert headline.cue is not None and headline.cue.text == ":"
    assert headline.speaker.name == "Rush Limbaugh"


def test_a_headline_label_or_poll_is_not_a_person(extractor: Extractor) -> None:
    text = (
        "The Latest: Cruz to give away engraved shotgun\n\n"
        "Poll: Clinton and Trump in dead heat heading into first debate\n\n"
        "Hillary Clinton and Donald Trump are virtually tied, and Ted Cruz said he would "
        "give away a shotgun."
    )
    quotes = extractor.extract(text).quotes
    assert not quotes_covering(quotes, text, "Cruz to give away engraved shotgun")
    (poll,) = quotes_covering(quotes, text, "Clinton and Trump in dead heat")
    assert poll.speaker.name is None
    assert poll.speaker.mention is not None and poll.speaker.mention.text == "Poll"


def test_the_word_before_the_cue_modifying_the_subject_is_not_the_speaker(
    extractor: Extractor,
) -> None:
    text = "The chairman of the House Intelligence Committee said the report was accurate."
    (quote,) = extractor.extract(text).quotes
    assert quote.speaker.name != "House Intelligence Committee"
    assert quote.speaker.mention is not None
    assert quote.speaker.mention.text.startswith("The chairman")


def test_any_verb_glued_to_a_quotation_with_a_name_is_its_attribution(
    extractor: Extractor,
) -> None:
    text = (
        "“France is no longer France,” Trump claimed.\n\n"
        "“France will always be France,” an angry Hollande retaliated."
    )
    quotes = extractor.extract(text).quotes
    second = quotes_covering(quotes, text, "France will always be France")
    assert len(second) == 1
    assert second[0].speaker.name is not None and "Hollande" in second[0].speaker.name
    assert second[0].cue is not None and second[0].cue.text == "retaliated"


def test_a_split_quote_goes_on_past_a_title_and_in_a_short_sentence(
    extractor: Extractor,
) -> None:
    text = (
        "“I have always said that I expect to be vetted,” Carson said on “Meet the Press.” "
        "“But being vetted and lying are not the same thing.”\n\n"
        "“They sue,” Trump said. “Everybody sues, right?”"
    )
    quotes = extractor.extract(text).quotes
    carson = quotes_covering(quotes, text, "I have always said")
    assert len(carson) == 1
    assert quotes_covering(quotes, text, "But being vetted and lying") == carson
    trump = quotes_covering(quotes, text, "They sue")
    assert len(trump) == 1
    assert quotes_covering(quotes, text, "Everybody sues, right?") == trump


def test_a_name_the_ner_missed_before_a_colon_credits_the_quotation(
    extractor: Extractor,
) -> None:
    text = (
        "Jeb Bush and Hillary Clinton, among others, reject the term containment.\n\n"
        'Clinton: "Our goal is not to deter or contain ISIS, but to defeat and destroy ISIS." '
        'Bush: "The mission is to destroy ISIS -- not to contain it."'
    )
    quotes = extractor.extract(text).quotes
    (bush,) = quotes_covering(quotes, text, "The mission is to destroy ISIS")
    assert bush.speaker.name == "Jeb Bush"


def test_adding_after_a_quotation_opens_an_attribution_of_its_own(
    extractor: Extractor,
) -> None:
    text = (
        "To wit, Trump told Newsmax that Mitt Romney “had a crazy policy of self-deportation "
        "which was maniacal,” adding, “He lost all of the Latino vote.”\n\n"
        "“The city has been drinking lead-contaminated water,” she said, adding, “I’ll tell "
        "you what, this would not happen in a rich suburb.”"
    )
    quotes = extractor.extract(text).quotes
    (told,) = quotes_covering(quotes, text, "had a crazy policy")
    assert told.cue is not None and told.cue.text == "told"
    assert "Latino" not in told.text and told.text.endswith("”")
    (added,) = quotes_covering(quotes, text, "He lost all of the Latino vote")
    assert added.cue is not None and added.cue.text == "adding"
    assert added.speaker.name == told.speaker.name
    # "she said, adding, “…”": one quote, not a second one whose content is "adding, “…”".
    assert len(quotes_covering(quotes, text, "this would not happen in a rich suburb")) == 1


def test_rows_of_short_unpunctuated_lines_report_nobody(extractor: Extractor) -> None:
    text = (
        "The Kremlin said on Friday that talks would go on.\n\n"
        "Kindly share this story:\nShare on whatsapp\nShare on facebook\nTop News\n\n"
        "Asked about it, Peskov said:\n\n“We will see.”"
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    sentences = [text[s.start : s.end] for s in att.doc.sentences]
    skipped = [sentences[k] for k in sorted(att.headline_sentences)]
    assert any("Share on whatsapp" in line for line in skipped), sentences
    assert any("Top News" in line for line in skipped), sentences
    assert not any("Kremlin" in line or "Peskov" in line for line in skipped)
    assert not any("share this story" in q.text for q in extractor.extract(text).quotes)


def test_a_sentence_run_over_a_line_break_is_cut_there(extractor: Extractor) -> None:
    # The tokenizer reads the single newline after "Dec. 3." as a space, so the first
    # line's "told" frame took the next line's quotation as its (mixed) content.
    text = (
        "Smith told a local radio station in an interview aired on Tuesday when asked how "
        "the vote would go if the bill reached the floor on Dec. 3.\n"
        "“Well first of all, I’m not naive, okay. I can promise you that today. I’m a "
        "builder, unlike the governor,” Smith said, referring to Tom Jones.\n"
        "The governor’s office said he stood by his remarks."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    line_starts = {text.index("“Well"), text.index("The governor’s")}
    assert line_starts <= {s.start for s in att.doc.sentences}
    quotes = quotes_covering(att.build(), text, "I’m a builder, unlike the governor")
    assert len(quotes) == 1, [(q.text, q.cue) for q in quotes]
    assert quotes[0].type == "direct"
    assert quotes[0].cue is not None and quotes[0].cue.text == "said"
    assert quotes[0].speaker.name == "Smith"


def _one_covering(quotes: list[Quote], text: str, words: str) -> Quote:
    """The one quote that covers ``words`` (the test fails, listing them all, if not one)."""
    found = quotes_covering(quotes, text, words)
    assert len(found) == 1, [(q.text, q.cue) for q in quotes]
    return found[0]


def _rules_quote(extractor: Extractor, text: str, words: str) -> tuple[Quote, list[Quote]]:
    """The one quote of the rules alone that covers ``words``, and all their quotes."""
    quotes = rule_attributor(extractor.nlp(text), text, None).build()
    return _one_covering(quotes, text, words), quotes


def test_a_quotation_split_by_its_cue_is_one_quote(extractor: Extractor) -> None:
    # The frame of "said" reads the second quotation, the credit of the first one the same
    # cue: PolNeAR annotates one content in two pieces.
    text = (
        "The two leaders met on Monday.\n\n"
        "“There's a lot of water under the bridge,” Mr. Indyk said, “and it's very hard to "
        "imagine they can do anything but paper over their differences.”\n\n"
        "The meeting ended."
    )
    first, quotes = _rules_quote(extractor, text, "a lot of water under the bridge")
    assert quotes_covering(quotes, text, "paper over their differences") == [first]
    assert first.cue is not None and first.cue.text == "said"
    assert first.speaker.name is not None and "Indyk" in first.speaker.name


def test_a_participle_after_the_cue_does_not_end_the_quote(extractor: Extractor) -> None:
    # "referring to …" is reported speech of its own, inside the attribution sentence; the
    # next sentence's quotation still continues the first one.
    text = (
        "The debate drew a record audience.\n\n"
        "“CNN had 23 million people, it was the biggest show in the history of CNN,” Trump "
        "said, referring to the September debate on the network. “How about we do this for "
        "CNN: I won’t do the debate unless they pay me $5 million.”\n\n"
        "The network declined to comment."
    )
    first, quotes = _rules_quote(extractor, text, "CNN had 23 million people")
    assert first.type == "direct"
    assert quotes_covering(quotes, text, "How about we do this for CNN") == [first]
    assert first.cue is not None and first.cue.text == "said"


def test_a_mixed_quote_ending_in_its_quotation_goes_on_in_the_next_one(
    extractor: Extractor,
) -> None:
    # The reported words end in the speaker's quotation and the cue follows: the next
    # sentence's quotation continues the same content, as it does after a direct quote.
    text = (
        "Membership fell again this year.\n\n"
        "At private clubs, members may be willing to pay more ''because they expect a "
        "certain level of service,'' Mr. Chipok said. ''But public courses may not have the "
        "money to keep up their greens, and so they have to charge less.''\n\n"
        "The club did not respond."
    )
    quotes = extractor.extract(text).quotes
    first = _one_covering(quotes, text, "members may be willing to pay more")
    assert quotes_covering(quotes, text, "public courses may not have the money") == [first]
    assert first.cue is not None and first.cue.text == "said"


def test_a_name_before_its_apposition_is_the_speaker_not_the_content(
    extractor: Extractor,
) -> None:
    # A parse that hangs "Steve Moody, a small-business owner" on the quotation made the
    # quote mixed; the name is the speaker's.
    text = (
        "The rally drew thousands on Tuesday.\n\n"
        "''He says what everyone else wants to say but they're too scared to say,'' Steve "
        "Moody, a small-business owner, said at the rally.\n\n"
        "The candidate spoke for an hour."
    )
    found, _ = _rules_quote(extractor, text, "He says what everyone else wants")
    assert "Moody" not in found.text
    assert found.speaker.name == "Steve Moody"


def test_words_before_the_cue_lead_into_a_quotation_going_on_in_lower_case(
    extractor: Extractor,
) -> None:
    # "FRAGMENT, he said, “rest of the clause”": the quotation has no beginning of its own,
    # so PolNeAR's content starts at the sentence's first word.
    text = (
        "The industry has changed.\n\n"
        "In other words, Mr. Ruffini said, ''the era of Silicon Valley exceptionalism is "
        "over.''\n\n"
        "Others disagreed."
    )
    found = _one_covering(extractor.extract(text).quotes, text, "the era of Silicon Valley")
    assert found.spans[0][0] == text.index("In other words")
    assert found.cue is not None and found.cue.text == "said"


def test_a_quotation_going_on_past_the_speakers_apposition_completes_the_quote(
    extractor: Extractor,
) -> None:
    # The apposition keeps the second quotation from the cue; without the rule it was no
    # quote at all.
    text = (
        "The state may raise its minimum wage.\n\n"
        '"The risk," said Edward Leamer, an economist at the University of California, "is '
        "that we're going to be attracting workers and repelling jobs.\"\n\n"
        "Others disagree."
    )
    found, quotes = _rules_quote(extractor, text, "attracting workers and repelling jobs")
    assert quotes_covering(quotes, text, "The risk") == [found]
    assert found.speaker.name == "Edward Leamer"


def test_the_object_of_urge_is_in_the_content_of_its_infinitive(extractor: Extractor) -> None:
    # "urged Congress to act": Congress is who should act, and PolNeAR's content starts at
    # the object; "asked Sanders whether …" still starts at "whether".
    text = (
        "The senator urged his colleagues to pass the bill before the recess.\n\n"
        "She asked reporters whether the vote would be held."
    )
    urged, _ = _rules_quote(extractor, text, "to pass the bill")
    assert urged.text.startswith("his colleagues to pass"), urged.text
    asked, _ = _rules_quote(extractor, text, "the vote would be held")
    assert asked.text.startswith("whether"), asked.text


def test_a_cue_after_a_quotation_ending_in_a_full_stop_yields_to_the_cue_before(
    extractor: Extractor,
) -> None:
    # The full stop closed the sentence: "disagreed" belongs to the next one, and was
    # nearer, so it took the quotation from "told".
    text = (
        "The budget is tight.\n\n"
        "The governor told reporters, “It will have to be cut.” Others disagreed."
    )
    found, _ = _rules_quote(extractor, text, "It will have to be cut")
    assert found.cue is not None and found.cue.text == "told"
    assert found.speaker.mention is not None and found.speaker.mention.text == "The governor"


def test_a_quotation_going_on_after_the_cue_keeps_its_speaker_over_the_next_sentences(
    extractor: Extractor,
) -> None:
    # The second quotation closed its sentence, so "He said" opens the next one; it was
    # the nearer cue and took the quotation from the quote it continues.
    text = (
        "The race went on.\n\n"
        "''Our jobs are being sucked out of our states,'' Mr. Trump said. ''One of the big "
        "problems is economy and jobs.'' He said, twice, that he was going back to work."
    )
    found, quotes = _rules_quote(extractor, text, "One of the big problems")
    assert quotes_covering(quotes, text, "Our jobs are being sucked") == [found]
    assert found.speaker.mention is not None and found.speaker.mention.text == "Mr. Trump"


def test_words_before_an_addressee_verb_lead_into_a_lower_case_quotation(
    extractor: Extractor,
) -> None:
    # Past the addressee the quotation is the content, and the lead-in words join it as
    # they do after "he said,"; before, the content was "Sooner or later" alone.
    text = (
        "The budget is tight.\n\n"
        "Sooner or later, the governor told reporters, “it will have to be cut.”\n\n"
        "The governor told Fox News on Sunday: “Nobody likes it.”"
    )
    found, _ = _rules_quote(extractor, text, "it will have to be cut")
    assert found.spans[0][0] == text.index("Sooner or later")
    assert found.cue is not None and found.cue.text == "told"
    colon, _ = _rules_quote(extractor, text, "Nobody likes it")
    assert colon.type == "direct", colon.text


def test_words_leading_straight_into_a_quotation_before_the_cue_are_in_the_content(
    extractor: Extractor,
) -> None:
    # The comma before the speaker stands inside the marks, so no rule saw the clause;
    # PolNeAR's content starts with the sentence.  A comma before the opening mark still
    # sets a quotation apart ("Still, “…,” he said").
    text = (
        "The debate was loud.\n\n"
        'The media are "manipulating and shaping and framing this campaign," Gilmore said.\n\n'
        'Still, "we will win this race," he said.'
    )
    found, _ = _rules_quote(extractor, text, "manipulating and shaping")
    assert found.spans[0][0] == text.index("The media") and found.type == "mixed"
    # The span keeps the closing mark; the quote's text drops the sentence's comma inside it.
    assert found.text == 'The media are "manipulating and shaping and framing this campaign"'
    apart, _ = _rules_quote(extractor, text, "we will win")
    assert apart.type == "direct", apart.text


def test_a_speaker_phrase_with_a_relative_clause_keeps_its_head_as_the_speaker(
    extractor: Extractor,
) -> None:
    # The nearest noun left of the cue sits in the speaker's relative clause; the clause
    # set off by commas used to hide the speaker, so the addressee spoke.
    text = (
        "The talks went on.\n\n"
        "“The agents are under a lot of pressure,” an intelligence source, who was not "
        "authorized to speak on the record, told Fox News.\n\n"
        "A White House official who spoke anonymously to discuss internal strategy said "
        'Wednesday, "Certainly there are discussions."'
    )
    for words, speaker in (
        ("The agents are under", "an intelligence source"),
        ("Certainly there are", "A White House official"),
    ):
        found, _ = _rules_quote(extractor, text, words)
        mention = found.speaker.mention
        assert mention is not None and mention.text == speaker, mention


def test_a_participle_after_a_statement_is_credited_to_who_issued_it(
    extractor: Extractor,
) -> None:
    # The word before "saying" is the statement, which PolNeAR never credits (25 such cues
    # in train, all with the issuer as the source); the noun's own frame yields to it.
    text = (
        "Ferguson had two murders in 2014.\n\n"
        "The town released a statement Wednesday saying Trump's comments \"are based on his "
        'opinion, not actual facts," and welcomed Trump to visit the city.'
    )
    found, quotes = _rules_quote(extractor, text, "based on his opinion")
    assert found.cue is not None and found.cue.text == "saying"
    assert found.speaker.mention is not None and found.speaker.mention.text == "The town"
    assert len(quotes_covering(quotes, text, "Trump's comments")) == 1


def test_a_speaker_after_the_cue_may_carry_a_hyphenated_title(extractor: Extractor) -> None:
    # "Florida-based" stopped the walk to the name after "said", so the quote had no
    # speaker; a name inside the title ("former Obama adviser") is not the speaker.
    text = (
        "Support for Trump rose.\n\n"
        '"How much worse could it get?" said Florida-based Republican strategist Al Cardenas.'
        '\n\n"October provided a resurgence for her," said former Obama adviser David Axelrod.'
    )
    for words, name, mention in (
        ("How much worse", "Al Cardenas", "Florida-based Republican strategist"),
        ("October provided", "David Axelrod", "former Obama adviser David Axelrod"),
    ):
        found, _ = _rules_quote(extractor, text, words)
        assert found.speaker.name == name
        assert found.speaker.mention is not None
        assert found.speaker.mention.text.startswith(mention), found.speaker.mention


def test_a_dateline_is_no_speaker(extractor: Extractor) -> None:
    # The participle's speaker is the sentence's subject, and the first name of the
    # sentence was the dateline's place, which the NER takes for an organisation.
    text = (
        "DNC apologizes to Sanders.\n\n"
        "PHILADELPHIA, July 25 (UPI) — The Democratic National Committee released a statement "
        "at the outset of the party’s convention Monday, offering “a deep and sincere apology” "
        "to Sen. Bernie Sanders after leaked emails showed staff favoring Hillary Clinton."
    )
    found, _ = _rules_quote(extractor, text, "sincere apology")
    assert found.speaker.mention is not None
    assert found.speaker.mention.text == "The Democratic National Committee"


def test_a_name_inside_a_relative_clause_is_not_the_speaker(extractor: Extractor) -> None:
    # The jump back over comma-set segments stopped at "Paradata", the company named in
    # the speaker's relative clause.
    text = (
        "Silicon Valley is wary of Trump.\n\n"
        "Mr. Slinker, whose latest start-up, Paradata, uses big data to help brands find "
        "suppliers, said Mr. Trump was a candidate very much in the spirit of Silicon Valley: "
        "''He's a start-up kind of guy.''"
    )
    found, _ = _rules_quote(extractor, text, "candidate very much")
    assert found.speaker.mention is not None and found.speaker.mention.text == "Mr. Slinker"


def test_a_time_phrase_between_speaker_and_cue_is_no_speaker(extractor: Extractor) -> None:
    # "on Friday" made "Friday" the speaker; a time phrase after an object or a
    # participle still belongs to that noun phrase, as before.
    text = (
        "Felons may vote again.\n\n"
        "Virginia Gov. Terry McAuliffe on Friday announced that he had signed an executive "
        "order restoring voting rights to felons.\n\n"
        "A coalition of nearly 40 groups sent a letter this week urging Congress to pass a "
        "measure that would allow the budget to grow.\n\n"
        "A Monmouth poll out Monday showed Clinton with a healthy lead over Sanders."
    )
    quotes = rule_attributor(extractor.nlp(text), text, None).build()
    for words, mention in (
        ("signed an executive order", "Terry McAuliffe"),
        ("pass a measure", "A coalition"),
        ("healthy lead", "A Monmouth poll"),
    ):
        found = _one_covering(quotes, text, words)
        assert found.speaker.mention is not None, words
        assert mention in found.speaker.mention.text, found.speaker.mention


def test_a_possessed_speaker_is_named_with_its_possessor(extractor: Extractor) -> None:
    # The words naming the speaker stopped at the possessive: "’s campaign".
    text = "The ad ran in Ohio.\n\nHillary Clinton’s campaign said the ad was false and misleading."
    found, _ = _rules_quote(extractor, text, "false and misleading")
    assert found.speaker.mention is not None
    assert found.speaker.mention.text == "Hillary Clinton’s campaign"


def test_a_persons_name_modifying_a_common_noun_does_not_speak(extractor: Extractor) -> None:
    # "Trump supporters" and "the Clinton campaign" are not Trump and Clinton (the rules
    # credited both); a name in apposition beats an organisation's compound ("CNBC
    # moderator Carl Quintanilla" was CNBC), an organisation's document stays its own, and
    # so does a person's word ("a Donald Trump tweet").
    text = (
        "Donald Trump and Hillary Clinton spoke on Monday.\n\n"
        "Trump supporters said the rally was peaceful.\n\n"
        "The Clinton campaign said the poll was wrong.\n\n"
        "CNBC moderator Carl Quintanilla said the debate would go on.\n\n"
        "FEC records show the group spent $1 million.\n\n"
        "A Donald Trump tweet said the debate was rigged."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    names = {}
    for head in ("supporters", "campaign", "moderator", "records", "tweet"):
        [k] = [k for k, w in enumerate(att.words) if w.text == head]
        names[head] = att.resolve_speaker(k)[0].name
    assert names == {
        "supporters": None,
        "campaign": None,
        "moderator": "Carl Quintanilla",
        "records": "FEC",
        "tweet": "Donald Trump",
    }, names


def test_a_title_after_the_cue_leads_to_the_name_not_to_its_organisation(
    extractor: Extractor,
) -> None:
    # "said Senate Minority Leader Harry Reid": the cue's first name after it is an
    # organisation ("Senate") or a person the title belongs to ("Clinton" in "Clinton
    # campaign manager"); the speaker is the name the title leads to.  With no name after
    # the title, the organisation still speaks.
    text = (
        "“It is against the law to move them here,” said Senate Minority Leader Harry Reid.\n\n"
        "“This is simple, what Trump is saying is dangerous,” said Clinton campaign manager "
        "Robby Mook in a statement.\n\n"
        "“We are reviewing the report,” said Microsoft in a statement."
    )
    quotes = extractor.extract(text).quotes
    for words, name in (
        ("against the law", "Harry Reid"),
        ("what Trump is saying", "Robby Mook"),
        ("reviewing the report", "Microsoft"),
    ):
        [quote] = quotes_covering(quotes, text, words)
        assert quote.speaker.name == name, (words, quote.speaker)


def test_no_content_before_a_relative_pronoun_speaker(extractor: Extractor) -> None:
    # "…,” said a Republican, who, like all respondents, responded anonymously": the
    # quotation is the Republican's under "said", not the content of the relative clause.
    text = (
        "“Trump will be defeated in this process, but I don't think he will collapse in a "
        "week,” said a New Hampshire Republican, who, like all respondents, responded "
        "anonymously."
    )
    quotes = extractor.extract(text).quotes
    [quote] = quotes_covering(quotes, text, "Trump will be defeated")
    assert quote.cue is not None and quote.cue.text == "said", quote
    assert quote.speaker.mention is not None
    assert "Republican" in quote.speaker.mention.text, quote.speaker


def test_a_long_apposition_between_quotation_and_cue(extractor: Extractor) -> None:
    # After a quotation that ends in a comma, the clause that follows attributes it however
    # long the speaker's apposition runs before the cue.
    text = (
        "“The hourly earnings data showed the largest increase since July 2009,” Douglas "
        "Elmendorf, an economic adviser to Republicans and former director of the "
        "nonpartisan Congressional Budget Office, wrote after the jobs report was released."
    )
    quotes = extractor.extract(text).quotes
    [quote] = quotes_covering(quotes, text, "hourly earnings data")
    assert quote.cue is not None and quote.cue.text == "wrote", quote
    assert quote.speaker.name == "Douglas Elmendorf", quote.speaker


def test_the_one_asked_is_not_the_speaker(extractor: Extractor) -> None:
    # An addressee verb in the passive has the one spoken to as its subject ("Trump was
    # asked, “…?”"); a reporter heard asking Trump is the one who asks, not Trump.
    text = (
        "In an interview published Wednesday, Trump was asked, “What is the most dangerous "
        "place you have been to?”\n\n"
        "“Should there be a database that tracks them?” a reporter can be heard asking Trump "
        "after an event.\n\n"
        "Rubio was asked by Fox Business moderator Gerard Baker whether his plan would risk "
        "“adding another expensive entitlement program.”"
    )
    quotes = extractor.extract(text).quotes
    [asked] = quotes_covering(quotes, text, "most dangerous place")
    assert asked.speaker.name != "Donald Trump" and asked.speaker.name != "Trump", asked.speaker
    [asking] = quotes_covering(quotes, text, "Should there be a database")
    assert asking.speaker.mention is not None, asking.speaker
    assert asking.speaker.mention.text == "a reporter", asking.speaker
    # The agent's mention is the whole "by" phrase, the name in apposition included.
    [by] = quotes_covering(quotes, text, "expensive entitlement")
    assert by.speaker.mention is not None, by.speaker
    assert by.speaker.mention.text == "Fox Business moderator Gerard Baker", by.speaker


def test_a_participle_inherits_the_subject_not_a_fronted_phrase_or_a_possessive(
    extractor: Extractor,
) -> None:
    # "In response to Mr. Trump's latest onslaught, Mrs. Clinton's campaign …": the names
    # of a fronted prepositional phrase and a possessive are not the subject a
    # participle's speaker comes from.
    text = (
        "In a rebuke to Donald Trump, Marco Rubio made a call for an end to sugar subsidies "
        "on Tuesday, calling them “corporate welfare.”\n\n"
        "The Democratic presidential candidate blasted Trump's call for a “deportation "
        "force” on Wednesday, calling it “absurd.”"
    )
    quotes = extractor.extract(text).quotes
    [welfare] = quotes_covering(quotes, text, "corporate welfare")
    assert welfare.speaker.name == "Marco Rubio", welfare.speaker
    [absurd] = quotes_covering(quotes, text, "absurd")
    assert absurd.speaker.mention is not None
    assert absurd.speaker.mention.text == "The Democratic presidential candidate", absurd.speaker


def test_a_speech_verb_reaches_its_quotation_past_phrases_not_past_a_clause(
    extractor: Extractor,
) -> None:
    # "said on Twitter on Monday, in reference to her first child, …, “…”": more than 60
    # characters between cue and quotation, phrases only; the speaker is the sentence's
    # subject, not the name its apposition ends with.  A cue whose clause runs on to the
    # colon ("as X observed, the winner was …:") has its own content and does not reach.
    text = (
        "Chelsea Clinton announced she and her husband are expecting their second child.\n\n"
        "Clinton, 35, the daughter of former President Bill Clinton and Democratic "
        "presidential candidate Hillary Clinton, said on Twitter on Monday, in reference to "
        "her first child, a girl born in 2014, “Next summer, Charlotte is going to be a big "
        "sister!”\n\n"
        "As Joel Pollak of Breitbart California observed, the biggest victor was not on the "
        "stage, it was the stage itself:\n\n"
        "“The clear winner of the debate was the network, which conducted two lively "
        "sessions.”"
    )
    quotes = extractor.extract(text).quotes
    [sister] = quotes_covering(quotes, text, "going to be a big sister")
    assert sister.cue is not None and sister.cue.text == "said", sister
    assert sister.speaker.name == "Chelsea Clinton", sister.speaker
    [victor] = quotes_covering(quotes, text, "the biggest victor")
    assert victor.cue is not None and victor.cue.text == "observed", victor


def test_a_quote_over_paragraphs_joined_into_one_line_is_one_direct_quote(
    extractor: Extractor,
) -> None:
    # The BBC News corpus joins paragraphs with a space: each paragraph of a quotation
    # still opens with a mark.  Its parts used to come out as unattributed fragments.
    text = (
        'Dave Prentis, general secretary of Unison, said workers would pay in more. "Members '
        "working in the NHS have never had high pay, but they could look forward to a decent "
        'pension," he said. "What really riles me is the hypocrisy of MPs who voted '
        'themselves the best pension scheme in Europe. "This is a position that Unison '
        'cannot accept and will oppose." Mr Prentis said workers did not want to strike.'
    )
    quotes = extractor.extract(text).quotes
    for phrase in ("What really riles me", "This is a position"):
        (quote,) = quotes_covering(quotes, text, phrase)
        assert quote.type == "direct" and quote.speaker.name == "Dave Prentis", quote


def test_a_hometown_after_of_is_not_the_speaker(extractor: Extractor) -> None:
    # "NAME, AGE, of TOWN, STATE, who …, said": this NER types the town a person, and the
    # walk back over the comma-set phrases stopped at it.
    text = (
        "Maria Lopez Garcia, 61, of Ashton, Md., who watched the ceremony on a screen on "
        "the Mall, said the event brought back memories of her father."
    )
    (quote,) = rule_attributor(extractor.nlp(text), text, None).build()
    assert quote.speaker.name == "Maria Lopez Garcia"


def test_a_peer_of_a_place_speaks_not_the_place(extractor: Extractor) -> None:
    # "Lord Faulkner of Worcester, who …, said:": this NER types the seat a person too,
    # and the walk back over the relative clause ended on it.
    text = (
        'Lord Faulkner of Worcester, who chaired the inquiry, said: "Whilst we accept '
        'that, the evidence convinces us."'
    )
    (quote,) = rule_attributor(extractor.nlp(text), text, None).build()
    assert quote.speaker.name == "Faulkner"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "Lord Faulkner"


def test_frames_reading_the_same_words_give_one_quote(extractor: Extractor) -> None:
    # The verb and the noun of "said in a statement that" each read the clause; the weaker
    # noun frame named "Trump" (of "Trump campaign spokeswoman").
    text = (
        'Trump campaign spokeswoman Hope Hicks said in a statement that Trump "has a long '
        'history of being a strong supporter of Israel."'
    )
    quotes = rule_attributor(extractor.nlp(text), text, None).build()
    assert [q.speaker.name for q in quotes] == ["Hope Hicks"]


def test_the_mention_takes_in_the_name_after_a_title_heading_it(extractor: Extractor) -> None:
    # The NER took "Kim" without "Mr" and the parse heads the phrase with the title, so
    # the words naming the speaker read "Mr".
    text = (
        "Peter Kim said that it withdrew Vioxx. He went on to say that things have changed. "
        '"Given this new information, it is not clear that the risk makes Vioxx unique," Mr '
        "Kim explained.\nOn Thursday, David Graham spoke."
    )
    (quote,) = quotes_covering(extractor.extract(text).quotes, text, "Given this new")
    assert quote.speaker.name == "Peter Kim"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "Mr Kim"


def test_a_person_closing_a_tagged_source_speaks_for_the_club_heading_it(
    extractor: Extractor,
) -> None:
    # The parse heads "Bolton boss Sam Allardyce" with "Bolton", an organisation.
    text = (
        "Bolton boss Sam Allardyce has signed Roma defender Vincent Candela on a five-month "
        "deal. Allardyce said the deal would help."
    )
    att = rule_attributor(extractor.nlp(text), text, None)
    source = list(range(4))
    assert [att.words[k].text for k in source] == ["Bolton", "boss", "Sam", "Allardyce"]
    assert att.source_speaker(source, 0).name == "Sam Allardyce"


def test_a_tagged_source_drops_half_a_bracket_pair(extractor: Extractor) -> None:
    # Wire copy puts tickers and short names in brackets after a body's name; the tagger's
    # source run may stop inside a pair, and the mention a client saw read "Adsteam)".
    text = (
        "The directors of Hughes Tool Co <HT> said they would reject a merger.\n"
        "The Adelaide Steamship Co Ltd (Adsteam) said its rights issue would raise money."
    )
    att = rule_attributor(extractor.nlp(text), text, None)

    def mention(first: str, last: str) -> str | None:
        words = [w.text for w in att.words]
        lo, hi = words.index(first), words.index(last)
        speaker = att.source_speaker(list(range(lo, hi + 1)), lo)
        return None if speaker.mention is None else speaker.mention.text

    assert mention("The", "HT") == "The directors of Hughes Tool Co"
    assert mention("Adsteam", ")") == "Adsteam"
    assert mention("Adelaide", ")") == "Adelaide Steamship Co Ltd (Adsteam)"


def test_an_unnamed_crowd_after_the_quotation_speaks(extractor: Extractor) -> None:
    # With no speech verb the cue lexicon trusts, the chant floated to Trump.
    text = (
        "Donald Trump spoke in Chicago on Friday.\n\n"
        '"Hey, hey! Ho, ho! Rahm Emanuel\'s got to go!" some protesters chanted, three days '
        "after the video's release."
    )
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "Rahm Emanuel's got to go")
    assert len(found) == 1 and found[0].speaker.name is None, found
    mention = found[0].speaker.mention
    assert mention is not None and text[mention.start : mention.end] == "some protesters"


def test_a_credit_does_not_reach_into_the_next_paragraph(extractor: Extractor) -> None:
    text = (
        '"You\'re going to see a massive ad spend," said one Republican involved in the '
        'planning. "Fundraising is not a problem. What happens when millions of dollars go '
        'after Trump?"\n\nSome party strategists said none of this would matter.'
    )
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "What happens when millions")
    assert len(found) == 1, found
    mention = found[0].speaker.mention
    assert mention is not None and "strategists" not in text[mention.start : mention.end]


def test_a_name_in_the_speakers_relative_clause_does_not_speak(extractor: Extractor) -> None:
    text = (
        "Jake Sullivan was one of Clinton's closest aides.\n\n"
        "“I can only tell you that his email account initiated a number of emails,” said one "
        "source who identified Sullivan but spoke on the condition of anonymity."
    )
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "his email account initiated")
    assert len(found) == 1 and found[0].speaker.name is None, found


def test_a_cue_with_only_its_time_after_it_ends_the_text(extractor: Extractor) -> None:
    # Stepping over "Friday" ran past the last word and raised IndexError (found by the
    # property test in test_extractor_robustness.py).
    quotes = extractor.extract("Trump said Friday").quotes
    assert all(q.text.strip() for q in quotes), quotes


def test_the_one_a_possessive_name_owns_speaks_after_the_cue(extractor: Extractor) -> None:
    text = (
        "“We are confident about the result,” said Clinton’s spokesman, Brian Fallon.\n\n"
        "“It is over,” said Trump’s campaign manager Kellyanne Conway."
    )
    quotes = extractor.extract(text).quotes
    first = quotes_covering(quotes, text, "We are confident")
    second = quotes_covering(quotes, text, "It is over")
    assert len(first) == 1 and first[0].speaker.name == "Brian Fallon", first
    assert len(second) == 1 and second[0].speaker.name == "Kellyanne Conway", second


def test_people_nobody_names_are_the_subject_a_participle_takes(extractor: Extractor) -> None:
    text = (
        "Outside the sports arena in downtown Washington, about 200 protesters congregated "
        'in three clusters, holding anti-Trump signs and chanting "Dump Trump."'
    )
    quotes = extractor.extract(text).quotes
    found = quotes_covering(quotes, text, "Dump Trump")
    assert len(found) == 1 and found[0].speaker.name is None, found
    mention = found[0].speaker.mention
    assert mention is not None and "protesters" in text[mention.start : mention.end]


def test_a_participle_takes_the_subject_of_the_nearer_clause(extractor: Extractor) -> None:
    text = (
        "Over the past two weeks, prosecutors charged the officer with murder and Emanuel "
        "fired his police chief, acknowledging that segments of the city have lost trust in "
        "the force."
    )
    # The rules' frame: on this short text the shipped tagger draws its own source.
    quotes = rule_attributor(extractor.nlp(text), text, None).build()
    found = quotes_covering(quotes, text, "segments of the city have lost trust")
    assert len(found) == 1 and found[0].speaker.name == "Emanuel", found


def test_rarer_speech_verbs_are_cues(extractor: Extractor) -> None:
    text = "Smith confided that he was tired.\n\nJones averred that the count was wrong."
    # The rules' own frames: the tagger alone found these before the lexicon had the verbs.
    quotes = rule_attributor(extractor.nlp(text), text, None).build()
    for content, cue, name in (
        ("he was tired", "confided", "Smith"),
        ("the count was wrong", "averred", "Jones"),
    ):
        found = quotes_covering(quotes, text, content)
        assert len(found) == 1 and found[0].cue is not None, found
        assert found[0].cue.text == cue and found[0].speaker.name == name, found
