"""Within-article clustering of name mentions into people and organisations.

News names a person once in full with a role ("Russian President Vladimir Putin") and then
by surname, honorific, pronoun or description.  Quotes must carry the canonical name, so the
clusters built here decide what a bare "Putin" or "the Kremlin spokesperson" means.  No
cross-document knowledge: everything comes from the article itself, which keeps it linear
and robust to whatever the NER model gets wrong elsewhere.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from app.nlp.cues import lexicon
from app.nlp.quotes import ALL_MARKS
from app.nlp.tokens import Doc, Entity, Word
from app.nlp.types import PersonInfo, SpeakerKind

Gender = Literal["m", "f"]

HONORIFICS: Final[dict[str, Gender | None]] = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dr": None,
    "dr.": None,
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
}

# Words that make up roles and titles; lower-case.  Used both to strip titles off names that
# the NER tagged together with the name and to recognise descriptions ("the spokesperson").
ROLE_WORDS: Final[frozenset[str]] = lexicon(
    """
    president vice president-elect prime minister deputy secretary spokesperson
    spokesman spokeswoman press senator sen. sen governor gov. gov representative rep.
    rep congressman congresswoman congressmember chairman chairwoman chair ceo cfo
    director leader chief adviser advisor aide candidate nominee mayor judge justice
    general gen. gen ambassador king queen prince princess pope chancellor commissioner
    speaker whip official officer manager strategist analyst professor economist
    attorney lawyer founder head envoy diplomat negotiator commander lieutenant colonel
    captain sergeant admiral secretary-general premier president's former acting interim
    foreign defense defence finance health interior state campaign national security
    pollster spokespeople treasurer comptroller auditor sheriff prosecutor delegate
    del. del pastor rabbi rev. rev reverend imam bishop archbishop cardinal
    constable superintendent inspector detective coach striker midfielder defender
    goalkeeper skipper winger actor actress guitarist drummer bassist rapper producer
    comedian presenter novelist chef
    """
)
ROLE_HEADS: Final[frozenset[str]] = lexicon(
    """
    president minister secretary spokesperson spokesman spokeswoman senator governor
    representative congressman congresswoman chairman chairwoman chair ceo director
    leader chief adviser advisor aide candidate nominee mayor judge justice general
    ambassador king queen prince princess pope chancellor commissioner speaker official
    manager strategist analyst professor economist attorney lawyer founder head premier
    envoy diplomat negotiator commander pollster treasurer comptroller auditor sheriff
    prosecutor delegate
    """
)
# Nouns news uses to refer back to a newsmaker it has named ("the billionaire businessman",
# "the Florida senator"); not "the spokesman" or "the official", often someone else.
DESCRIPTION_NOUNS: Final[frozenset[str]] = lexicon(
    """
    businessman businesswoman magnate mogul tycoon billionaire hopeful frontrunner
    front-runner lawmaker politician senator governor congressman congresswoman candidate
    nominee mayor president
    """
)
# Abbreviated titles and the office they name, to compare a description with a title.
_ABBREVIATED_TITLES: Final[dict[str, str]] = {
    "sen.": "senator",
    "sen": "senator",
    "gov.": "governor",
    "gov": "governor",
    "rep.": "representative",
    "rep": "representative",
}
# People news quotes without naming them ("a spokesman said", "officials said", "trade
# sources said"), as lemmas: a "he" or "they" right after them goes on with them, not with
# a person named further back.
UNNAMED_SPEAKER_NOUNS: Final[frozenset[str]] = ROLE_HEADS | lexicon(
    """
    person people man woman source expert trader dealer executive witness resident critic
    supporter voter activist protester organizer member staffer employee worker doctor
    officer investigator observer insider participant banker broker consultant researcher
    scientist historian teacher student farmer owner neighbor neighbour friend relative
    colleague partner agent authority police representative operator producer buyer
    seller
    """
)


def is_unnamed_speaker_noun(w: Word) -> bool:
    """Whether a noun names people a report need not name ("a spokesman", "protesters").

    By lemma, or the word less its plural "s": the small lemmatiser leaves some plurals
    ("protesters") as they are.
    """
    lemma = w.lemma.lower()
    return lemma in UNNAMED_SPEAKER_NOUNS or (
        lemma.endswith("s") and lemma[:-1] in UNNAMED_SPEAKER_NOUNS
    )


# Nouns a report uses for a body it named ("Lloyds Bank Plc said … the bank said"), which
# pick a body whose name holds them.  Not "the company" or "the group": which of the
# bodies named before they mean, salience guessed no better than a coin (PolNeAR train).
BODY_NAME_NOUNS: Final[frozenset[str]] = lexicon(
    """
    bank ministry department commission committee agency council court union board
    institute foundation fund exchange university party government treasury
    administration office authority parliament congress senate assembly reserve
    """
)
_NATIONAL_BODIES: Final[frozenset[str]] = frozenset(
    {"congress", "senate", "parliament", "assembly", "government", "union", "administration"}
)
FEMALE_ROLE_WORDS: Final[frozenset[str]] = frozenset(
    {"spokeswoman", "congresswoman", "chairwoman", "queen", "princess", "dame", "lady"}
)
MALE_ROLE_WORDS: Final[frozenset[str]] = frozenset(
    {"spokesman", "congressman", "chairman", "king", "prince", "sir", "lord"}
)
# Small lists of first names common in news that are clearly female or male; everything
# else is left unknown rather than guessed, and pronoun evidence in the text fills the rest.
FEMALE_FIRST_NAMES: Final[frozenset[str]] = lexicon(
    """
    hillary nancy elizabeth kellyanne huma melania ivanka sarah maria angela theresa
    marine ursula kamala nikki michelle donna debbie carly jill susan mary jennifer
    karen lisa laura barbara ann anne katie megyn kayleigh jen heather amy kirsten
    claire tammy dianne patty maxine tulsi liz kristi kari loretta sally chelsea
    condoleezza madeleine janet samantha christine catherine kate emily emma olivia
    sophia hannah rachel rebecca jessica ashley amanda melissa stephanie nicole victoria
    julia linda patricia margaret helen dorothy betty sandra carol ruth sharon cynthia
    kathleen shirley deborah joan judith judy alice hope marsha lindsey valerie yulia
    kaja annalena giorgia mette sanna jacinda
    """
)
MALE_FIRST_NAMES: Final[frozenset[str]] = lexicon(
    """
    barack donald joe bernie ted marco jeb john mike mitch paul rand ben bill george
    james robert michael david richard thomas charles joseph mark steven steve kevin jim
    tim tom rick scott ryan jeff jason eric brian gary larry frank peter reince newt rudy
    chuck harry martin jared corey roger sean tucker rush glenn bob
    andrew anthony daniel matthew christopher edward henry william jack vladimir sergei
    dmitry emmanuel boris rishi keir olaf volodymyr recep xi narendra benjamin justin
    """
)
# First names the US Social Security Administration's counts give to one sex almost
# always (``python -m benchmarks.first_names``): a weaker guess than the lists above, which
# the article's own pronouns override.
FIRST_NAMES_PATH: Final[Path] = Path(__file__).with_name("first_names.tsv.gz")


@functools.cache
def first_name_genders() -> dict[str, Gender]:
    """Lowercased first name -> the sex it is given to; empty when the table is absent."""
    if not FIRST_NAMES_PATH.exists():
        return {}
    out: dict[str, Gender] = {}
    with gzip.open(FIRST_NAMES_PATH, "rt", encoding="utf-8") as fh:
        for line in fh:
            name, gender = line.rstrip("\n").split("\t")
            out[name] = "f" if gender == "f" else "m"
    return out


_PARTY_MEMBERS: Final[frozenset[str]] = frozenset(
    {"democrat", "democrats", "republican", "republicans"}
)
# Punctuation a tagger may glue to a name ("” Macron", "Putin,").
_NAME_EDGE = "“”„\"‘’'«»,;:()[]—–-"
_CONTRACTION = re.compile(r"[’'](?:m|re|ve|ll|d|t)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(slots=True)
class Cluster:
    """One person or organisation and everything the article calls it."""

    name: str
    kind: SpeakerKind
    tokens: list[str]
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: Gender | None = None
    votes_m: int = 0
    votes_f: int = 0
    mentions: int = 0
    # The sex the first name is usually given to: used only where neither the words naming
    # the person (an honorific, a role) nor the pronouns after them say.
    name_gender: Gender | None = None

    def respell(self, name: str) -> None:
        """Take the body text's spelling of a name first met in a capitalised headline
        ("ADSTEAM RIGHTS ISSUE", "LLOYDS BANK PULLS OUT")."""
        if self.name.isupper() and not name.isupper():
            self.name, self.tokens = name, name.split()

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def add_role(self, role: str) -> None:
        # Dashes set off an apposition as commas do ("John Dickey -- the head of …"), and
        # the article is not part of the role.
        role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,-—–"), flags=re.I)
        if role and role.lower() not in {r.lower() for r in self.roles}:
            self.roles.append(role)

    @property
    def likely_gender(self) -> Gender | None:
        if self.gender is not None:
            return self.gender
        if self.votes_f > self.votes_m:
            return "f"
        if self.votes_m > self.votes_f:
            return "m"
        return self.name_gender


@dataclass(frozen=True, slots=True)
class Mention:
    """A clustered mention outside quotations, for recency-based pronoun resolution."""

    word: int
    sent: int
    cluster: int
    subject: bool
    # A subject of a clause inside another (the "Harry" of "Kennedy said Harry was …"): the
    # main clause's subject, the one who says it, is the likelier antecedent on a tie.
    embedded: bool = False


@dataclass(frozen=True, slots=True)
class Unnamed:
    """A subject naming no one ("a spokesman", "trade sources"), for the pronouns after it.

    ``cluster`` is the organisation it speaks for where the words say ("a Federal Reserve
    spokesman"), so that "he" then means what the spokesman's own quote is attributed to.
    """

    word: int
    sent: int
    plural: bool
    gender: Gender | None
    embedded: bool
    cluster: int | None


_INDEFINITE: Final[frozenset[str]] = lexicon("a an another some several many")
_NAME_SUFFIXES: Final[frozenset[str]] = frozenset({"Jr", "Sr", "II", "III", "IV"})
# How far back an unnamed person in a clause below another ("as one employee told the
# paper, …") stays a likely "she": the sentence before; further back, her chain decides.
_EMBEDDED_UNNAMED_SENTENCES: Final[int] = 1

# What ``_most_salient`` answers when the antecedent is a person the article never names.
UNNAMED: Final[int] = -1


def _clean_name_tokens(text: str) -> tuple[list[str], list[str], Gender | None]:
    """Split entity text into (name tokens, leading role/honorific tokens, honorific gender)."""
    tokens = [t.strip(_NAME_EDGE) for t in text.replace("\n", " ").split()]
    tokens = [t for t in tokens if t]
    if tokens and _POSSESSIVE.search(tokens[-1]):
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
        if not tokens[-1]:
            tokens.pop()
    lead: list[str] = []
    gender: Gender | None = None
    while tokens and (
        tokens[0].lower() in ROLE_WORDS
        or tokens[0].lower() in HONORIFICS
        or tokens[0].lower() == "the"
    ):
        low = tokens[0].lower()
        if low in HONORIFICS:
            gender = HONORIFICS[low] or gender
        lead.append(tokens.pop(0))
    return tokens, lead, gender


# Titles only people carry, written before the name (without the abbreviation's point).
_PERSON_TITLES: Final[frozenset[str]] = frozenset(
    {h.rstrip(".") for h in HONORIFICS}
    | {"sen", "senator", "rep", "representative", "gov", "governor", "congressman"}
    | {"congresswoman", "president", "rev", "gen", "lt", "col", "sgt", "adm"}
)


def _party_label(text: str) -> bool:
    """Whether an entity the NER called a person is a place and a party ("an Orlando
    Democrat", "a Texas Republican"): nobody's name, though its first word may look like a
    first name."""
    words = text.lower().split()
    return bool(words) and words[-1].strip(_NAME_EDGE) in _PARTY_MEMBERS


def _name_key(text: str) -> str:
    """An entity's name without titles, case or possessive, for counting how it is typed."""
    return " ".join(_clean_name_tokens(text)[0]).lower()


_MALE_PRONOUNS: Final[frozenset[str]] = frozenset({"he", "him", "his", "himself"})
_FEMALE_PRONOUNS: Final[frozenset[str]] = frozenset({"she", "her", "hers", "herself"})
# How far back a pronoun with no person named nearby follows the pronouns before it.
_CHAIN_SENTENCES: Final[int] = 8

# Relations by which a name modifies another noun ("Cruz backers", "Carson's picture").
_MODIFIER_RELATIONS: Final[frozenset[str]] = frozenset(
    {"compound", "amod", "nmod:poss", "nmod:desc", "nmod"}
)

# Relations that attach a name inside a larger noun phrase rather than heading it.
_NAME_INSIDE_PHRASE: Final[frozenset[str]] = frozenset({"flat", "flat:name", "compound", "appos"})
_EMBEDDING_RELATIONS: Final[frozenset[str]] = frozenset({"ccomp", "xcomp", "advcl", "acl", "csubj"})


class PeopleRegistry:
    """Clusters of the article's named people and organisations, with mention order."""

    def __init__(self, doc: Doc, quoted_chars: list[bool]) -> None:
        self.doc = doc
        self.clusters: list[Cluster] = []
        self.entity_cluster: dict[int, int] = {}
        self.mentions: list[Mention] = []
        self._quoted = quoted_chars
        self._chained: dict[int, int | None] = {}  # pronoun word -> what its chain means
        self._seen_at: dict[int, list[int]] = {}  # cluster -> sorted entity positions
        self.mention_words: list[int] = []
        self.unnamed: list[Unnamed] = []
        self.unnamed_words: list[int] = []
        self._build()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        as_person = [
            (e.is_person or self._titled(e)) and not _party_label(e.text) for e in self.doc.entities
        ]
        persons = [(k, e) for k, e in enumerate(self.doc.entities) if as_person[k]]
        # Full names first, so that a surname met before the full name still finds it.
        multi = [(k, e) for k, e in persons if len(_clean_name_tokens(e.text)[0]) >= 2]
        single = [(k, e) for k, e in persons if len(_clean_name_tokens(e.text)[0]) <= 1]
        for k, e in multi:
            self.entity_cluster[k] = self._add_full_name(e)
            bisect.insort(self._seen_at.setdefault(self.entity_cluster[k], []), e.first)
        for k, e in single:
            cluster = self._match_single(e)
            if cluster is not None:
                self.entity_cluster[k] = cluster
                bisect.insort(self._seen_at.setdefault(cluster, []), e.first)
        votes = self._person_votes(as_person)
        for k, e in enumerate(self.doc.entities):
            if e.is_person or k in self.entity_cluster:
                continue
            if e.is_org:
                person = self._known_person(e)
            elif self._retypable(e):
                person = self._known_person(e, votes)
            else:
                continue
            if person is not None:
                bisect.insort(self._seen_at.setdefault(person, []), e.first)
                self.entity_cluster[k] = person
            elif e.is_org:
                self.entity_cluster[k] = self._add_org(e)
        for k, e in enumerate(self.doc.entities):
            cluster = self.entity_cluster.get(k)
            if cluster is None:
                continue
            self._collect_role(e, self.clusters[cluster])
            if not self._quoted[e.start]:
                head = self._entity_head(e)
                subject = self._is_subject(head)
                embedded = subject and self._in_embedded_clause(head)
                self.mentions.append(
                    Mention(head, self.doc.words[head].sent, cluster, subject, embedded)
                )
        self.mentions.sort(key=lambda m: m.word)
        self.mention_words = [m.word for m in self.mentions]
        self._pronoun_votes()
        self.unnamed = self._unnamed_subjects()
        self.unnamed_words = [u.word for u in self.unnamed]

    def _unnamed_subjects(self) -> list[Unnamed]:
        """Subjects outside quotations that are people the article does not name.

        A new person comes in with an indefinite article or a number ("a spokesman", "one
        California delegate", "trade sources"); "the senator", "the 57-year-old scientist"
        and "his wife" refer back to someone, most often the newsmaker named before, so no
        definite singular counts.  Not a noun with a person's name in or beside it ("GOP
        frontrunner Donald Trump", "a worker named Antonio Arroyo", "Ammar, head of the
        group,"): those are named mentions.
        """
        words = self.doc.words
        found: list[Unnamed] = []
        for w in words:
            lemma = w.lemma.lower()
            if (
                not w.deprel.startswith("nsubj")
                or w.upos != "NOUN"
                or w.entity >= 0
                or not is_unnamed_speaker_noun(w)
                or self._quoted[w.start]
                or self._names_a_person(w.i)
            ):
                continue
            text = w.text.lower()
            plural = (
                w.xpos == "NNS"
                or text in ("people", "police", "men", "women")
                or (text.endswith("s") and text != lemma)
            )
            dets = {words[c].lemma.lower() for c in w.children if words[c].deprel == "det"}
            counted = any(words[c].deprel == "nummod" for c in w.children)
            if not plural and not (counted or dets & _INDEFINITE):
                continue
            if self.resolve_description(w.i) is not None:
                continue
            # As ``Attributor.resolve_speaker`` reads the spokesman's own words: a body
            # compounded onto the noun, not one after "for" or a possessive.
            org = next(
                (
                    cluster
                    for c in w.children
                    if words[c].deprel == "compound"
                    and (cluster := self.cluster_of_word(c)) is not None
                    and self.clusters[cluster].kind == "organization"
                ),
                None,
            )
            gender: Gender | None = (
                "f"
                if text in FEMALE_ROLE_WORDS or text == "woman"
                else "m"
                if text in MALE_ROLE_WORDS or text == "man"
                else None
            )
            embedded = self._in_embedded_clause(w.i)
            found.append(Unnamed(w.i, w.sent, plural, gender, embedded, org))
        return found

    def _names_a_person(self, noun: int) -> bool:
        """Whether a common noun's own phrase names the person it means.

        A name in apposition, compounded or flat ("adviser Jane Doe"), one the noun
        introduces ("a worker named Antonio Arroyo"), the name before a comma that sets the
        noun off ("Ammar, head of the group,": the parse lost the apposition) or one set
        off by commas after the noun's phrase.  A name hanging by a preposition or a
        possessive is someone else ("a spokesman for Trump").
        """
        words = self.doc.words
        stack = list(words[noun].children)
        while stack:
            k = stack.pop()
            if words[k].deprel in ("nmod", "nmod:poss", "acl:relcl", "obl", "case", "punct"):
                continue
            cluster = self.cluster_of_word(k)
            if cluster is not None and self.clusters[cluster].kind == "person":
                return True
            stack.extend(words[k].children)
        left = min(
            [noun, *(c for c in words[noun].children if c < noun and words[c].upos != "PUNCT")]
        )
        if left > 1 and words[left - 1].text == ",":
            k = left - 2
            if words[k].text.rstrip(".") in _NAME_SUFFIXES and k > 0:
                k -= 1  # "Joseph R. Murray II, a onetime lawyer"
            if words[k].upos == "PROPN":
                return True
        # "another governor who has not backed Mr. Trump, Susana Martinez of New Mexico,
        # appeared": a name set off by a comma between the noun and its verb is its own.
        end = words[noun].head
        if end < noun:  # "said a former spokesman for the ministry, Oleg Voloshyn, who …"
            end = min(noun + 12, self.doc.sentences[words[noun].sent].last + 1)
        return any(
            words[k - 1].text == ","
            and (cluster := self.cluster_of_word(k)) is not None
            and self.clusters[cluster].kind == "person"
            for k in range(noun + 2, end)
        )

    def _entity_head(self, e: Entity) -> int:
        """The entity word whose head lies outside the entity (the syntactic head)."""
        for k in range(e.first, e.last + 1):
            h = self.doc.words[k].head
            if h < e.first or h > e.last:
                return k
        return e.last

    def _in_embedded_clause(self, k: int) -> bool:
        """Whether a word's clause hangs below another clause (complement, adverbial, relative)."""
        words = self.doc.words
        for _ in range(12):
            w = words[k]
            if w.head < 0:
                return False
            if w.deprel.split(":")[0] in _EMBEDDING_RELATIONS:
                return True
            k = w.head
        return False

    def _is_subject(self, k: int) -> bool:
        """Whether the noun phrase a name belongs to is a subject.

        The name can sit below the phrase's head: "House Speaker Paul Ryan" is headed by
        "Speaker" with the name attached as ``flat``, and "the senator, Paul Ryan" puts it
        in apposition.
        """
        words = self.doc.words
        for _ in range(4):
            w = words[k]
            if w.deprel.startswith("nsubj"):
                return True
            if w.deprel not in _NAME_INSIDE_PHRASE or w.head < 0:
                return False
            k = w.head
        return False

    def _add_full_name(self, e: Entity) -> int:
        tokens, lead, gender = _clean_name_tokens(e.text)
        low = [t.lower() for t in tokens]
        for idx, c in enumerate(self.clusters):
            if c.kind != "person":
                continue
            ctoks = [t.lower() for t in c.tokens]
            if ctoks == low:
                c.respell(" ".join(tokens))
                self._note(c, e.text, lead, gender)
                return idx
            if ctoks[-1] == low[-1] and (
                len(ctoks) == 1 or ctoks[0] == low[0] or ctoks[0][0] == low[0][0]
            ):
                if len(low) > len(ctoks):
                    c.add_alias(c.name)
                    c.name, c.tokens = " ".join(tokens), tokens
                self._note(c, e.text, lead, gender)
                return idx
        cluster = Cluster(name=" ".join(tokens), kind="person", tokens=tokens)
        self._note(cluster, e.text, lead, gender)
        first = low[0]
        if cluster.gender is None and first in FEMALE_FIRST_NAMES:
            cluster.gender = "f"
        elif cluster.gender is None and first in MALE_FIRST_NAMES:
            cluster.gender = "m"
        elif cluster.gender is None and not self._after_first_name(e):
            cluster.name_gender = first_name_genders().get(first)
        self.clusters.append(cluster)
        return len(self.clusters) - 1

    def _after_first_name(self, e: Entity) -> bool:
        """Whether a first name stands right before the entity, which the NER cut off
        ("Christine" of "Christine Todd Whitman"): the entity's first word is then a
        middle name, and says nothing of the person's sex."""
        if e.first == 0:
            return False
        before = self.doc.words[e.first - 1].text
        return before[:1].isupper() and before.lower() in first_name_genders()

    def _note(self, c: Cluster, surface: str, lead: list[str], gender: Gender | None) -> None:
        c.mentions += 1
        c.add_alias(_POSSESSIVE.sub("", surface.strip().strip(_NAME_EDGE).strip()))
        roles = [t for t in lead if t.lower() not in HONORIFICS and t.lower() != "the"]
        if roles:
            c.add_role(" ".join(roles))
        if gender is not None and c.gender is None:
            c.gender = gender

    def _person_votes(self, as_person: list[bool]) -> dict[str, int]:
        """Per name, how much more often the article calls it a person (typed or titled
        as one, ``as_person`` per entity) than not."""
        votes: dict[str, int] = {}
        for e, person in zip(self.doc.entities, as_person, strict=True):
            key = _name_key(e.text)
            votes[key] = votes.get(key, 0) + (1 if person else -1)
        return votes

    def _retypable(self, e: Entity) -> bool:
        """Whether a place or other name (not an organisation) may be a person's mention.

        The NER types one name differently from sentence to sentence ("Cruz" a place);
        such a mention may join the person of that name (``_known_person``), but never as
        a modifier ("Cruz backers", "Carson's picture": another noun heads the phrase).
        """
        if _POSSESSIVE.search(e.text.strip()):
            return False
        return self.doc.words[self._entity_head(e)].deprel not in _MODIFIER_RELATIONS

    def _titled(self, e: Entity) -> bool:
        """Whether a name the NER did not call a person has a person's title before it or
        opening it ("Sen. Ted Cruz" with "Ted Cruz" a place): only people carry these."""
        words = self.doc.words
        if e.last > e.first and words[e.first].text.lower().rstrip(".") in _PERSON_TITLES:
            return True
        k = e.first - 1
        point = k > 0 and words[k].text == "."
        if point:
            k -= 1  # "Sen ." tokenized apart, often with a sentence end after the point
        return (
            k >= 0
            and (point or words[k].sent == words[e.first].sent)
            and words[k].text[:1].isupper()
            and words[k].text.lower().rstrip(".") in _PERSON_TITLES
        )

    def _match_single(self, e: Entity) -> int | None:
        tokens, lead, gender = _clean_name_tokens(e.text)
        # "Mrs. Clinton" where the NER left the honorific out of the name: it still tells
        # Hillary from Bill (a person known to be of its sex first, then one of unknown
        # sex, who takes it only when alone), though not which of two women.
        outside = HONORIFICS.get(self.doc.words[e.first - 1].text.lower()) if e.first else None
        if not tokens:
            # A surname that is also a title word ("King said", after "Congressman Pete
            # King"): only an established person of that surname (or title), never a new
            # cluster.
            if not lead or not lead[-1][:1].isupper():
                return None
            surname = lead[-1].lower()
            known = [
                idx
                for idx, c in enumerate(self.clusters)
                if c.kind == "person" and len(c.tokens) > 1 and c.tokens[-1].lower() == surname
            ]
            if not known:
                # A title alone ("Pastor" in a headline) is the one person who bears it.
                title = " ".join(lead).lower()
                known = [
                    idx
                    for idx, c in enumerate(self.clusters)
                    if c.kind == "person" and title in (r.lower() for r in c.roles)
                ]
                if len(known) != 1:
                    return None
            best = max(known, key=lambda idx: self._last_seen_before(idx, e.first))
            self._note(self.clusters[best], e.text, [], gender)
            return best
        low = tokens[0].lower()
        candidates = [
            idx
            for idx, c in enumerate(self.clusters)
            if c.kind == "person" and low in (t.lower() for t in c.tokens)
        ]
        if gender is not None:
            same = [idx for idx in candidates if self.clusters[idx].likely_gender in (gender, None)]
            candidates = same or candidates
        elif outside is not None:
            known = [idx for idx in candidates if self.clusters[idx].likely_gender == outside]
            narrowed = known or [
                idx for idx in candidates if self.clusters[idx].likely_gender is None
            ]
            if len(narrowed) == 1 and not known:
                gender = outside
            # No one fits: the honorific or a first-name guess is wrong ("Mr. Graham" after
            # "Lindsey Graham"), and the surname decides as before.
            candidates = narrowed or candidates
        if candidates:
            # Prefer the cluster mentioned most recently before this mention.
            best = max(candidates, key=lambda idx: self._last_seen_before(idx, e.first))
            self._note(self.clusters[best], e.text, lead, gender)
            return best
        cluster = Cluster(name=tokens[0], kind="person", tokens=tokens)
        self._note(cluster, e.text, lead, gender)
        self.clusters.append(cluster)
        return len(self.clusters) - 1

    def _last_seen_before(self, cluster: int, word: int) -> int:
        seen = self._seen_at.get(cluster, [])
        pos = bisect.bisect_left(seen, word)
        return seen[pos - 1] if pos > 0 else -1

    def _known_person(self, e: Entity, votes: dict[str, int] | None = None) -> int | None:
        """The person a mention not typed as one names, if the article already gave a
        person that name.

        Taggers label a surname ORG in some sentences ("while Trump, for his part,
        claimed"); within one article a name already established as a person's stays that
        person.  With ``votes`` (places and other types) the person must be certain, by a
        known first name, an honorific or a title, or the article must call the name a
        person at least as often as anything else: one stray person tag must not make
        "France" or "Judicial Watch" a person everywhere.
        """
        tokens, lead, gender = _clean_name_tokens(e.text)
        low = [t.lower() for t in tokens]
        if not low:
            return None
        candidates = [
            idx
            for idx, c in enumerate(self.clusters)
            if c.kind == "person" and low in ([t.lower() for t in c.tokens], [c.tokens[-1].lower()])
        ]
        if votes is not None and votes.get(_name_key(e.text), 0) < 0:
            candidates = [
                idx
                for idx in candidates
                if self.clusters[idx].gender is not None or self.clusters[idx].roles
            ]
        if not candidates:
            return None
        best = max(candidates, key=lambda idx: self._last_seen_before(idx, e.first))
        self._note(self.clusters[best], e.text, lead, gender)
        return best

    def _add_org(self, e: Entity) -> int:
        name = re.sub(r"^(?:the|The)\s+", "", _POSSESSIVE.sub("", e.text.strip()))
        short = self._bracketed_short_name(e)
        if short is not None:
            self.clusters[short].add_alias(name)
            return short
        orgs = [(idx, c) for idx, c in enumerate(self.clusters) if c.kind == "organization"]
        for idx, c in orgs:
            if name == c.name or name in c.aliases:
                return idx
        for idx, c in orgs:
            if name.lower() in (c.name.lower(), *(a.lower() for a in c.aliases)):
                c.respell(name)
                return idx
        # "The Treasury" after "the Italian Treasury", "the Commission" after "the EC
        # Executive Commission": the body's kind alone names it when one body of that
        # kind was named before.  Not a legislature or a government: named bare, it is
        # most often the country's own ("Congress" after "the National People's Congress").
        if name.lower() in BODY_NAME_NOUNS - _NATIONAL_BODIES:
            same_kind = [
                idx for idx, c in orgs if len(c.tokens) > 1 and c.tokens[-1].lower() == name.lower()
            ]
            if len(same_kind) == 1:
                self.clusters[same_kind[0]].add_alias(name)
                return same_kind[0]
        self.clusters.append(Cluster(name=name, kind="organization", tokens=name.split()))
        return len(self.clusters) - 1

    def _bracketed_short_name(self, e: Entity) -> int | None:
        """The organisation an entity in brackets right after it abbreviates.

        "The Adelaide Steamship Co Ltd (Adsteam) said", "the Federal Election Commission
        (FEC)": the article then speaks of "Adsteam" and "the FEC", which are the same body.
        """
        words = self.doc.words
        k = e.first - 1
        if k < 1 or words[k].text != "(" or e.last + 1 >= len(words):
            return None
        if words[e.last + 1].text != ")" or words[k - 1].entity < 0:
            return None
        cluster = self.entity_cluster.get(words[k - 1].entity)
        if cluster is None or self.clusters[cluster].kind != "organization":
            return None
        return cluster

    def _collect_role(self, e: Entity, c: Cluster) -> None:
        """Roles written before the name ("Kremlin spokesperson Dmitry Peskov") or in apposition."""
        if c.kind != "person":
            return
        words = self.doc.words
        sent = self.doc.sentences[words[e.first].sent]
        k = e.first - 1
        picked: list[int] = []
        while k >= sent.first and len(picked) < 5:
            w = words[k]
            low = w.text.lower()
            if (
                (low in ("’s", "'s") and k - 1 >= sent.first and words[k - 1].text[:1].isupper())
                or low in ROLE_WORDS
                or (w.text[:1].isupper() and w.upos in ("PROPN", "ADJ", "NOUN") and w.entity == -1)
                or (
                    w.text[:1].isupper()
                    and w.entity >= 0
                    and (
                        not self.doc.entities[w.entity].is_person
                        # "Kremlin spokesperson": a mis-tagged modifier of a role word.
                        or any(words[j].text.lower() in ROLE_WORDS for j in picked)
                    )
                )
            ):
                picked.append(k)
            else:
                break
            k -= 1
        if picked:
            first = min(picked)
            role_words = [words[j].text.lower() for j in picked]
            if any(r in ROLE_HEADS for r in role_words):
                role = self.doc.text[words[first].start : words[e.first].start].strip()
                c.add_role(role)
                c.add_alias(self.doc.text[words[first].start : e.end])
                self._gender_from_role(c, role_words)
        head = self._entity_head(e)
        for child in words[head].children:
            if words[child].deprel == "appos" and words[child].entity == -1:
                span = self.doc.subtree(child)
                # A parse may hang the next quotation on the apposition ("…, said Edward
                # Leamer, an economist at the university, “is that …”"): the role ends there.
                cut = next((n for n, j in enumerate(span) if words[j].text in ALL_MARKS), None)
                span = span[:cut]
                while span and words[span[-1]].upos == "PUNCT":
                    span.pop()
                if not span:
                    continue
                role_words = [words[j].text.lower() for j in span]
                if any(r in ROLE_HEADS for r in role_words):
                    text = self.doc.text[words[span[0]].start : words[span[-1]].end]
                    c.add_role(text)
                    self._gender_from_role(c, role_words)

    @staticmethod
    def _gender_from_role(c: Cluster, role_words: list[str]) -> None:
        if c.gender is not None:
            return
        if any(r in FEMALE_ROLE_WORDS for r in role_words):
            c.gender = "f"
        elif any(r in MALE_ROLE_WORDS for r in role_words):
            c.gender = "m"

    def _pronoun_votes(self) -> None:
        """Weak gender evidence: the first he/she after a lone person subject."""
        words = self.doc.words
        by_sent: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_sent.setdefault(m.sent, []).append(m)
        for sent_idx, ms in by_sent.items():
            people = {m.cluster for m in ms if self.clusters[m.cluster].kind == "person"}
            if len(people) != 1:
                continue
            cluster = self.clusters[next(iter(people))]
            sents = self.doc.sentences[sent_idx : sent_idx + 2]
            for s in sents:
                for w in words[s.first : s.last + 1]:
                    if w.i <= ms[0].word or self._quoted[w.start]:
                        continue
                    low = w.text.lower()
                    if low in ("he", "him", "his"):
                        cluster.votes_m += 1
                        break
                    if low in ("she", "her", "hers"):
                        cluster.votes_f += 1
                        break
                else:
                    continue
                break

    # ------------------------------------------------------------------ lookups

    def cluster_of_word(self, i: int) -> int | None:
        e = self.doc.words[i].entity
        return self.entity_cluster.get(e) if e >= 0 else None

    def resolve_pronoun(self, word: int, pronoun: str) -> int | None:
        """The most salient compatible antecedent before ``word``.

        Candidates come from the same and the three previous sentences; a subject in an
        earlier sentence beats a non-subject, recency breaks ties -- the usual news pattern
        "Putin said ... He also emphasized ...".
        """
        low = pronoun.lower()
        if low in _MALE_PRONOUNS:
            want: set[Gender | None] = {"m", None}
            kinds: set[str] = {"person"}
        elif low in _FEMALE_PRONOUNS:
            want = {"f", None}
            kinds = {"person"}
        elif low in ("they", "them", "their", "it", "its", "we"):
            want = {"m", "f", None}
            kinds = {"organization"} if low in ("it", "its") else {"organization", "person"}
        else:
            return None
        plural = low in ("they", "them", "their", "we")
        found = self._most_salient(
            word,
            want,
            kinds,
            lambda c: not (plural and c.kind == "person"),
            speaker_first=low in ("he", "she", "they"),
            plural=plural,
        )
        if found == UNNAMED:
            return None
        if found is None and kinds == {"person"}:
            found = self._chained_pronoun(word, low in _MALE_PRONOUNS)
        return found

    def _chained_pronoun(self, word: int, male: bool) -> int | None:
        """Who the nearest earlier "he" (or "she") means, when no person is named nearby.

        A profile names its subject once and then says "he" for paragraphs ("the
        admiral … he said"); each pronoun means what the one before it meant.  Only back
        over ``_CHAIN_SENTENCES`` sentences and outside quotations (a quoted "he" is the
        speaker's, not the article's).
        """
        if word in self._chained:
            return self._chained[word]
        self._chained[word] = None  # no cycles while this one is being resolved
        words = self.doc.words
        group = _MALE_PRONOUNS if male else _FEMALE_PRONOUNS
        stop_sent = words[word].sent - _CHAIN_SENTENCES
        found: int | None = None
        for k in range(word - 1, -1, -1):
            w = words[k]
            if w.sent < stop_sent:
                break
            if w.text.lower() in group and not self._quoted[w.start]:
                found = self.resolve_pronoun(k, w.text)
                break
        if found is not None and self.clusters[found].likely_gender != ("m" if male else "f"):
            found = None  # a chain carries only a person known to be a man (a woman)
        self._chained[word] = found
        return found

    def _most_salient(
        self,
        word: int,
        want: set[Gender | None],
        kinds: set[str],
        fits: Callable[[Cluster], bool],
        sentences_back: int = 3,
        speaker_first: bool = False,
        plural: bool = False,
    ) -> int | None:
        """The antecedent a pronoun or description before ``word`` most likely means.

        With ``speaker_first`` (a subject pronoun, which in news most often goes on with the
        one who spoke last), a main clause's subject beats the subject of a clause it
        reports when nothing else tells them apart ("Kennedy said Harry was … “…,” he
        added"), and the people the article leaves unnamed compete too: after "Trump
        said … A spokesman said …" a "he" is the spokesman, whom no name can give
        (``UNNAMED``, or the organisation he speaks for), and after "trade sources said"
        a "they" is not the body their words were about.  Descriptions and possessives go
        by recency: "the senator" is the newsmaker more often than the one reporting on him.
        """
        sent = self.doc.words[word].sent
        best: tuple[int, int, int, bool] | None = None
        best_cluster: int | None = None
        stop = bisect.bisect_left(self.mention_words, word)
        for m in reversed(self.mentions[max(0, stop - 200) : stop]):
            if m.sent < sent - sentences_back:
                break
            c = self.clusters[m.cluster]
            if c.kind not in kinds:
                continue
            g = c.likely_gender
            if g not in want or not fits(c):
                continue
            # Exact gender match beats unknown gender for she/he.
            gender_score = 1 if (g is not None) else 0
            same_sentence = m.sent == sent
            score = (
                0 if same_sentence and not m.subject else 1,
                m.sent,
                2 * int(m.subject) + gender_score,
                speaker_first and not m.embedded,
            )
            if best is None or score > best:
                best, best_cluster = score, m.cluster
        if not speaker_first:
            return best_cluster
        for u in self._unnamed_before(word, sentences_back):
            if u.plural != plural or u.gender not in want:
                continue
            if u.embedded and u.sent < sent - _EMBEDDED_UNNAMED_SENTENCES:
                continue
            score = (1, u.sent, 2 + int(u.gender is not None), not u.embedded)
            if best is None or score > best:
                best, best_cluster = score, UNNAMED if u.cluster is None else u.cluster
        return best_cluster

    def resolve_description(self, head: int) -> int | None:
        """Match "the Kremlin spokesperson" to a person introduced with that role earlier,
        and "the bank" to the body the article named."""
        words = self.doc.words
        head_low = words[head].lemma.lower()
        if head_low in BODY_NAME_NOUNS:
            return self._body_described(head)
        if head_low not in ROLE_HEADS:
            return None
        mods = {
            words[c].text.lower()
            for c in words[head].children
            if words[c].deprel in ("compound", "amod", "nmod:poss", "nmod") and words[c].i < head
        }
        best: int | None = None
        best_pos = -1
        stop = bisect.bisect_left(self.mention_words, head)
        for m in self.mentions[max(0, stop - 200) : stop]:
            c = self.clusters[m.cluster]
            for role in c.roles:
                role_words = {w.lower().strip("’'s") for w in role.split()}
                role_low = role.lower().split()
                if head_low not in role_low and words[head].text.lower() not in role_low:
                    continue
                if mods and not mods & role_words and not mods & set(role_low):
                    continue
                if m.word > best_pos:
                    best, best_pos = m.cluster, m.word
        if best is None:
            best = self._antecedent_of_description(head)
        if best is None:
            best = self._unnamed_body(head)
        return best

    def _definite(self, head: int) -> bool:
        """Whether a noun takes "the": a description referring back, not a new referent."""
        words = self.doc.words
        return any(
            words[c].text.lower() == "the" and words[c].deprel == "det"
            for c in words[head].children
        )

    def _unnamed_before(self, word: int, sentences_back: int) -> Iterator[Unnamed]:
        """The unnamed subjects before ``word``, nearest first, back over that many
        sentences."""
        stop = self.doc.words[word].sent - sentences_back
        for u in reversed(self.unnamed[: bisect.bisect_left(self.unnamed_words, word)]):
            if u.sent < stop:
                return
            yield u

    def _unnamed_body(self, head: int) -> int | None:
        """The body an unnamed speaker introduced just before speaks for, when "the
        spokesman" refers back to "a Federal Reserve spokesman"."""
        words = self.doc.words
        if not self._definite(head):
            return None
        lemma = words[head].lemma.lower()
        for u in self._unnamed_before(head, _CHAIN_SENTENCES):
            if words[u.word].lemma.lower() == lemma and not u.plural:
                return u.cluster
        return None

    def _body_described(self, head: int) -> int | None:
        """The organisation "the bank", "the ministry" or "the board" refers back to.

        Wire copy names a body once and then says "the bank said" for paragraphs.  Only a
        bare "the" + noun ("the bank's board", "the bank of Japan" and "the Clinton
        campaign" are other things), and only a body named in the sentences before whose
        name holds the noun ("Lloyds Bank Plc" for "the bank"), the likeliest by salience.
        """
        words = self.doc.words
        w = words[head]
        noun = w.lemma.lower()
        if w.text.lower() != noun:
            return None  # a plural ("the companies") or a possessive
        children = w.children
        if not self._definite(head):
            return None
        if any(
            words[c].entity >= 0
            or (c > head and words[c].upos != "PUNCT")
            or words[c].deprel in _MODIFIER_RELATIONS
            for c in children
        ):
            return None

        def fits(c: Cluster) -> bool:
            return noun in {t.lower().strip(".,") for t in c.tokens}

        return self._most_salient(head, {None, "m", "f"}, {"organization"}, fits)

    def _antecedent_of_description(self, head: int) -> int | None:
        """The person a definite description introduced by no role of theirs refers back to.

        News varies its names: "Marco Rubio says … The Florida senator is predicting",
        "Donald Trump is telling supporters … The billionaire businessman says".  A bare
        "the (…) senator" with nothing after the noun is read like "he": the most salient
        person of the two sentences before, though not one whose own titles name another
        office (a governor is not "the senator"), and never a person of this sentence (in
        "Trump is dangerous, the senator said" the senator is someone else).
        """
        words = self.doc.words
        w = words[head]
        noun = w.lemma.lower()
        if noun not in DESCRIPTION_NOUNS or w.text.lower() != noun:
            return None  # nor a plural ("the candidates")
        children = words[head].children
        if not self._definite(head):
            return None
        if any(c > head and words[c].upos != "PUNCT" for c in children):
            return None  # "the senator from Ohio", "the candidate who …": a new person
        if any(words[c].entity >= 0 for c in children):
            return None  # "the Cruz campaign", "the Obama administration"
        text = w.text.lower()
        want: set[Gender | None] = (
            {"f", None}
            if text in FEMALE_ROLE_WORDS
            else {"m", None}
            if text in MALE_ROLE_WORDS
            else {"m", "f", None}
        )

        def fits(c: Cluster) -> bool:
            offices = {
                _ABBREVIATED_TITLES.get(t, t)
                for role in c.roles
                for t in role.lower().split()
                if _ABBREVIATED_TITLES.get(t, t) in ROLE_HEADS
            }
            # A lone word the NER called a person ("Doral", a resort) is no antecedent.
            certain = (
                len(c.tokens) > 1
                or c.gender is not None
                or bool(c.roles)
                or c.tokens[0].lower() in FEMALE_FIRST_NAMES
                or c.tokens[0].lower() in MALE_FIRST_NAMES
            )
            return certain and (noun not in ROLE_HEADS or not offices or noun in offices)

        first_of_sentence = self.doc.sentences[w.sent].first
        return self._most_salient(first_of_sentence, want, {"person"}, fits, sentences_back=2)

    def mentioned_outside(self, cluster: int, first: int, last: int) -> bool:
        """Whether the article names this cluster anywhere but in words ``first..last``."""
        return any(
            found == cluster and not first <= self.doc.entities[k].first <= last
            for k, found in self.entity_cluster.items()
        )

    def find_by_name(self, text: str) -> int | None:
        """A cluster whose name or alias equals the text, or whose surname it is; never a
        person of the other sex than an honorific in the text says ("Mrs. Clinton")."""
        tokens, _, gender = _clean_name_tokens(text)
        if not tokens:
            return None
        joined = " ".join(tokens).lower()
        fitting = [
            (idx, c)
            for idx, c in enumerate(self.clusters)
            if gender is None or c.kind != "person" or c.likely_gender in (gender, None)
        ]
        for idx, c in fitting:
            if c.name.lower() == joined or joined in (a.lower() for a in c.aliases):
                return idx
        for idx, c in fitting:
            if c.kind == "person" and tokens[-1].lower() == c.tokens[-1].lower():
                return idx
        return None

    def people(self, speakers: set[str] | None = None) -> list[PersonInfo]:
        """The clusters worth listing: NER false alarms ("I’m", "Kindly") filtered out.

        A one-word name must be a quoted speaker, be mentioned twice, or carry a role;
        contractions and lower-case words are never names.
        """
        speakers = speakers or set()
        out: list[PersonInfo] = []
        for c in self.clusters:
            if _CONTRACTION.search(c.name) or not c.name[:1].isupper():
                continue
            if (
                c.kind == "person"
                and len(c.tokens) == 1
                and c.name not in speakers
                and c.mentions < 2
                and not c.roles
            ):
                continue
            out.append(
                PersonInfo(name=c.name, kind=c.kind, aliases=list(c.aliases), roles=list(c.roles))
            )
        return out
