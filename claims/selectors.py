"""Reads that span models. Each returns plain data the pages, the API and the exports share."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from claims import control
from claims.choices import Status
from claims.control import ImpliedControl
from claims.models import (
    Actor,
    Claim,
    DataVersion,
    Place,
    PlaceSideClaim,
    Side,
    Source,
    Verification,
)

# How many independent assessments a place's picture shows.
INDEPENDENT_IN_PICTURE = 3


def conflict_window() -> timedelta:
    return timedelta(days=settings.CONFLICT_WINDOW_DAYS)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the site's time zone: "as of" includes the whole day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass
class Position:
    """One claim in a control picture, with its verification as of the picture's moment."""

    claim: Claim
    verification: Verification | None
    side: Side | None

    @property
    def implied(self) -> ImpliedControl:
        return self.claim.implied

    @property
    def status(self) -> str:
        return self.verification.status if self.verification else Status.UNREVIEWED

    @property
    def phrase(self) -> str:
        return self.claim.phrase


@dataclass
class ControlPicture:
    """Who asserts control of a place, since when, and what independent confirmation exists."""

    place: Place
    as_of: datetime | None
    positions: list[Position] = field(default_factory=list)
    independent: list[Position] = field(default_factory=list)
    conflict: bool = False

    @property
    def verdict(self) -> str:
        return control.verdict_status(p.status for p in self.positions)

    @property
    def verdict_text(self) -> str:
        return control.VERDICT_TEXT[self.verdict]

    @property
    def confirmed_by_independent(self) -> bool:
        return self.verdict in (Status.CONFIRMED, Status.PARTIALLY_CONFIRMED)

    @property
    def is_empty(self) -> bool:
        return not self.positions and not self.independent


def latest_claims_per_side(place_ids, *, before: datetime | None = None, independent: int = 1):
    """For each place, each side's latest claim and the latest ``independent`` side-less claims.

    One query whatever the number of places: a window over the places' claims. Returns
    ``{place_id: [claim, …]}`` with claimants and sides loaded, latest first within each side.
    """
    claims = Claim.objects.filter(place_id__in=place_ids)
    if before is not None:
        claims = claims.stated_before(before)
    ranked = (
        claims.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("place_id"), F("claimant__side_id")],
                order_by=[F("stated_at").desc(), F("id").desc()],
            )
        )
        .filter(Q(rank=1) | Q(claimant__side__isnull=True, rank__lte=independent))
        .select_related("claimant", "claimant__side", "side", "current_verification", "place")
        .order_by("place_id", "-stated_at", "-id")
    )
    by_place = defaultdict(list)
    for claim in ranked:
        by_place[claim.place_id].append(claim)
    return by_place


def verifications_as_of(claim_ids, moment: datetime) -> dict[int, Verification]:
    """Each claim's latest verification decided before ``moment`` (one query)."""
    latest = {}
    rows = (
        Verification.objects.filter(claim_id__in=claim_ids, decided_at__lt=moment)
        .select_related("recorded_by")
        .order_by("claim_id", "decided_at", "id")
    )
    for verification in rows:
        latest[verification.claim_id] = verification
    return latest


def build_picture(place: Place, claims: list[Claim], verifications, as_of=None) -> ControlPicture:
    """Assemble a picture from a place's latest claims per side (see latest_claims_per_side)."""
    positions, independent = [], []
    for claim in claims:
        side = claim.claimant.side
        position = Position(claim, verifications.get(claim.id), side)
        (independent if side is None else positions).append(position)
    positions.sort(key=lambda p: (p.side.position, p.side.name))
    independent.sort(key=lambda p: (p.claim.stated_at, p.claim.id), reverse=True)
    conflict = control.sides_conflict([p.claim for p in positions], conflict_window())
    return ControlPicture(place, as_of, positions, independent, conflict)


def place_control_picture(place: Place, as_of: date | None = None) -> ControlPicture:
    """The control picture of ``place``, now or as it stood at the end of ``as_of``.

    For each side its latest claim and what it implies; the latest independent assessments;
    whether the sides' latest claims conflict; each claim's verification at that moment.
    """
    moment = end_of_day(as_of) if as_of else None
    claims = latest_claims_per_side(
        [place.pk], before=moment, independent=INDEPENDENT_IN_PICTURE
    ).get(place.pk, [])
    if moment is None:
        verifications = {c.id: c.current_verification for c in claims if c.current_verification}
    else:
        verifications = verifications_as_of([c.id for c in claims], moment)
    return build_picture(place, claims, verifications, moment)


