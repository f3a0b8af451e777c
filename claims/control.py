"""What one claim asserts about control, in words and as a position. Pure functions over plain
values: no database. :mod:`claims.picture` builds a place's whole picture from these.

A claim by one of the sides is a *control statement* when it says something about that side's own
control of the place: "we captured it" (full), "we still hold part of it" or "their capture is
false, our units are inside" (partial), "we withdrew" or "they took it" (none). Statements that
claim no control — fighting goes on, an encirclement, the place's legal status, wording too hedged
to read — are context: shown beside a position, never replacing it.
"""

import functools
from collections.abc import Iterable

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from claims.choices import VERDICT_PRIORITY, Control, Status, Verb

FULL, PARTIAL, NONE, UNCLEAR = Control.FULL, Control.PARTIAL, Control.NONE, Control.UNCLEAR

# What a verb says about the control of the side it names, whoever says it.
_ASSERTED = {
    Verb.CAPTURED: FULL,
    Verb.LIBERATED: FULL,
    Verb.HOLDS: FULL,
    Verb.PARTIALLY_HOLDS: PARTIAL,
    Verb.WITHDREW: NONE,
}
# What claiming the named side's control means for the speaker's own side, when it is the other.
_FOR_THE_OTHER_SIDE = {FULL: NONE, PARTIAL: PARTIAL, NONE: FULL}
# What a denial of the named side's control means for the denier: (denied control, about own
# side?) → the denier's position; missing pairs (denying that the other side withdrew) say
# nothing about the denier's own control.
_DENIAL = {
    (FULL, False): PARTIAL,  # "their capture is false": we are still there
    (FULL, True): NONE,  # "we have not taken it (yet)"
    (PARTIAL, False): PARTIAL,  # "their 70% is untrue": we are still there
    (PARTIAL, True): NONE,  # "our troops are not in it"
    (NONE, True): PARTIAL,  # "we did not withdraw"
}
# Verbs that report a change of hands rather than a state: after an earlier statement of the
# same side, they describe what happened next, not a contradiction of it.
EVENT_VERBS = frozenset({Verb.CAPTURED, Verb.LIBERATED, Verb.WITHDREW})


def asserted(verb: str, side_id: int | None) -> tuple[int | None, str] | None:
    """``(side, control)`` a verb asserts about the side it names, or None if it claims none."""
    control = _ASSERTED.get(Verb(verb))
    if control is None or side_id is None:
        return None
    return side_id, control


def stance(
    *,
    verb: str,
    side_id: int | None,
    claimant_side_id: int | None,
    answers_verb: str | None = None,
    answers_side_id: int | None = None,
    ambiguous: bool = False,
) -> str | None:
    """The position a side's claim asserts for the claimant's own side, or None for context.

    A denial takes its meaning from the claim it answers; with none, it denies that its ``side``
    captured the place. Independent actors hold no position, and hedged wording asserts nothing.
    Raises ``ValueError`` for a verb outside the vocabulary.
    """
    verb = Verb(verb)
    if ambiguous or claimant_side_id is None:
        return None
    if verb is Verb.DENIED:
        denied = (
            asserted(answers_verb, answers_side_id)
            if answers_verb is not None
            else asserted(Verb.CAPTURED, side_id)
        )
        if denied is None:
            return None
        denied_side, denied_control = denied
        return _DENIAL.get((denied_control, denied_side == claimant_side_id))
    claimed = asserted(verb, side_id)
    if claimed is None:
        return None
    about, control = claimed
    return control if about == claimant_side_id else _FOR_THE_OTHER_SIDE[control]


def implied(
    *,
    verb: str,
    side_id: int | None,
    claimant_side_id: int | None,
    answers_verb: str | None = None,
    answers_side_id: int | None = None,
    ambiguous: bool = False,
) -> tuple[int | None, str | None]:
    """``(side, control)`` a claim speaks to: the claimant's own side's position for a side's
    claim, the named side's control for an independent assessment; ``(None, None)`` if none."""
    if claimant_side_id is not None:
        control = stance(
            verb=verb,
            side_id=side_id,
            claimant_side_id=claimant_side_id,
            answers_verb=answers_verb,
            answers_side_id=answers_side_id,
            ambiguous=ambiguous,
        )
        return (claimant_side_id, control) if control else (None, None)
    claimed = None if ambiguous or Verb(verb) is Verb.DENIED else asserted(verb, side_id)
    return claimed or (None, None)


