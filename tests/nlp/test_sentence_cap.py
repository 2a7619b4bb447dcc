from app.nlp.pipeline import MAX_SENTENCE_WORDS, cap_sentence_length


def test_long_sentences_are_cut_and_nothing_is_lost() -> None:
    long: list[str | tuple[str, bool]] = [f"w{i}" for i in range(MAX_SENTENCE_WORDS * 2 + 5)]
    mwt: list[str | tuple[str, bool]] = [("don't", True), "go"]
    capped = cap_sentence_length([["A", "short", "one", "."], long, mwt])
    assert [len(s) for s in capped] == [4, MAX_SENTENCE_WORDS, MAX_SENTENCE_WORDS, 5, 2]
    assert [w for s in capped[1:4] for w in s] == long
    assert capped[-1] == mwt