def place_pictures(places) -> dict[int, ControlPicture]:
    """Current pictures for many places in one query (the places list, the map, GeoJSON)."""
    places = list(places)
    claims = latest_claims_per_side([p.pk for p in places])
    pictures = {}
    for place in places:
        place_claims = claims.get(place.pk, [])
        verifications = {
            c.id: c.current_verification for c in place_claims if c.current_verification
        }
        pictures[place.pk] = build_picture(place, place_claims, verifications)
    return pictures


def place_conflicts(place: Place, *, claims=None, as_of: date | None = None, window=None):
    """Pairs of claims about ``place`` from different sides whose implications clash.

    ``claims`` may be passed when the caller already holds them (with claimants loaded).
    """
    if claims is None:
        claims = Claim.objects.filter(place=place).select_related("claimant", "side")
        if as_of:
            claims = claims.stated_before(end_of_day(as_of))
    return control.conflicting_pairs(claims, window or conflict_window())


def claim_conflicts(claim: Claim, window=None) -> list[Claim]:
    """Claims about the same place that conflict with ``claim``."""
    window = window or conflict_window()
    nearby = (
        Claim.objects.filter(
            place_id=claim.place_id,
            effective_at__gte=claim.effective_at - window,
            effective_at__lte=claim.effective_at + window,
        )
        .exclude(pk=claim.pk)
        .select_related("place", "claimant", "claimant__side", "side")
    )
    return [other for other in nearby if control.is_conflict(claim, other, window)]


def actor_track_record(actor) -> dict[str, int]:
    """How many of the actor's claims currently stand at each outcome."""
    counts = dict(
        Claim.objects.filter(claimant=actor)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Status.values}


def data_version() -> DataVersion:
    """The global change counter (ETag / Last-Modified validator)."""
    version = DataVersion.objects.filter(pk=1).first()
    return version or DataVersion(pk=1, version=0, changed_at=timezone.now())


# --- Pages ----------------------------------------------------------------------------------

# The place page shows at most this many claims; older ones are a link to the claims list.
PLACE_PAGE_CLAIMS = 200
DASHBOARD_ROWS = 10


@dataclass
class Column:
    """One column of a place page: a side's claims, or the independent actors' ones."""

    side: Side | None
    entries: list["Entry"]

    @property
    def title(self) -> str:
        return f"Claims by {self.side.name}" if self.side else "Independent assessments"


@dataclass
class Entry:
    """A claim as a page shows it: with its verification at the page's moment."""

    claim: Claim
    verification: Verification | None

    @property
    def status(self) -> str:
        return self.verification.status if self.verification else Status.UNREVIEWED


@dataclass
class PlacePage:
    place: Place
    as_of: date | None
    picture: ControlPicture
    columns: list[Column]
    entries: list[Entry]
    conflicts: list[tuple[Entry, Entry]]
    names: list
    truncated: bool


def place_page(place: Place, as_of: date | None = None) -> PlacePage:
    """Everything the place page shows, in a fixed number of queries whatever the claim count."""
    moment = end_of_day(as_of) if as_of else None
    picture = place_control_picture(place, as_of)
    claims = Claim.objects.filter(place=place).with_related()
    if moment is not None:
        claims = claims.stated_before(moment)
    claims = list(claims.order_by("-stated_at", "-id")[: PLACE_PAGE_CLAIMS + 1])
    truncated = len(claims) > PLACE_PAGE_CLAIMS
    claims = claims[:PLACE_PAGE_CLAIMS]
    if moment is None:
        verifications = {c.id: c.current_verification for c in claims}
    else:
        verifications = verifications_as_of([c.id for c in claims], moment)
    entries = [Entry(c, verifications.get(c.id)) for c in claims]
    by_side = defaultdict(list)
    for entry in entries:
        by_side[entry.claim.claimant.side_id].append(entry)
    sides = list(Side.objects.all())
    columns = [Column(side, by_side.get(side.pk, [])) for side in sides]
    columns.append(Column(None, by_side.get(None, [])))
    entry_of = {e.claim.id: e for e in entries}
    pairs = control.conflicting_pairs(claims, conflict_window())
    conflicts = [(entry_of[a.id], entry_of[b.id]) for a, b in pairs]
    return PlacePage(
        place=place,
        as_of=as_of,
        picture=picture,
        columns=columns,
        entries=entries,
        conflicts=conflicts,
        names=list(place.names.all()),
        truncated=truncated,
    )


@dataclass
class Dashboard:
    conflicts: list[ControlPicture]
    latest_claims: list[Claim]
    latest_verifications: list[Verification]
    status_counts: list[tuple[str, int]]