def contested(controls: Iterable[str], *, denied_directly: bool = False) -> bool:
    """Whether sides' standing positions cannot all be true: two of them claim control, at
    least one of them the whole place — or one side's position rests on denying a claim the
    other's rests on (``denied_directly``), which is a dispute even between two partial claims.
    Otherwise holding parts each is a divided town; a side that concedes, or whose position is
    unclear, disputes nothing."""
    claiming = [c for c in controls if c in (FULL, PARTIAL)]
    return len(claiming) >= 2 and (FULL in claiming or denied_directly)


def verdict_status(statuses: Iterable[str]) -> str:
    """The strongest of ``statuses``: what a position (or a place) leads with."""
    present = set(statuses)
    for status in VERDICT_PRIORITY:
        if status in present:
            return status
    return ""


# Each table of this module's words in each language it was read in: {(table, language): words}.
_TRANSLATED: dict[tuple[int, str | None], dict] = {}


def words(table: dict, key) -> str:
    """``str(table[key])`` for one of this module's tables of lazy translations, in the active
    language."""
    return translated(table)[key]


def translated(table: dict) -> dict:
    """One of this module's tables of lazy translations, translated into the active language.
    Each table is translated once per language and process: every lookup of a lazy string walks
    Django's chain of catalogues (seven for English), and a place page reads dozens of these
    words."""
    language = get_language()
    done = _TRANSLATED.get((id(table), language))
    if done is None:
        done = _TRANSLATED[id(table), language] = {k: str(text) for k, text in table.items()}
    return done


# Lazy: read in the language of whoever is shown them (exports render them in English).
VERDICT_TEXT = {
    Status.CONFIRMED: gettext_lazy("independently confirmed"),
    Status.PARTIALLY_CONFIRMED: gettext_lazy("partly confirmed"),
    Status.FALSE: gettext_lazy("judged false"),
    Status.DISPUTED: gettext_lazy("disputed by evidence"),
    Status.UNCONFIRMED: gettext_lazy("not independently confirmed"),
    Status.IN_REVIEW: gettext_lazy("being verified"),
    Status.UNREVIEWED: gettext_lazy("not yet reviewed"),
    Status.SUPERSEDED: gettext_lazy("superseded"),
    "": gettext_lazy("no claims"),
}

POSITION_TEXT = {
    FULL: gettext_lazy("says it controls it"),
    PARTIAL: gettext_lazy("says it holds part of it or is still there"),
    NONE: gettext_lazy("says it does not hold it"),
    UNCLEAR: gettext_lazy("has made no clear claim"),
}


def _of(name: str) -> str:
    """A side's or speaker's name where English writes "Russia's": Ukrainian puts it after the
    noun, in the genitive (заява Росії)."""
    from claims.languages import base
    from claims.sentences.uk import genitive

    return genitive(name) if base() == "uk" else name


def claim_phrase(
    verb: str,
    *,
    subject: str | None,
    own_side: bool,
    answered: str | None = None,
    language: str | None = None,
) -> str:
    """How a claim reads after its claimant's name: "claims capture", "denies Russia's capture".

    ``own_side`` says the claim is about the claimant's own side ("Russia claims capture") rather
    than another ("Ukraine says Russia withdrew"); ``answered`` is how the claim a denial answers
    reads ("Russia's capture claim"), if it answers one. ``language``, when given, must be the
    active one: a caller drawing dozens of claims reads it once rather than once a claim.
    """
    return _claim_phrase(verb, subject, own_side, answered, language or get_language())


