"""Speech and attribution cue lexicon.

Lemmas rather than word forms, because the parser lemmatises ``deeming``, ``grumbled`` and
``says`` alike and the lexicon then stays small.  Each lemma has a strength: how sure we are
that a clause governed by it is reported speech.  ``said`` is nearly always speech;
``believe`` or ``show`` introduce attributed content in news (PolNeAR counts them) but are
much weaker evidence that somebody *said* something, so they get lower confidence.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final


def lexicon(words: str) -> frozenset[str]:
    """A word set written as whitespace-separated text, so long lexicons stay readable."""
    return frozenset(words.split())


# Verbs of saying: near-certain cues for speech.
SPEECH_VERBS: Final[frozenset[str]] = lexicon(
    """
    say tell add state declare announce explain note remark comment reply respond answer
    write tweet post report reveal disclose confirm deny admit acknowledge concede
    insist claim contend argue assert maintain allege charge complain grumble grouse
    gripe lament mourn sigh groan moan quip joke tease laugh smile shout yell scream cry
    exclaim whisper mutter murmur mumble stammer stutter boast brag crow gush rave rant
    fume snap snarl growl bark thunder roar hiss scoff sneer mock taunt chide scold
    rebuke reprimand criticize criticise condemn denounce slam blast lash attack accuse
    blame praise hail laud applaud commend welcome thank congratulate caution warn
    threaten vow pledge promise swear guarantee assure reassure predict forecast
    estimate project suggest propose recommend urge advise counsel implore plead beg
    appeal demand request ask inquire enquire query question wonder muse ponder recall
    recount recollect describe characterize characterise call label dub term brand deem
    emphasize emphasise stress underline underscore highlight point observe mention hint
    imply insinuate indicate signal reiterate repeat echo continue conclude summarize
    summarise begin start interject interrupt counter retort rejoin protest object
    dispute challenge rebut refute reject dismiss downplay play cite quote testify
    narrate relate inform notify brief update proclaim pronounce decree rule order
    instruct direct concur agree disagree assent consent confess apologize apologise
    regret bemoan decry deplore rue fret worry agonize alert speculate theorize theorise
    hypothesize posit opine editorialize pontificate lecture preach sermonize tout
    promote pitch plug champion defend justify rationalize clarify elaborate detail
    outline specify spell list enumerate go read exhort intone chirp holler bellow blurt
    shriek wail beseech entreat admonish aver attest riposte berate
    lambaste excoriate castigate lampoon confide surmise
    """
)

# Verbs reporting thought, attitude or evidence: attributions in PolNeAR, weaker as speech.
COGNITION_VERBS: Final[frozenset[str]] = lexicon(
    """
    think believe feel know reckon suppose assume guess figure expect hope fear doubt
    suspect want wish intend plan mean consider view regard see find conclude decide
    understand realize realise recognize recognise learn hear worry show reveal suggest
    indicate demonstrate prove confirm support back endorse oppose prefer favor favour
    refuse decline seek seem appear expect refer cite
    """
)

# Nouns that, as the object of a light verb or as a head, carry speech: "issued a warning".
SPEECH_NOUNS: Final[frozenset[str]] = lexicon(
    """
    statement remark remarks comment comments warning claim claims assertion allegation
    announcement interview speech address testimony tweet post message letter memo note
    argument accusation promise pledge vow threat appeal plea demand request question
    answer reply response retort quote quotation declaration insistence complaint
    criticism praise prediction forecast suggestion proposal assurance denial admission
    """
)

# Phrasal particles that belong to a cue ("pointed out", "spelled out", "went on").
CUE_PARTICLES: Final[frozenset[str]] = frozenset({"out", "on", "up", "back", "down", "off"})

# Lemmas that need a particle or object to be speech ("point out"), not speech alone.
NEEDS_PARTICLE: Final[frozenset[str]] = frozenset({"point", "spell", "play", "go"})

# Verbs that are speech only when they govern a clause or quotation, never with a plain
# object ("call a meeting", "start a company", "continue the war").
CLAUSE_ONLY: Final[frozenset[str]] = frozenset(
    {
        "call",
        "continue",
        "begin",
        "start",
        "add",
        "list",
        "direct",
        "order",
        "rule",
        "see",
        "find",
        "show",
        "mean",
        "learn",
        "hear",
        "plan",
        "decide",
        "consider",
        "view",
        "pitch",
        "echo",
        "relate",
        "project",
        "signal",
        "update",
        "regard",
        "smile",
        "laugh",
        "cry",
    }
)


@dataclass(frozen=True, slots=True)
class CueCounts:
    """How often words of one lemma (in one context) are annotated cues in PolNeAR train.

    ``n_cue`` counts cue spans whose key word has this lemma, ``n_seen`` every occurrence
    outside quotation marks, so ``rate`` estimates P(attribution cue | word, context).
    """

    n_cue: int
    n_seen: int

    @property
    def rate(self) -> float:
        return self.n_cue / self.n_seen if self.n_seen else 0.0


CUE_TABLE_PATH: Final[Path] = Path(__file__).with_name("cue_table.tsv")
# A learned lemma joins the lexicon (as a weak cue) only with this much evidence: the
# corpus annotates beliefs, intentions and support, but a verb seen as a cue twice or
# one time in four is too unreliable to open a frame on its own.
LEARNED_MIN_CUES: Final[int] = 4
LEARNED_MIN_RATE: Final[float] = 0.3
# Fewer occurrences than this in one context and the lemma's pooled rate is used instead.
LEARNED_MIN_SEEN: Final[int] = 8


def cue_context(next_word: str) -> str:
    """The context a cue's rate is conditioned on: the word right after it."""
    low = next_word.lower()
    return low if low in ("that", "to") else "other"


