"""Writes to claims: recording one with its citations, editing it under its version."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from claims import merge
from claims.choices import (
    Precision,
    Status,
    Verb,
)
from claims.days import end_of_day
from claims.models import (
    Actor,
    Citation,
    Claim,
    Place,
    Side,
    Source,
    Verification,
)
from claims.models.claims import CONTENT_FIELDS
from claims.services.catalogue import _refresh_implied, actor_create, place_create
from claims.services.sources import _FoundSource, _source_stored, _url_source_found
from claims.services.state import refresh_place_states
from claims.services.writes import (
    PERM_ADD_CLAIM,
    PERM_CHANGE_CLAIM,
    _apply,
    _begin_write,
    _checked,
    _history_user,
    _require,
    _stored,
    touch_places,
)
from claims.webhooks import events

DUPLICATE_MESSAGE = gettext_noop("The claimant already said something about this place that day.")


class LikelyDuplicate(Exception):
    """The claimant already said something about this place that day; nothing was written.

    ``duplicates`` are those claims (:func:`likely_duplicates`), for the editor to open one
    and add a source there, or to send the claim again with ``allow_duplicate=True``.
    """

    def __init__(self, duplicates):
        self.duplicates = duplicates
        super().__init__(DUPLICATE_MESSAGE)


class StaleVersion(Exception):
    """The claim changed after the editor loaded it; nothing was written.

    ``claim`` is the claim as it stands now, ``expected`` the version the editor had,
    ``changes`` what others changed since, field by field (:func:`claims.merge.changes_since`),
    and ``conflicts`` the fields both changed, which need the editor's choice.
    """

    def __init__(self, claim: Claim, expected: int, changes=(), conflicts=()):
        self.claim = claim
        self.expected = expected
        self.changes = list(changes)
        self.conflicts = list(conflicts)
        super().__init__(
            f"Claim {claim.pk} is at version {claim.version}, not {expected}: "
            "someone changed it meanwhile."
        )


@dataclass
class CitationInput:
    """A citation: an existing ``source``, or a ``url`` that finds or creates one. Both given
    and the URL not the source's: the editor pointed the citation elsewhere, and the URL wins."""

    source: Source | None = None
    url: str = ""
    title: str = ""
    kind: str = ""
    publisher: Actor | None = None
    published_at: datetime | None = None
    excerpt: str = ""
    locator: str = ""

    @property
    def by_url(self) -> bool:
        url = self.url.strip()
        return self.source is None or (bool(url) and url != self.source.url)


@dataclass
class PlaceInput:
    """A place to create along with a claim about it."""

    name: str
    kind: str
    parent: Place | None = None
    latitude: object = None
    longitude: object = None


@dataclass
class ActorInput:
    """A claimant to create along with its claim."""

    name: str
    kind: str
    side: Side | None = None
    description: str = ""


@dataclass
class ClaimInput:
    """A claim's content. ``place`` / ``claimant`` may instead be created from ``new_place`` /
    ``new_claimant`` in the same transaction as the claim."""

    place: Place | None
    claimant: Actor | None
    verb: str
    summary: str
    stated_at: datetime
    side: Side | None = None
    effective_at: datetime | None = None
    stated_precision: str = Precision.EXACT
    effective_precision: str = Precision.DAY
    quote: str = ""
    language: str = ""
    answers: Claim | None = None
    ambiguous: bool = False
    citations: Sequence[CitationInput] = field(default_factory=list)
    new_place: PlaceInput | None = None
    new_claimant: ActorInput | None = None


CLAIM_FIELDS = CONTENT_FIELDS


def likely_duplicates(*, claimant: Actor, place: Place, stated_at: datetime, exclude_pk=None):
    """Claims by the same claimant about the same place stated the same day."""
    day = timezone.localtime(stated_at).date()
    start = end_of_day(day) - timedelta(days=1)
    duplicates = Claim.objects.filter(
        claimant=claimant,
        place=place,
        stated_at__gte=start,
        stated_at__lt=end_of_day(day),
    )
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("stated_at")