# A place page reads a few dozen phrases, most of them alike (the same verb about the same
# side), and each cost a catalogue lookup, an enum and a format (~25 µs): each is made once per
# language. The language is part of the key because the words and the genitive depend on it.
@functools.lru_cache(maxsize=1024)
def _claim_phrase(
    verb: str, subject: str | None, own_side: bool, answered: str | None, language: str
) -> str:
    verb = Verb(verb)
    if verb is Verb.CONTESTED:
        if subject is None:
            return words(_PHRASE, "contested")
        if own_side:
            return words(_PHRASE, "fighting")
        return words(_PHRASE, "contesting") % {"side": _of(subject)}
    if verb is Verb.LEGAL_STATUS:
        return words(_PHRASE, "legal status")
    if verb is Verb.DENIED:
        if answered:
            return words(_PHRASE, "denies") % {"claim": answered}
        if own_side:
            return words(_PHRASE, "denies own")
        return words(_PHRASE, "denies other") % {"side": _of(subject)}
    if own_side:
        return words(_OWN_PHRASE, verb)
    return words(_OTHER_PHRASE, verb) % {"side": _of(subject)}


# Lazy, so that each is translated in the language of whoever is shown it; a place page reads
# dozens of phrases, each through words().
_PHRASE = {
    "contested": gettext_lazy("says it is contested"),
    "fighting": gettext_lazy("says fighting for it goes on"),
    "contesting": gettext_lazy("says %(side)s is contesting it"),
    "legal status": gettext_lazy("speaks of its legal status"),
    "denies": gettext_lazy("denies %(claim)s"),
    "denies own": gettext_lazy("denies it was captured"),
    "denies other": gettext_lazy("denies %(side)s's capture"),
}
_OWN_PHRASE = {
    Verb.CAPTURED: gettext_lazy("claims capture"),
    Verb.LIBERATED: gettext_lazy("claims liberation"),
    Verb.HOLDS: gettext_lazy("says it holds it"),
    Verb.PARTIALLY_HOLDS: gettext_lazy("says it holds part of it"),
    Verb.WITHDREW: gettext_lazy("says it withdrew"),
    Verb.ENCIRCLED: gettext_lazy("says it encircled it"),
}
_OTHER_PHRASE = {
    Verb.CAPTURED: gettext_lazy("says %(side)s captured it"),
    Verb.LIBERATED: gettext_lazy("says %(side)s liberated it"),
    Verb.HOLDS: gettext_lazy("says %(side)s holds it"),
    Verb.PARTIALLY_HOLDS: gettext_lazy("says %(side)s holds part of it"),
    Verb.WITHDREW: gettext_lazy("says %(side)s withdrew"),
    Verb.ENCIRCLED: gettext_lazy("says %(side)s encircled it"),
}


_CLAIM_NOUN = {
    Verb.CAPTURED: gettext_lazy("%(speaker)s's capture claim"),
    Verb.LIBERATED: gettext_lazy("%(speaker)s's liberation claim"),
    Verb.HOLDS: gettext_lazy("%(speaker)s's claim to hold it"),
    Verb.PARTIALLY_HOLDS: gettext_lazy("%(speaker)s's claim to hold part of it"),
    Verb.WITHDREW: gettext_lazy("%(speaker)s's withdrawal claim"),
    Verb.ENCIRCLED: gettext_lazy("%(speaker)s's encirclement claim"),
    Verb.CONTESTED: gettext_lazy("%(speaker)s's account of the fighting"),
    Verb.LEGAL_STATUS: gettext_lazy("%(speaker)s's statement on its legal status"),
    Verb.DENIED: gettext_lazy("%(speaker)s's denial"),
}


def claim_noun(verb: str, speaker: str) -> str:
    """The claim as the object of a denial: "Russia's capture claim"."""
    return words(_CLAIM_NOUN, Verb(verb)) % {"speaker": _of(speaker)}


def describe(side_name: str | None, control: str | None) -> str:
    """What a claim implies, in words: "Russia controls it", "no claim about control"."""
    if not control or not side_name:
        return _("no claim about control")
    return _("%(side)s %(control)s") % {"side": side_name, "control": Control(control).label}
