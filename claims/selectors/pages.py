"""What each reader's page shows, read in a fixed number of queries: the place page (picture,
disputes, columns of claims), the claim page and the dashboard. Built from the domain reads in
:mod:`claims.selectors.domain` and :mod:`claims.selectors.corrections`."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import router
from django.utils.translation import gettext as _

from claims import compiled, picture, pictures
from claims.choices import Status
from claims.days import end_of_day
from claims.languages import local_name_of
from claims.models import Claim, Place, PlaceName, PlaceState, Side, Verification
from claims.querysets import shown_through
from claims.selectors.corrections import Correction, claim_corrections
from claims.selectors.domain import contested_places, status_counts, statuses_as_of

# The place page shows at most this many claims; older ones are a link to the claims list.
PLACE_PAGE_CLAIMS = 200
# A place page with more claims than this leaves what is folded (each column's earlier claims,
# the timeline, the earlier disputes) for the reader to open: they are most of a long page's
# cost, and few readers open them. Opening one loads it (htmx), or without JavaScript follows a
# link to the page unfolded.
INLINE_CLAIMS = 20
# What each column shows before its fold.
COLUMN_LATEST = 2
DASHBOARD_ROWS = 10
_CLAIM_PLACE = Claim._meta.get_field("place")
_STATED_AT = Claim._meta.get_field("stated_at")


@dataclass
class Column:
    """One column of a place page: a side's claims, or the independent actors' ones."""

    side: Side | None
    entries: list["Entry"]

    @property
    def title(self) -> str:
        if self.side is None:
            return _("Third parties")
        return _("Claims by %(side)s") % {
            "side": local_name_of("side", self.side.pk, self.side.name)
        }


# What a place page reads of every claim it lists: enough to count them, date them and sort
# them into columns. A folded page shows a handful of the hundred or so, so each claim whose card
# it shows is read apart, in full (``ENTRY_COLUMNS``). This read is planned afresh on each
# request, as its generic plan looks costlier than the estimate for any place with fewer claims
# than the average: with the full read's five joins that planning was 0.7-0.9 ms, more than
# the two reads now cost together.
LISTED_COLUMNS = ("id", "stated_at", "verb", "claimant__side_id")

# What a place page reads of each claim it shows: everything its card shows (claims.cards keys
# the card on all of it) and what the timeline lays it out by, less the sides' names, which
# ``SIDE_NAMES`` fills in from the sides the picture has read.
ENTRY_COLUMNS = (
    "id",
    "version",
    "verb",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "language",
    "ambiguous",
    "side_id",
    "answers_id",
    "answers__verb",
    "answers__side_id",
    "answers__claimant_id",
    "answers__claimant__name",
    "claimant_id",
    "claimant__name",
    "claimant__kind",
    "claimant__side_id",
    "claimant__parent_id",
    "claimant__parent__name",
    "claimant__parent__kind",
)


# Joining the handful of sides twice more made PostgreSQL take 2 ms to plan the shown claims'
# read instead of 0.6; the sides are already in memory.
SIDE_NAMES = (("side__name", "side_id"), ("claimant__side__name", "claimant__side_id"))


class ClaimRow(NamedTuple):
    """The little of a claim the timeline lays it out by: a tuple, made for each of the ~100
    claims of every uncached place page in half the time of a frozen dataclass."""

    pk: int
    stated_at: datetime
    verb: str
    claimant_side_id: int | None


@dataclass
class Entry:
    """A claim as a place page lists it: its row and its status at the page's moment; the view
    attaches its rendered ``card`` (claims.cards). The row is ``ENTRY_COLUMNS`` for the claims
    the page shows (``PlacePage.shown_entries``), only ``LISTED_COLUMNS`` for those it folds."""

    values: dict
    status: str
    card: object = None
    claim: ClaimRow = field(init=False)

    def __post_init__(self):
        v = self.values
        self.claim = ClaimRow(v["id"], v["stated_at"], v["verb"], v["claimant__side_id"])


@dataclass
class DisputeView:
    """A time the place was contested, with each side's claims then."""

    start: datetime
    end: datetime | None
    ended_by: Claim | None
    sides: list[tuple[Side, list[Claim]]]


@dataclass
class PlacePage:
    place: Place
    as_of: date | None
    picture: pictures.PictureView
    columns: list[Column]
    entries: list[Entry]
    # The entries whose cards the page shows: every one, or on a folded page each column's
    # latest.
    shown_entries: list[Entry]
    disputes: list[DisputeView]
    names: list
    truncated: bool
    # True when the folded parts are left out (``INLINE_CLAIMS``); False when they are shown,
    # and ``unfolded`` when the reader asked for them open.
    folded: bool
    unfolded: bool
    # The picture the services stored (now, whatever the page's day): the map's marker is
    # coloured by it, and parsing it again in the view cost as much as reading it here.
    stored: picture.Picture

    @property
    def earlier_disputes(self) -> list[DisputeView]:
        """Disputes that ended, newest first: the history below the standing disagreement."""
        return [d for d in reversed(self.disputes) if d.end is not None]