@transaction.atomic
def claim_create(*, data: ClaimInput, user=None, allow_duplicate: bool = False) -> Claim:
    """Record a claim with its citations and its first, ``unreviewed``, verification.

    A claim its claimant already made about the place that day is refused with
    :class:`LikelyDuplicate` unless ``allow_duplicate`` says the editor has seen those.

    ``effective_at`` defaults to ``stated_at``; a denial that answers a claim takes that claim's
    side when it names none. The claim counts as unreviewed from the moment it was stated, so
    "as of" views of back-filled claims read right. Refreshes the place's control picture.
    """
    _require(user, PERM_ADD_CLAIM)
    values = {name: getattr(data, name) for name in CLAIM_FIELDS}
    check_duplicates = not allow_duplicate and None not in (data.place, data.claimant)
    if check_duplicates:
        _refuse_duplicates(data)
    if values["place"] is None and data.new_place is not None:
        values["place"] = place_create(**vars(data.new_place), user=user)
    if values["claimant"] is None and data.new_claimant is not None:
        values["claimant"] = actor_create(**vars(data.new_claimant), user=user)
    claim = _checked(claim_build(values))
    first = first_verification(claim, now=timezone.now(), user=user)
    _checked(first, exclude=["claim"])  # the claim is saved under the lock
    citations = _citations_checked(claim, data.citations, user, replace=False)
    now = _begin_write()
    if check_duplicates:
        # Again under the lock: the same form sent twice at once passed the check above twice.
        _refuse_duplicates(data)
    first.decided_at = min(claim.stated_at, now)
    _stored(claim, user)
    _citations_stored(claim, citations, user)
    first.claim = claim
    first.save()
    claim.status = Status.UNREVIEWED
    claim.current_verification = first
    # Caching the first status is part of creating the claim, not a change worth a history row.
    claim.skip_history_when_saving = True
    claim.save(update_fields=["status", "current_verification", "updated_at"])
    del claim.skip_history_when_saving
    events.claim_created(claim)
    refresh_place_states([claim.place_id])
    return claim


def _refuse_duplicates(data: ClaimInput) -> None:
    duplicates = likely_duplicates(
        claimant=data.claimant, place=data.place, stated_at=data.stated_at
    )
    if duplicates.exists():
        raise LikelyDuplicate(duplicates)


def claim_build(values: dict) -> Claim:
    """An unsaved claim from ``values`` (``CLAIM_FIELDS``), with what they imply filled in."""
    _complete(values)
    return Claim(**values)


def first_verification(claim: Claim, *, now: datetime, user=None) -> Verification:
    """A new claim's first judgement: ``unreviewed`` from the moment it was stated, so that
    "as of" views of back-filled claims read right."""
    return Verification(
        claim=claim,
        status=Status.UNREVIEWED,
        recorded_by=user if user is not None and user.is_authenticated else None,
        decided_at=min(claim.stated_at, now),
    )


def _complete(values: dict) -> None:
    """Fill what a claim's other fields imply: the effective moment, a denial's side."""
    if values.get("effective_at") is None:
        values["effective_at"] = values.get("stated_at")
    answers = values.get("answers")
    if values.get("verb") == Verb.DENIED and answers is not None and values.get("side") is None:
        values["side"] = answers.side


def check_citations_distinct(sources: Sequence[Source]) -> None:
    """A claim cites each source once (sources not yet saved count by identity)."""
    keys = [source.pk if source.pk is not None else id(source) for source in sources]
    if len(set(keys)) != len(keys):
        raise ValidationError({"citations": gettext("The same source is cited twice.")})


@dataclass
class _CitationsChecked:
    """What :func:`_citations_checked` found to write, before the version lock."""

    sources: list[_FoundSource]
    saves: list[tuple[Citation, _FoundSource]]
    stale: list[Citation]


def _citations_checked(
    claim: Claim, citations: Iterable[CitationInput], user, *, replace: bool
) -> _CitationsChecked:
    """The citations to save (and, with ``replace``, to delete) for ``claim``, checked."""
    wanted = []
    for position, item in enumerate(citations):
        if not item.by_url:
            found = _FoundSource(item.source, [], "citations")
        elif not item.url.strip():
            raise ValidationError({"citations": gettext("Each citation needs a source or a URL.")})
        else:
            found = _url_source_found(item, user=user, field="citations")
        wanted.append((found, item, position))
    check_citations_distinct([found.source for found, _, _ in wanted])
    existing = {c.source_id: c for c in claim.citations.all()} if replace else {}
    saves = []
    for found, item, position in wanted:
        source = found.source
        citation = existing.pop(source.pk, None) or Citation(claim=claim, source=source)
        kept = (citation.excerpt, citation.locator, citation.position)
        if citation.pk is None or kept != (item.excerpt, item.locator, position):
            # An unchanged citation is not saved: its history lists only real corrections.
            citation.excerpt, citation.locator = item.excerpt, item.locator
            citation.position = position
            saves.append((_checked(citation, exclude=["claim", "source"]), found))
    return _CitationsChecked([found for found, _, _ in wanted], saves, list(existing.values()))


