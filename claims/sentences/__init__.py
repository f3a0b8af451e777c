"""Sentences a reporter can quote: a place's control picture, or one claim, in one or two plain
sentences that say no more than the evidence.

The facts are gathered here, in plain values, from a :class:`claims.pictures.PictureView` or a
claim; each language module (``en`` now) only words them, so a translation cannot change what is
asserted. ``LANGUAGES`` maps a language code to its module.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from claims.choices import BOOKKEEPING_STATUSES, Control
from claims.sentences import en

LANGUAGES = {"en": en}


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
    opened: Said | None
    contradicting: Said | None  # the same side's statement that contradicts ``opened``
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


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def speaker(actor) -> Speaker:
    return Speaker(
        name=actor.name,
        kind=actor.kind,
        side=actor.side.name if actor.side_id else None,
        parent=actor.parent.name if actor.parent_id else None,
    )


def said(claim) -> Said:
    """A claim loaded with ``shown()`` and its claimant's parent."""
    answered = None
    if claim.answers_id:
        answers = claim.answers
        answered = (claim.side.name if claim.side_id else answers.claimant.name, answers.verb)
    return Said(
        speaker=speaker(claim.claimant),
        verb=claim.verb,
        about=claim.side.name if claim.side_id else None,
        own_side=claim.side_id is not None and claim.side_id == claim.claimant.side_id,
        day=_day(claim.stated_at),
        place=claim.place.name,
        answered=answered,
        hedged=claim.ambiguous,
    )


def _finding(verification) -> Finding:
    verifier = verification.verifier if verification.verifier_id else None
    return Finding(
        verifier=verifier.name if verifier else None,
        verifier_kind=verifier.kind if verifier else None,
        status=verification.status,
        day=_day(verification.decided_at),
    )


def place_facts(view) -> PlaceFacts:
    """What a :class:`~claims.pictures.PictureView` lets a sentence say."""
    stands, days = [], []
    for position in view.positions:
        if position.control == Control.UNCLEAR and not position.contradicted_within_side:
            continue
        claims = position.claims
        opened = said(claims[0]) if claims else None
        contradicting = None
        if position.contradicted_within_side and len(claims) > 1:
            contradicting = said(claims[-1])
        findings = [
            Finding(
                v.actor.name if v.actor else None,
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
                side=position.side.name,
                control=position.control,
                opened=opened,
                contradicting=contradicting,
                findings=findings,
                admitted=any(v.is_admission for v in position.verifiers),
            )
        )
    third = [said(a.claim) for a in view.independent]
    days += [a.claim.stated_at for a in view.independent]
    return PlaceFacts(
        place=view.place.name,
        as_of=view.as_of,
        contested=view.contested,
        stands=stands,
        third_parties=third,
        latest=_day(max(days)) if days else None,
    )


def for_place(view, language: str = "en") -> str:
    """A place's picture (now, or as of its day) in one or two sentences."""
    return LANGUAGES[language].place(place_facts(view))


def for_claim(claim, language: str = "en") -> str:
    """One claim and where its verification stands. ``claim`` needs ``shown()``, its
    claimant's parent and its current verification's verifier loaded."""
    verification = claim.current_verification
    finding = None
    if verification is not None and verification.status not in BOOKKEEPING_STATUSES:
        finding = _finding(verification)
    return LANGUAGES[language].claim(said(claim), finding)