# What a place page reads of its place: the place, its enclosing places (the breadcrumb walks
# three up) and its stored state, each relation's path from the place with its model.
PAGE_PLACE_RELATIONS = (
    ("parent", Place),
    ("parent__parent", Place),
    ("parent__parent__parent", Place),
    ("state", PlaceState),
)
_SLUG = Place._meta.get_field("slug")
_NAME_PLACE = PlaceName._meta.get_field("place")


def page_place(slug: str) -> Place | None:
    """The place with the slug, its parents and stored state loaded, as
    ``Place.objects.select_related("parent__parent__parent", "state")`` reads it, or None
    (one query, compiled once: claims.compiled; the records built from its row, where
    ``select_related`` compiled its five-table join on every uncached page)."""
    using = router.db_for_read(Place)
    rows = compiled.rows(
        ("page_place",),
        lambda bound: Place.objects.filter(slug=bound).order_by().values(*_page_place_columns()),
        [_SLUG],
        [slug],
        using,
    )
    if not rows:
        return None
    row = rows[0]
    names = compiled.attnames(Place)
    place = compiled.record(Place, using, names, [row[name] for name in names])
    owners = {"": place}
    for path, model in PAGE_PLACE_RELATIONS:
        owner_path, _, name = path.rpartition("__")
        owner = owners.get(owner_path)
        if owner is None:
            continue
        names = compiled.attnames(model)
        related = None
        if row[f"{path}__{model._meta.pk.attname}"] is not None:
            values = [row[f"{path}__{column}"] for column in names]
            related = compiled.record(model, using, names, values)
        # As select_related leaves it: a missing parent or state is known to be missing.
        owner._state.fields_cache[type(owner)._meta.get_field(name).cache_name] = related
        owners[path] = related
    return place


@functools.cache
def _page_place_columns() -> tuple[str, ...]:
    columns = list(compiled.attnames(Place))
    for path, model in PAGE_PLACE_RELATIONS:
        columns += [f"{path}__{name}" for name in compiled.attnames(model)]
    return tuple(columns)


def place_page(place: Place, as_of: date | None = None, *, unfold: bool = False) -> PlacePage:
    """Everything the place page shows, in a fixed number of queries whatever the claim count;
    with ``unfold``, its folded parts too however many claims it lists (``INLINE_CLAIMS``)."""
    moment = end_of_day(as_of) if as_of else None
    stored = pictures.stored(getattr(place, "state", None))
    if moment is None:
        # Both stored by the services with the place's every write: no statement is read.
        now, found = stored, pictures.place_disputes(place)
    else:
        loaded = pictures.statements([place.pk], before=moment)
        now = pictures.compute([place.pk], moment=moment, loaded=loaded)[place.pk]
        window = pictures.contradiction_window()
        found = picture.named(
            picture.disputes(loaded.get(place.pk, []), moment=moment, window=window)
        )
    rows = _listed_rows(place, moment)
    truncated = len(rows) > PLACE_PAGE_CLAIMS
    rows = rows[:PLACE_PAGE_CLAIMS]
    folded = not unfold and len(rows) > INLINE_CLAIMS
    if moment is None:
        # Claim.status is the standing verdict's, written in the same transaction as it.
        statuses = {row["id"]: row.pop("status") for row in rows}
    else:
        for row in rows:
            del row["status"]
        statuses = statuses_as_of([row["id"] for row in rows], moment)
    # A folded page names no earlier dispute's claims: only a count of the disputes.
    named = [d for d in found if d.end is None] if folded else found
    view = pictures.view(place, now, as_of=as_of, extra_claims=_dispute_claims(named))
    sides = {side.pk: side for side in view.sides}
    entries = [Entry(row, statuses.get(row["id"], Status.UNREVIEWED)) for row in rows]
    by_side = defaultdict(list)
    for entry in entries:
        by_side[entry.claim.claimant_side_id].append(entry)
    columns = [Column(side, by_side.get(side.pk, [])) for side in sides.values()]
    columns.append(Column(None, by_side.get(None, [])))
    shown = [e for c in columns for e in c.entries[:COLUMN_LATEST]] if folded else entries
    full = _shown_rows([entry.claim.pk for entry in shown])
    for entry in shown:
        row = full[entry.claim.pk]
        for name, side_id in SIDE_NAMES:
            side = sides.get(row[side_id])
            row[name] = side.name if side else None
        entry.values = row
    loaded = view.loaded
    return PlacePage(
        place=place,
        as_of=as_of,
        picture=view,
        columns=columns,
        entries=entries,
        shown_entries=shown,
        disputes=[
            DisputeView(
                d.start,
                d.end,
                loaded.get(d.ended_by),
                [
                    (sides[side_id], [loaded[i] for i in ids if i in loaded])
                    for side_id, ids in d.claims.items()
                    if side_id in sides
                ],
            )
            for d in found
        ],
        names=_other_names(place),
        truncated=truncated,
        folded=folded,
        unfolded=unfold,
        stored=stored,
    )