def dashboard() -> Dashboard:
    contested = list(
        Place.objects.filter(state__has_conflict=True)
        .select_related("parent")
        .order_by("-state__last_stated_at", "name")[:DASHBOARD_ROWS]
    )
    pictures = place_pictures(contested)
    counts = dict(
        Claim.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return Dashboard(
        conflicts=[pictures[p.pk] for p in contested],
        latest_claims=list(
            Claim.objects.select_related("place", "claimant", "claimant__side", "side").order_by(
                "-stated_at", "-id"
            )[:DASHBOARD_ROWS]
        ),
        latest_verifications=list(
            Verification.objects.exclude(status=Status.UNREVIEWED)
            .select_related(
                "claim", "claim__place", "claim__claimant", "claim__claimant__side", "claim__side"
            )
            .order_by("-decided_at", "-id")[:DASHBOARD_ROWS]
        ),
        status_counts=[(status, counts.get(status, 0)) for status in Status.values],
    )


def facet_counts(claims, *fields: str) -> list[tuple]:
    """How many of ``claims`` share each value of ``fields``, most first (as Datasette shows).

    Each row is the field values followed by the count.
    """
    rows = claims.order_by().values_list(*fields).annotate(n=Count("id")).values_list(*fields, "n")
    return sorted(rows, key=lambda row: (-row[-1], str(row[0])))


CONFLICT_COLOUR = "#9a4a00"
NEUTRAL_COLOUR = "#6b6b6b"
MAX_MARKERS = 5000


def map_markers(places) -> list[dict]:
    """One marker per place with coordinates, coloured by its picture (two queries).

    Conflict takes the conflict colour; a place one side says it controls takes that side's
    colour; anything else is neutral.
    """
    rows = list(
        places.filter(latitude__isnull=False)
        .order_by()
        .values(
            "id", "slug", "name", "latitude", "longitude", "state__has_conflict", "state__verdict"
        )[:MAX_MARKERS]
    )
    controllers = defaultdict(list)
    for place_id, name, colour in PlaceSideClaim.objects.filter(
        place_id__in=[r["id"] for r in rows], asserts_control=True
    ).values_list("place_id", "side__name", "side__colour"):
        controllers[place_id].append((name, colour))
    markers = []
    for row in rows:
        claimed = controllers.get(row["id"], [])
        if row["state__has_conflict"]:
            colour, label = CONFLICT_COLOUR, "Sides' claims conflict"
        elif len(claimed) == 1:
            colour, label = claimed[0][1], f"{claimed[0][0]} claims control"
        else:
            colour, label = NEUTRAL_COLOUR, "No side claims sole control"
        markers.append(
            {
                "slug": row["slug"],
                "name": row["name"],
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "colour": colour,
                "label": label,
                "verdict": control.VERDICT_TEXT[row["state__verdict"] or ""],
                "url": reverse("claims:place_detail", args=[row["slug"]]),
            }
        )
    return markers


@dataclass
class ClaimPage:
    claim: Claim
    verifications: list[Verification]
    answered_by: list[Claim]
    conflicts: list[Claim]
    corrections: list["Correction"]


def claim_page(claim: Claim) -> ClaimPage:
    verifications = list(
        claim.verifications.select_related("recorded_by")
        .prefetch_related("evidence", "evidence__publisher")
        .order_by("decided_at", "id")
    )
    answered_by = list(
        claim.answered_by.select_related("claimant", "claimant__side", "side").order_by(
            "stated_at", "id"
        )
    )
    return ClaimPage(
        claim,
        verifications,
        answered_by,
        claim_conflicts(claim),
        claim_corrections(claim, verifications),
    )


def search(query: str, *, limit: int = 50):
    """Claims, places (any alias) and actors matching ``query``."""
    places = Place.objects.named(query).select_related("parent")
    actors = Actor.objects.named(query).select_related("side")
    claims = (
        Claim.objects.search(query)
        .select_related("place", "claimant", "claimant__side", "side")
        .order_by("-stated_at", "-id")
    )
    return {
        "places": list(places.ranked_by_name(query)[:limit]),
        "actors": list(actors.order_by("name")[:limit]),
        "claims": list(claims[:limit]),
    }


# --- Editor desk ----------------------------------------------------------------------------

# Fields whose changes are corrections readers should know about (not status bookkeeping).
CORRECTABLE_FIELDS = [
    "place",
    "claimant",
    "verb",
    "side",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "summary",
    "language",
    "answers",
]


@dataclass
class Correction:
    when: datetime
    who: object
    reason: str
    changes: list[tuple[str, str, str]]


def claim_corrections(claim: Claim, verifications=None) -> list[Correction]:
    """Every change to the claim's content or citations after it was first recorded, oldest first.

    Verification bookkeeping (status, version) is not a correction: it has its own history.
    A fixed number of queries however many corrections there are; pass the claim's
    ``verifications`` when already loaded.
    """
    records = list(
        claim.history.select_related("history_user").order_by("history_date", "history_id")
    )
    raw = []
    for previous, record in pairwise(records):
        delta = record.diff_against(previous, included_fields=CORRECTABLE_FIELDS)
        if delta.changes:
            raw.append((record, delta.changes))
    names = _related_names([change for _, changes in raw for change in changes])
    corrections = [
        Correction(
            record.history_date,
            record.history_user,
            record.history_change_reason or "",
            [
                (_label(c.field), _shown(c.field, c.old, names), _shown(c.field, c.new, names))
                for c in changes
            ],
        )
        for record, changes in raw
    ]
    if verifications is None:
        verifications = list(claim.verifications.order_by("recorded_at", "id")[:1])
    # Citations written with the claim, before its first verification, are its first version.
    created = min((v.recorded_at for v in verifications), default=claim.recorded_at)
    corrections.extend(_citation_corrections(claim, created))
    return sorted(corrections, key=lambda c: c.when)


def _related_names(changes) -> dict[tuple[str, object], str]:
    """Display names of the related objects the changes point at, one query per model."""
    wanted = defaultdict(set)
    for change in changes:
        field = Claim._meta.get_field(change.field)
        if field.is_relation:
            wanted[field.related_model].update(v for v in (change.old, change.new) if v)
    names = {}
    for model, ids in wanted.items():
        related = model.objects.filter(pk__in=ids)
        if model is Claim:
            related = related.select_related("claimant", "side", "place")
        for obj in related:
            names[(model.__name__, obj.pk)] = str(obj)
    return names


def _citation_corrections(claim: Claim, created) -> list[Correction]:
    from claims.models import Citation

    history = list(
        Citation.history.filter(claim_id=claim.pk, history_date__gt=created)
        .select_related("history_user")
        .order_by("history_date")
    )
    if not history:
        return []
    titles = dict(
        Source.objects.filter(pk__in={h.source_id for h in history}).values_list("pk", "title")
    )
    verbs = {"+": "added", "-": "removed", "~": "changed"}
    return [
        Correction(
            record.history_date,
            record.history_user,
            record.history_change_reason or "",
            [("Citation", verbs[record.history_type], titles.get(record.source_id, ""))],
        )
        for record in history
    ]


def _label(field_name: str) -> str:
    return Claim._meta.get_field(field_name).verbose_name.capitalize()


def _shown(field_name: str, value, names) -> str:
    if value is None or value == "":
        return "—"
    field = Claim._meta.get_field(field_name)
    if field.is_relation:
        return names.get((field.related_model.__name__, value), f"#{value}")
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


@dataclass
class ChangesSince:
    """What other people recorded on a claim after an editor opened it at ``version``."""

    claim: Claim
    version: int
    verifications: list[Verification]
    edits: list


def changes_since(claim: Claim, version: int) -> ChangesSince:
    verifications = list(
        claim.verifications.filter(claim_version__gt=version)
        .select_related("recorded_by")
        .order_by("claim_version")
    )
    produced_by_verification = {v.claim_version for v in verifications}
    edits = [
        record
        for record in claim.history.filter(version__gt=version)
        .select_related("history_user")
        .order_by("version")
        if record.version not in produced_by_verification
    ]
    return ChangesSince(claim, version, verifications, edits)


def evidence_candidates(claim: Claim, limit: int = 60):
    """Sources worth offering as evidence: the latest cited or used about the same place."""
    about_place = Q(citations__claim__place_id=claim.place_id) | Q(
        evidence_links__verification__claim__place_id=claim.place_id
    )
    ids = list(
        Source.objects.filter(about_place)
        .order_by("-published_at", "-id")
        .values_list("id", flat=True)
        .distinct()[:limit]
    )
    # A plain filter, not a slice, so that a form can validate a choice against it.
    return (
        Source.objects.filter(pk__in=ids)
        .select_related("publisher", "publisher__side")
        .order_by("-published_at", "title")
    )


def review_queue():
    """Claims waiting for a verdict, with who has taken each into review."""
    return Claim.objects.needs_review().select_related(
        "place",
        "claimant",
        "claimant__side",
        "side",
        "current_verification",
        "current_verification__recorded_by",
    )