def _citations_stored(claim: Claim, checked: _CitationsChecked, user, reason: str = "") -> None:
    """``reason``: the edit's, which the public corrections show beside each citation's line."""
    stored = {id(found): _source_stored(found, user) for found in checked.sources}
    for citation, found in checked.saves:
        # The source on file if another write added the same URL meanwhile.
        citation.claim, citation.source = claim, stored[id(found)]
        _stored(citation, user, reason=reason)
    for stale in checked.stale:
        _history_user(stale, user)
        if reason:
            stale._change_reason = reason
        stale.delete()


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    expected_version: int,
    user=None,
    reason: str = "",
    citations: Sequence[CitationInput] | None = None,
    seen_version: int | None = None,
    choices: dict[str, str] | None = None,
    **changes,
) -> Claim:
    """Edit a claim's content, merging with what others changed since ``expected_version``.

    ``changes`` (and ``citations``, which replace the claim's citations when given) are the
    editor's values, entered on top of ``expected_version``. If the claim changed since, nothing
    is written and :class:`StaleVersion` carries the changes, until the editor has seen them
    (``seen_version`` is the version they were shown) and chosen, in ``choices``
    (``{field: "theirs" | "mine"}``), for every field both changed. Then fields only the others
    changed keep their values. Only fields that really change are written: a save that changes
    nothing writes nothing, and kept citations get no history entry.
    """
    _require(user, PERM_CHANGE_CLAIM)
    current = Claim.objects.get(pk=claim.pk)
    read_version = current.version
    unknown = set(changes) - set(CLAIM_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, gettext("This field cannot be changed here.")))
    mine = dict(changes)
    # What the other fields imply (a denial's side, the effective moment) is what the editor
    # means, not a change to it.
    implied = {n: mine.get(n, getattr(current, n)) for n in ("verb", "answers", "side")}
    implied.update(
        stated_at=mine.get("stated_at", current.stated_at),
        effective_at=mine.get("effective_at", current.effective_at),
    )
    _complete(implied)
    for name in ("side", "effective_at"):
        if name in mine:
            mine[name] = implied[name]
    if citations is not None:
        mine["citations"] = citations
    if current.version != expected_version:
        theirs = merge.changes_since(current, expected_version)
        conflicts = merge.conflicts(theirs, mine)
        unchosen = [name for name in conflicts if (choices or {}).get(name) not in merge.CHOICES]
        if seen_version != current.version or unchosen:
            raise StaleVersion(current, expected_version, theirs, conflicts)
        mine = merge.merged(theirs, mine, choices or {}, make_citation=CitationInput)
    new_citations = mine.pop("citations", None)
    stored = merge.values_of(current)
    edits = {
        name: value for name, value in mine.items() if not merge.same(name, value, stored[name])
    }
    citations_change = new_citations is not None and not merge.same(
        "citations", new_citations, merge.citations_of(current)
    )
    if not edits and not citations_change:
        return current
    old_place_id = current.place_id
    _apply(current, edits, set(CLAIM_FIELDS))
    completed = {name: getattr(current, name) for name in ("verb", "answers", "side")}
    completed.update(stated_at=current.stated_at, effective_at=current.effective_at)
    _complete(completed)
    current.side, current.effective_at = completed["side"], completed["effective_at"]
    current.version += 1
    _checked(current, reason=reason or "Edited")
    if citations_change:
        checked = _citations_checked(current, new_citations, user, replace=True)
    _begin_write()
    try:
        _lock_claim(current.pk, read_version)
    except StaleVersion as stale:
        # Changed again since it was read above: the editor sees all since their version.
        theirs = merge.changes_since(stale.claim, expected_version)
        wanted = {**changes, **({"citations": citations} if citations is not None else {})}
        conflicts = merge.conflicts(theirs, wanted)
        raise StaleVersion(stale.claim, expected_version, theirs, conflicts) from None
    _stored(current, user, reason=reason or "Edited")
    answering = Claim.objects.filter(answers=current)
    _refresh_implied(answering)
    touch_places(answering.values_list("place_id", flat=True))
    if citations_change:
        _citations_stored(current, checked, user, reason=reason)
    events.claim_changed(current)
    refresh_place_states({old_place_id, current.place_id})
    return current


def _lock_claim(pk: int, expected_version: int) -> Claim:
    """The claim, locked (after the version's lock, as in every write), if still at
    ``expected_version``."""
    return _claim_at(pk, expected_version, rows=Claim.objects.select_for_update())


def _claim_at(pk: int, expected_version: int, *, rows=Claim.objects) -> Claim:
    """The claim if still at ``expected_version``: what a write checks its input against
    before it takes the version lock (:func:`_lock_claim` then makes sure)."""
    current = rows.get(pk=pk)
    if current.version != expected_version:
        raise StaleVersion(
            current, expected_version, merge.changes_since(current, expected_version)
        )
    return current