def _other_names(place: Place) -> list[PlaceName]:
    """``list(place.names.all())`` (one query, compiled once)."""
    using = router.db_for_read(PlaceName)
    names = compiled.attnames(PlaceName)
    rows = compiled.rows(
        ("page_place_names",),
        lambda bound: PlaceName.objects.filter(place_id=bound).values(*names),
        [_NAME_PLACE],
        [place.pk],
        using,
    )
    return [compiled.record(PlaceName, using, names, [row[n] for n in names]) for row in rows]


def _listed_rows(place: Place, moment: datetime | None) -> list[dict]:
    """The place's latest claims as ``LISTED_COLUMNS`` and their status, one more than listed
    (one query, compiled once: claims.compiled)."""

    def build(place_id, before=None):
        claims = Claim.objects.filter(place_id=place_id)
        if before is not None:
            claims = claims.stated_before(before)
        ordered = claims.order_by("-stated_at", "-id").values(*LISTED_COLUMNS, "status")
        return ordered[: PLACE_PAGE_CLAIMS + 1]

    fields, values = [_CLAIM_PLACE], [place.pk]
    if moment is not None:
        fields.append(_STATED_AT)
        values.append(moment)
    # The limit is part of the SQL: a compiled read made under another limit is another read.
    key = ("place_page_listed", moment is not None, PLACE_PAGE_CLAIMS)
    return compiled.rows(key, build, fields, values, router.db_for_read(Claim))


def _shown_rows(ids: list[int]) -> dict[int, dict]:
    """The claims' ``ENTRY_COLUMNS`` by id (one query, none without ids)."""
    if not ids:
        return {}
    rows = compiled.rows_by_id(
        "place_page_shown", Claim, ENTRY_COLUMNS, ids, router.db_for_read(Claim)
    )
    return {row["id"]: row for row in rows}


def _dispute_claims(found: list[picture.Dispute]) -> set[int]:
    """The claims a page names for each dispute: who disputed it first, and what ended it."""
    ids = set()
    for dispute in found:
        ids.update(claims[0] for claims in dispute.claims.values() if claims)
        if dispute.ended_by:
            ids.add(dispute.ended_by)
    return ids


@dataclass
class Dashboard:
    contested: list[pictures.PictureView]
    latest_claims: list[Claim]
    latest_verifications: list[Verification]
    status_counts: list[tuple[str, int]]


def dashboard() -> Dashboard:
    contested = list(contested_places().select_related("parent", "state")[:DASHBOARD_ROWS])
    views = pictures.views({p.pk: (p, pictures.stored(p.state)) for p in contested}, claims=False)
    return Dashboard(
        contested=[views[p.pk] for p in contested],
        latest_claims=list(Claim.objects.shown().order_by("-stated_at", "-id")[:DASHBOARD_ROWS]),
        latest_verifications=list(
            Verification.objects.exclude(status=Status.UNREVIEWED)
            .select_related(*shown_through("claim"), "verifier")
            .order_by("-decided_at", "-id")[:DASHBOARD_ROWS]
        ),
        status_counts=list(status_counts(Claim.objects.all()).items()),
    )


@dataclass
class ClaimPage:
    claim: Claim
    verifications: list[Verification]
    answered_by: list[Claim]
    contradicted_by: list[Claim]
    disputed_by: list[Claim]
    corrections: list[Correction]


def claim_page(claim: Claim) -> ClaimPage:
    verifications = list(
        claim.verifications.select_related("recorded_by", "verifier")
        .prefetch_related("evidence", "evidence__publisher")
        .order_by("decided_at", "id")
    )
    answered_by = list(claim.answered_by.shown().order_by("stated_at", "id"))
    contradicted, disputed = _claim_disagreements(claim)
    return ClaimPage(
        claim,
        verifications,
        answered_by,
        contradicted,
        disputed,
        claim_corrections(claim, verifications),
    )


def _claim_disagreements(claim: Claim) -> tuple[list[Claim], list[Claim]]:
    """Claims of the claimant's own side that contradict ``claim``, and other sides' claims
    that disputed the place with it (two queries, one more if there are any)."""
    statements = pictures.statements([claim.place_id]).get(claim.place_id, [])
    window = pictures.contradiction_window()
    now = picture.compute(statements, {}, moment=None, window=window)
    contradicting = {b if a == claim.pk else a for a, b in now.contradictions if claim.pk in (a, b)}
    disputing = set()
    for dispute in picture.disputes(statements, moment=None, window=window):
        mine = [side for side, ids in dispute.claims.items() if claim.pk in ids]
        if mine:
            for side, ids in dispute.claims.items():
                if side not in mine:
                    disputing.update(ids)
    wanted = contradicting | disputing
    if not wanted:
        return [], []
    found = Claim.objects.filter(pk__in=wanted).shown().order_by("stated_at", "id")
    return (
        [c for c in found if c.pk in contradicting],
        [c for c in found if c.pk in disputing],
    )
