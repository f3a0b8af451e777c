"""What a search's words ask for besides names and text: the kind of claim.

A reporter types "capture", "Soledar capture" or "звільнення Херсона" meaning claims of that
kind, which claims record as a verb and rarely spell out in their quotes. English words are
listed whole, so that a name is never read as a verb ("Denis" is no denial); Ukrainian and
Russian ones by their stems, long enough to be no name's beginning, since they inflect.
"""

from dataclasses import dataclass

from claims.choices import Verb
from claims.text import WORD, fold

_ENGLISH = {
    Verb.CAPTURED: "capture captured captures capturing seize seized seizes seizing seizure",
    Verb.LIBERATED: "liberate liberated liberates liberating liberation",
    Verb.HOLDS: "hold holds holding",
    Verb.PARTIALLY_HOLDS: "partial partially",
    Verb.WITHDREW: "withdraw withdrawal withdrawn withdrew withdrawing retreat retreated pullback",
    Verb.ENCIRCLED: "encircle encircled encirclement encircling surround surrounded",
    Verb.CONTESTED: "contest contested fighting",
    Verb.DENIED: "deny denied denies denial denials",
    Verb.LEGAL_STATUS: "annex annexed annexation annexing",
}
_STEMS = {
    Verb.CAPTURED: "захоп захват захвач",
    Verb.LIBERATED: "звільн освобо",
    Verb.HOLDS: "утрим удерж",
    Verb.PARTIALLY_HOLDS: "частков частичн",
    Verb.WITHDREW: "відступ відхід відход отступ отход",
    Verb.ENCIRCLED: "оточен оточил окруж",
    Verb.CONTESTED: "боїв бойов",
    Verb.DENIED: "запереч спросту опроверг отрица",
    Verb.LEGAL_STATUS: "анекс аннекс",
}
VERB_WORDS = {fold(word): verb for verb, listed in _ENGLISH.items() for word in listed.split()}
VERB_STEMS = {fold(stem): verb for verb, listed in _STEMS.items() for stem in listed.split()}


@dataclass(frozen=True)
class Terms:
    """A search read apart: the verbs its words name, and the rest of its text (names and
    words to look for), in the order typed."""

    verbs: tuple[Verb, ...]
    rest: str


def read(query: str) -> Terms:
    verbs, kept, start = [], [], 0
    for match in WORD.finditer(query):
        verb = verb_named(fold(match.group()))
        if verb is None:
            continue
        kept.append(query[start : match.start()])
        start = match.end()
        if verb not in verbs:
            verbs.append(verb)
    kept.append(query[start:])
    # What was between the verbs keeps its spelling ("Pokrovs'k"), its spaces made single.
    return Terms(tuple(verbs), " ".join("".join(kept).split()))


def verb_named(word: str) -> Verb | None:
    """The verb a folded word names, if any."""
    if word in VERB_WORDS:
        return VERB_WORDS[word]
    return next((verb for stem, verb in VERB_STEMS.items() if word.startswith(stem)), None)
