"""Learn the cue table (``app/nlp/cue_table.tsv``) from PolNeAR train annotations.

    python -m benchmarks.learn_cues                # reads ../shared/data/polnear/train

For every annotated cue span the *key word* is its first word that is not an auxiliary,
adverb or function word ("has said" -> said, "is expected" -> expected, "according to" ->
according).  Its lemma is counted once per cue; every word of the same articles outside
quotation marks is counted under its lemma too, both split by the next word ("that", "to",
anything else), so ``n_cue / n_seen`` estimates how often a word of that lemma is an
attribution cue in that context ("argue that" 94%, "know that" 40%).  PolNeAR annotates
beliefs, intentions, support and evidence ("wants", "expects", "polls show"), and these
rates tell which of those verbs the corpus treats as attributions, rather than a hand list
guessing it.

No parser is needed: lemmas come from the irregular-form table and the suffix rules that
``app.nlp.cues`` applies at run time, choosing among candidate stems by how many of their
regular forms the corpus holds ("noted" -> note; function words are never lemmas).  Only
the train compartment is read, so dev stays a clean measurement.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.nlp.cues import (  # noqa: E402
    COGNITION_VERBS,
    CUE_TABLE_PATH,
    IRREGULAR_FORMS,
    SPEECH_VERBS,
    cue_context,
    lemma_candidates,
    lexicon,
)
from app.nlp.quotes import find_quotations, quoted_mask  # noqa: E402
from benchmarks.attribution_scoring import load_polnear  # noqa: E402

_WORD_RE = re.compile(r"[A-Za-z]+")
# Words that never carry a cue's meaning: skipped when looking for a cue's key word.
FUNCTION_WORDS = lexicon(
    """
    has have had having is are was were be been being am will would could can may might
    should must shall do does did doing not n t s ll ve re d don didn doesn isn wasn also
    just still even publicly repeatedly reportedly previously recently later then first
    often never already again once now long widely increasingly openly the a an his her
    their its our my your of to in on for at by with about from that this these those it
    he she they we i you who which what as and or but if so more most very too all
    """
)
# Rows with fewer cue occurrences than this are left out of the file to keep it small.
MIN_ROW_CUES = 2


def corpus_lemma(form: str, counts: Counter[str]) -> str:
    """The lemma of a lower-case word form, chosen with the corpus's own vocabulary.

    Each candidate stem scores by how many corpus tokens its regular paradigm (stem, -s,
    -ed/-d, -ing) covers besides the form itself; the form stays its own lemma when no
    candidate's paradigm is attested.
    """
    if form in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[form]
    best, best_key = form, (0, False)
    for stem in [form, *lemma_candidates(form)]:
        if stem != form and stem in FUNCTION_WORDS:
            continue  # "noted" is not a form of "not"
        base = stem[:-1] if stem.endswith("e") else stem
        paradigm = {stem, stem + "s", stem + "es", stem + "d", stem + "ed", base + "ing"}
        if len(stem) > 2 and stem[-1] not in "aeiouwy":
            paradigm |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}  # "admitted"
        if stem.endswith("y"):
            paradigm |= {stem[:-1] + "ies", stem[:-1] + "ied"}  # "worried"
        key = (sum(counts[f] for f in paradigm - {form}), _wants_final_e(stem))
        if key > best_key:
            best, best_key = stem, key
    if best == form:
        # Unattested paradigm ("mused" once): the hand lexicon's stem, as at run time.
        known = SPEECH_VERBS | COGNITION_VERBS
        return next((stem for stem in lemma_candidates(form) if stem in known), form)
    return best


def _wants_final_e(stem: str) -> bool:
    """Tie-break between "alleg"/"allege" and "lash"/"lashe" when both paradigms tie.

    English drops a silent "e" before "-ed"; stems ending like these keep it in the base
    form ("allege", "rattle", "allude", "dedicate"), others do not ("lash", "liken").
    """
    if not stem.endswith("e") or len(stem) < 4:
        return False
    bare = stem[:-1]
    return bare.endswith(_E_ENDINGS) or (bare[-1] == "l" and bare[-2] not in "aeioul")


_E_ENDINGS = ("c", "g", "v", "z", "u", "at", "it", "ot", "ut", "ud", "id", "ir", "os", "ur", "iz")


def learn(data_dir: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(lemma, context) -> (cue spans keyed by it, occurrences) over PolNeAR train.

    Only words outside quotation marks count, as at run time, where a word inside a quote
    never opens a frame.  The context is the word after: "that", "to" or anything else.
    """
    articles = load_polnear(data_dir, "train")
    forms: Counter[str] = Counter()
    for art in articles:
        forms.update(m.group().lower() for m in _WORD_RE.finditer(art.text))
    lemma_of = {f: corpus_lemma(f, forms) for f in forms}
    seen: Counter[tuple[str, str]] = Counter()
    cues: Counter[tuple[str, str]] = Counter()
    for art in articles:
        keys = {_key_word_start(art.text, a.cue) for a in art.attributions if a.cue}
        inside = quoted_mask(art.text, find_quotations(art.text))
        words = list(_WORD_RE.finditer(art.text))
        for k, m in enumerate(words):
            if inside[m.start()]:
                continue
            nxt = words[k + 1].group().lower() if k + 1 < len(words) else ""
            key = (lemma_of[m.group().lower()], cue_context(nxt))
            seen[key] += 1
            cues[key] += m.start() in keys
    by_lemma: Counter[str] = Counter()
    for (lemma, _), n in cues.items():
        by_lemma[lemma] += n
    return {
        key: (n, seen[key])
        for key, n in cues.items()
        if by_lemma[key[0]] >= MIN_ROW_CUES and key[0] not in FUNCTION_WORDS
    }


def _key_word_start(text: str, spans: tuple[tuple[int, int], ...]) -> int | None:
    """Offset of a cue's key word: the first word that is neither a function word nor an
    adverb in front of the verb ("formally endorsed"); a lone adverb is its own key."""
    words = [m for start, end in spans for m in _WORD_RE.finditer(text, start, end)]
    content = [m for m in words if m.group().lower() not in FUNCTION_WORDS]
    key = next((m for m in content if not m.group().lower().endswith("ly")), None)
    key = key or next(iter(content), None)
    return key.start() if key is not None else None


def write_table(table: dict[tuple[str, str], tuple[int, int]], path: Path) -> None:
    totals: Counter[str] = Counter()
    for (lemma, _), (n_cue, _) in table.items():
        totals[lemma] += n_cue
    rows = sorted(table.items(), key=lambda kv: (-totals[kv[0][0]], kv[0]))
    with path.open("w", encoding="utf-8") as handle:
        handle.write("lemma\tcontext\tn_cue\tn_seen\n")
        for (lemma, context), (n_cue, n_seen) in rows:
            handle.write(f"{lemma}\t{context}\t{n_cue}\t{n_seen}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=CUE_TABLE_PATH)
    args = parser.parse_args(argv)
    table = learn(args.data_dir)
    write_table(table, args.out)
    print(f"{len(table)} rows written to {args.out}")


if __name__ == "__main__":
    main()
