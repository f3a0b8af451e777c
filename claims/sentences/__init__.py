"""Sentences a reporter can quote: a place's control picture, or one claim, in one or two plain
sentences that say no more than the evidence.

The facts are gathered here, in plain values, from a :class:`claims.pictures.PictureView` or a
claim, with the records' names in the sentence's language; each language module (``en``, ``uk``)
only words them, so a translation cannot change what is asserted. ``LANGUAGES`` maps a language
code to its module.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone, translation

from claims.choices import BOOKKEEPING_STATUSES, Control
from claims.languages import base, local_name
from claims.sentences import en, uk

LANGUAGES = {"en": en, "uk": uk}


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    side: str | None
    parent: str | None


@dataclass(frozen=True)
class Said:
    """One claim as a sentence tells it."""

    speaker: Speaker
    verb: str
    about: str | None  # the side the claim names
    own_side: bool  # the claim is about the speaker's own side
    day: date
    place: str
    answered: tuple[str, str] | None = None  # (whose claim, its verb) a denial answers
    hedged: bool = False  # wording too hedged to read as a plain claim
    place_kind: str | None = None  # city, town, village …: Ukrainian names it before the name


@dataclass(frozen=True)
class Finding:
    """A verdict: who judged (None: the newsroom), what, on which day."""

    verifier: str | None
    verifier_kind: str | None
    status: str
    day: date


@dataclass(frozen=True)
class Stand:
    """A side's standing position, told through the claims that carry it."""

    side: str
    control: str
    stated: Said | None  # the side's latest word in its standing position
    contradicting: Said | None  # the same side's statement that contradicts ``stated``
    findings: list[Finding]
    admitted: bool  # the other side conceded it


@dataclass(frozen=True)
class PlaceFacts:
    place: str
    as_of: date | None
    contested: bool
    stands: list[Stand]
    third_parties: list[Said]
    latest: date | None  # the day of the latest statement or verdict the picture holds
    place_kind: str | None = None


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def speaker(actor, language: str = "en") -> Speaker:
    return Speaker(
        name=local_name(actor, language),
        kind=actor.kind,
        side=local_name(actor.side, language) if actor.side_id else None,
        parent=local_name(actor.parent, language) if actor.parent_id else None,
    )


def said(claim, language: str = "en") -> Said:
    """A claim loaded with ``shown()`` and its claimant's parent."""
    answered = None
    if claim.answers_id:
        answers = claim.answers
        whose = claim.side if claim.side_id else answers.claimant
        answered = (local_name(whose, language), answers.verb)
    return Said(
        speaker=speaker(claim.claimant, language),
        verb=claim.verb,
        about=local_name(claim.side, language) if claim.side_id else None,
        own_side=claim.side_id is not None and claim.side_id == claim.claimant.side_id,
        day=_day(claim.stated_at),
        place=local_name(claim.place, language),
        answered=answered,
        hedged=claim.ambiguous,
        place_kind=claim.place.kind,
    )


def _finding(verification, language: str = "en") -> Finding:
    verifier = verification.verifier if verification.verifier_id else None
    return Finding(
        verifier=local_name(verifier, language) if verifier else None,
        verifier_kind=verifier.kind if verifier else None,
        status=verification.status,
        day=_day(verification.decided_at),
    )


def place_facts(view, language: str = "en") -> PlaceFacts:
    """What a :class:`~claims.pictures.PictureView` lets a sentence say."""
    stands, days = [], []
    for position in view.positions:
        if position.control == Control.UNCLEAR and not position.contradicted_within_side:
            continue
        claims = position.claims
        # The side's latest word, not the claim that opened its position: a position can stand
        # for months, and its first claim may predate the other side's claim it seems to answer.
        # A contradiction is the run's last claim and answers the one before it.
        stated, contradicting = (claims[-1] if claims else None), None
        if position.contradicted_within_side and len(claims) > 1:
            stated, contradicting = claims[-2], said(claims[-1], language)
        findings = [
            Finding(
                local_name(v.actor, language) if v.actor else None,
                v.actor.kind if v.actor else None,
                v.status,
                _day(v.decided_at),
            )
            for v in position.verifiers
            if not v.is_admission
        ]
        days += [c.stated_at for c in claims] + [v.decided_at for v in position.verifiers]
        stands.append(
            Stand(
                side=local_name(position.side, language),
                control=position.control,
                stated=said(stated, language) if stated else None,
                contradicting=contradicting,
                findings=findings,
                admitted=any(v.is_admission for v in position.verifiers),
            )
        )
    third = [said(a.claim, language) for a in view.independent]
    days += [a.claim.stated_at for a in view.independent]
    return PlaceFacts(
        place=local_name(view.place, language),
        as_of=view.as_of,
        contested=view.contested,
        stands=stands,
        third_parties=third,
        latest=_day(max(days)) if days else None,
        place_kind=view.place.kind,
    )


def _language(language: str | None) -> str:
    code = base(language)
    return code if code in LANGUAGES else "en"


def for_place(view, language: str | None = None) -> str:
    """A place's picture (now, or as of its day) in one or two sentences, in ``language`` (the
    active one by default)."""
    language = _language(language)
    # The wording modules read vocabulary labels, which follow the active language.
    with translation.override(language):
        return LANGUAGES[language].place(place_facts(view, language))


def for_claim(claim, language: str | None = None) -> str:
    """One claim and where its verification stands. ``claim`` needs ``shown()``, its
    claimant's parent and its current verification's verifier loaded."""
    language = _language(language)
    verification = claim.current_verification
    finding = None
    if verification is not None and verification.status not in BOOKKEEPING_STATUSES:
        finding = _finding(verification, language)
    with translation.override(language):
        return LANGUAGES[language].claim(said(claim, language), finding)