def load_cue_table(path: Path = CUE_TABLE_PATH) -> dict[tuple[str, str], CueCounts]:
    """The learned table (``benchmarks/learn_cues.py`` writes it); empty when missing."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            (r["lemma"], r["context"]): CueCounts(int(r["n_cue"]), int(r["n_seen"])) for r in rows
        }


def _pooled(table: dict[tuple[str, str], CueCounts]) -> dict[str, CueCounts]:
    totals: dict[str, CueCounts] = {}
    for (lemma, _), c in table.items():
        old = totals.get(lemma, CueCounts(0, 0))
        totals[lemma] = CueCounts(old.n_cue + c.n_cue, old.n_seen + c.n_seen)
    return totals


LEARNED_CUES: Final[dict[tuple[str, str], CueCounts]] = load_cue_table()
LEARNED_BY_LEMMA: Final[dict[str, CueCounts]] = _pooled(LEARNED_CUES)
# Learned lemmas reliable enough to open a frame; the hand lexicon below wins where both
# know a lemma (it separates speech from thought, which the counts do not).
LEARNED_WEAK: Final[frozenset[str]] = frozenset(
    lemma
    for lemma, c in LEARNED_BY_LEMMA.items()
    if c.n_cue >= LEARNED_MIN_CUES and c.rate >= LEARNED_MIN_RATE
)


def learned_rate(lemma: str, next_word: str) -> float | None:
    """P(cue) for a lemma followed by ``next_word``, or None where train saw it too rarely.

    "know that" is an annotated attribution one time in seven, "argue that" nine in ten:
    the rate lets a weak cue open a frame only in the contexts where annotators used it.
    """
    lemma = lemma.lower()
    counts = LEARNED_CUES.get((lemma, cue_context(next_word)))
    if counts is None or counts.n_seen < LEARNED_MIN_SEEN:
        counts = LEARNED_BY_LEMMA.get(lemma)
    if counts is None or counts.n_seen < LEARNED_MIN_SEEN:
        return None
    return counts.rate


def cue_strength(lemma: str) -> float:
    """How strongly a lemma signals reported speech: 1 speech, 0.5 thought/evidence, 0 none."""
    lemma = lemma.lower()
    if lemma in SPEECH_VERBS:
        return 1.0
    if lemma in COGNITION_VERBS or lemma in LEARNED_WEAK:
        return 0.5
    return 0.0


def is_cue_lemma(lemma: str) -> bool:
    """Any verb the lexicon knows as a cue, speech or cognition."""
    return cue_strength(lemma) > 0.0


# Irregular past forms of cue verbs; regular ones are found by stripping suffixes.
IRREGULAR_FORMS: Final[dict[str, str]] = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "saw": "see",
    "seen": "see",
    "found": "find",
    "meant": "mean",
    "heard": "hear",
    "swore": "swear",
    "sworn": "swear",
    "spoke": "speak",
    "spoken": "speak",
    "began": "begin",
    "begun": "begin",
    "understood": "understand",
    "learnt": "learn",
    "forecast": "forecast",
    "read": "read",
    "put": "put",
    "shown": "show",
    "proven": "prove",
    "sought": "seek",
    "cried": "cry",
    "replied": "reply",
    "denied": "deny",
    "implied": "imply",
    "testified": "testify",
    "clarified": "clarify",
    "queried": "query",
    "worried": "worry",
    "justified": "justify",
    "criticised": "criticise",
    "applied": "apply",
}


def surface_lemma(form: str) -> str | None:
    """The cue lemma behind an inflected form, without a tagger.

    The shipped models are small and mis-tag verbs often enough ("said" as an adjective,
    "warns" as a noun) that cue detection checks the word form as well as the lemma.
    """
    low = form.lower()
    if low in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[low]
    if is_cue_lemma(low):
        return low
    for stem in lemma_candidates(low):
        if is_cue_lemma(stem):
            return stem
    return None


def lemma_candidates(form: str) -> list[str]:
    """Possible base forms of a regular inflection, most likely first ("admitted" -> "admit").

    Shared by the runtime cue check and the script that learns the cue table, so both map
    a word form to the same lemma.
    """
    low = form.lower()
    candidates: list[str] = []
    for suffix, repl in (
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
        ("ies", "y"),
        ("ied", "y"),
    ):
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            stem = low[: len(low) - len(suffix)] + repl
            candidates.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2] and not repl:
                candidates.append(stem[:-1])  # "admitted" -> "admit"
    return candidates
