"""Reads that span models. Each returns plain data the pages, the API and the exports share."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import control, picture, pictures
from claims.choices import Control, Status
from claims.languages import local_name_of
from claims.models import (
    Actor,
    Claim,
    DataVersion,
    Place,
    PlacePosition,
    PlaceVersion,
    Side,
    Source,
    Verification,
)
from claims.pictures import end_of_day
from claims.querysets import NAMED_LIMIT, SHOWN


def verifications_as_of(claim_ids, moment: datetime) -> dict[int, Verification]:
    """Each claim's standing verification among those decided before ``moment`` (two queries)."""
    standing = {
        claim_id: picture.current(rows)
        for claim_id, rows in pictures.judgements(claim_ids, before=moment).items()
    }
    found = Verification.objects.in_bulk([j.id for j in standing.values() if j])
    return {claim_id: found[j.id] for claim_id, j in standing.items() if j}


def _statuses_as_of(claim_ids, moment: datetime) -> dict[int, str]:
    """Each claim's status among the verdicts decided before ``moment`` (one query)."""
    standing = {
        claim_id: picture.current(rows)
        for claim_id, rows in pictures.judgements(claim_ids, before=moment).items()
    }
    return {claim_id: j.status for claim_id, j in standing.items() if j}


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
    # One row by its key: no ORDER BY, which first() would add and every request would compile.
    version = next(iter(DataVersion.objects.filter(pk=1).order_by()[:1]), None)
    return version or DataVersion(pk=1, version=0, changed_at=timezone.now())


def place_version(slug: str) -> PlaceVersion | None:
    """The version of what the place called ``slug`` shows (one query); None when there is no
    such place, or no write has stamped it (then only the global version tells)."""
    return PlaceVersion.objects.filter(place__slug=slug).first()


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
        if self.side is None:
            return _("Third parties")
        return _("Claims by %(side)s") % {
            "side": local_name_of("side", self.side.pk, self.side.name)
        }


# What a place page reads of each claim it lists: everything its card shows (claims.cards keys
# the card on all of it) and what the timeline lays it out by.
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
    "side__name",
    "answers_id",
    "answers__verb",
    "answers__side_id",
    "answers__claimant_id",
    "answers__claimant__name",
    "claimant_id",
    "claimant__name",
    "claimant__kind",
    "claimant__side_id",
    "claimant__side__name",
    "claimant__parent_id",
    "claimant__parent__name",
    "claimant__parent__kind",
)


@dataclass(frozen=True)
class ClaimRow:
    """The little of a claim the timeline lays it out by."""

    pk: int
    stated_at: datetime
    verb: str
    claimant_side_id: int | None


@dataclass
class Entry:
    """A claim as a place page lists it: its row (``ENTRY_COLUMNS``) and its status at the
    page's moment; the view attaches its rendered ``card`` (claims.cards)."""

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
    disputes: list[DisputeView]
    names: list
    truncated: bool

    @property
    def earlier_disputes(self) -> list[DisputeView]:
        """Disputes that ended, newest first: the history below the standing disagreement."""
        return [d for d in reversed(self.disputes) if d.end is not None]


def place_page(place: Place, as_of: date | None = None) -> PlacePage:
    """Everything the place page shows, in a fixed number of queries whatever the claim count."""
    moment = end_of_day(as_of) if as_of else None
    loaded = pictures.statements([place.pk], before=moment)
    statements = loaded.get(place.pk, [])
    window = pictures.contradiction_window()
    if moment is None:
        now = pictures.stored(getattr(place, "state", None))
    else:
        now = pictures.compute([place.pk], moment=moment, loaded=loaded)[place.pk]
    found = picture.disputes(statements, moment=moment, window=window)
    claims = Claim.objects.filter(place=place)
    if moment is not None:
        claims = claims.stated_before(moment)
    ordered = claims.order_by("-stated_at", "-id").values(*ENTRY_COLUMNS, "status")
    rows = list(ordered[: PLACE_PAGE_CLAIMS + 1])
    truncated = len(rows) > PLACE_PAGE_CLAIMS
    rows = rows[:PLACE_PAGE_CLAIMS]
    if moment is None:
        # Claim.status is the standing verdict's, written in the same transaction as it.
        statuses = {row["id"]: row.pop("status") for row in rows}
    else:
        for row in rows:
            del row["status"]
        statuses = _statuses_as_of([row["id"] for row in rows], moment)
    entries = [Entry(row, statuses.get(row["id"], Status.UNREVIEWED)) for row in rows]
    by_side = defaultdict(list)
    for entry in entries:
        by_side[entry.claim.claimant_side_id].append(entry)
    view = pictures.view(place, now, as_of=as_of, extra_claims=_dispute_claims(found))
    sides = {side.pk: side for side in view.sides}
    columns = [Column(side, by_side.get(side.pk, [])) for side in sides.values()]
    columns.append(Column(None, by_side.get(None, [])))
    loaded = view.loaded
    return PlacePage(
        place=place,
        as_of=as_of,
        picture=view,
        columns=columns,
        entries=entries,
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
        names=list(place.names.all()),
        truncated=truncated,
    )


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


def contested_places():
    """Places contested now, live disputes first (the latest statement by a side first)."""
    return Place.objects.filter(state__contested=True).order_by("-state__last_statement_at", "name")


def dashboard() -> Dashboard:
    contested = list(contested_places().select_related("parent", "state")[:DASHBOARD_ROWS])
    views = pictures.views({p.pk: (p, pictures.stored(p.state)) for p in contested}, claims=False)
    counts = dict(
        Claim.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return Dashboard(
        contested=[views[p.pk] for p in contested],
        latest_claims=list(Claim.objects.shown().order_by("-stated_at", "-id")[:DASHBOARD_ROWS]),
        latest_verifications=list(
            Verification.objects.exclude(status=Status.UNREVIEWED)
            .select_related("claim", *(f"claim__{name}" for name in SHOWN), "verifier")
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


CONTESTED_COLOUR = "#9a4a00"
NEUTRAL_COLOUR = "#6b6b6b"
MAX_MARKERS = 5000


def map_markers(places) -> list[dict]:
    """One marker per place with coordinates, coloured by its picture now (two queries).

    Contested takes the contested colour; a place one side alone says it controls, fully or in
    part, takes that side's colour; anything else is neutral.
    """
    rows = list(
        places.filter(latitude__isnull=False)
        .order_by()
        .values(
            "id", "slug", "name", "latitude", "longitude", "state__contested", "state__verdict"
        )[:MAX_MARKERS]
    )
    controllers = defaultdict(list)
    for place_id, side_id, name, colour, held in PlacePosition.objects.filter(
        place_id__in=[r["id"] for r in rows], control__in=[Control.FULL, Control.PARTIAL]
    ).values_list("place_id", "side_id", "side__name", "side__colour", "control"):
        controllers[place_id].append((local_name_of("side", side_id, name), colour, held))
    markers = []
    for row in rows:
        claimed = controllers.get(row["id"], [])
        if row["state__contested"]:
            colour, label = CONTESTED_COLOUR, _("Contested: the sides' positions contradict")
        elif len(claimed) == 1:
            name, colour, held = claimed[0]
            label = f"{name} {control.POSITION_TEXT[held]}"
        else:
            colour, label = NEUTRAL_COLOUR, _("No side claims it alone")
        markers.append(
            {
                "slug": row["slug"],
                "name": local_name_of("place", row["id"], row["name"]),
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "colour": colour,
                "label": label,
                "verdict": str(control.VERDICT_TEXT[row["state__verdict"] or ""]),
                "url": reverse("claims:place_detail", args=[row["slug"]]),
            }
        )
    return markers


@dataclass
class ClaimPage:
    claim: Claim
    verifications: list[Verification]
    answered_by: list[Claim]
    contradicted_by: list[Claim]
    disputed_by: list[Claim]
    corrections: list["Correction"]


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


def search(query: str, *, limit: int = 50):
    """Claims, places (any alias) and actors matching ``query``.

    The places and actors found are the ones whose claims are searched too: each name lookup
    (the costliest part, trigram similarity over every name) runs once, not twice.
    """
    places = list(
        Place.objects.named(query).select_related("parent").ranked_by_name(query)[:NAMED_LIMIT]
    )
    actors = list(
        Actor.objects.named(query).select_related("side").ranked_by_name(query)[:NAMED_LIMIT]
    )
    claims = Claim.objects.find(query, places=[p.pk for p in places], actors=[a.pk for a in actors])
    return {
        "places": places[:limit],
        "actors": actors[:limit],
        "claims": list(claims.shown().order_by("-stated_at", "-id")[:limit]),
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
            related = related.shown()
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
    verbs = {"+": _("added"), "-": _("removed"), "~": _("changed")}
    return [
        Correction(
            record.history_date,
            record.history_user,
            record.history_change_reason or "",
            # "Citation" is the page's marker for a citation's line, worded by the template.
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
    return (
        Claim.objects.needs_review()
        .shown()
        .select_related("current_verification", "current_verification__recorded_by")
    )


# The last gazetteer built in this process, with the state of the data it was built from.
_gazetteer_built: dict = {}


def extraction_gazetteer():
    """Every place, actor and side with all their names, as the article extraction reads them.

    Built once per state of the data and per process, with its phrase matchers: building took
    80-160 ms, which every extraction request paid. The state is the data version's stamp, which
    every write bumps (adding an alias included), so a new name is matched from the next request
    on. One query when the copy is current; six when it is (re)built: the version, then sides,
    places, their names, actors, their names. A database no service has written to yet (version
    0) is never cached: nothing would tell its changes apart.
    """
    version = DataVersion.objects.filter(pk=1).first()
    key = (connection.alias, connection.settings_dict["NAME"], version.stamp) if version else None
    if key is not None and _gazetteer_built.get("key") == key:
        return _gazetteer_built["gazetteer"]
    gazetteer = _read_gazetteer()
    # Built before it is shared: concurrent requests then only read it.
    gazetteer.place_matcher  # noqa: B018
    gazetteer.actor_matcher  # noqa: B018
    if key is not None and version.version > 0:
        _gazetteer_built.update(key=key, gazetteer=gazetteer)
    return gazetteer


def _read_gazetteer():
    # Imported here: loading spaCy takes about a second, which only this read should pay.
    from claims.extraction import Gazetteer

    sides = list(Side.objects.values("slug", "name"))
    places = [
        {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "names": [n.name for n in p.names.all()],
        }
        for p in Place.objects.prefetch_related("names").only("slug", "name", "kind")
    ]
    actors = [
        {
            "slug": a.slug,
            "name": a.name,
            "kind": a.kind,
            "side": a.side.slug if a.side_id else None,
            "names": [n.name for n in a.names.all()],
        }
        for a in Actor.objects.select_related("side").prefetch_related("names")
    ]
    return Gazetteer.from_records(places=places, actors=actors, sides=sides)


def article_proposals(text: str, *, published: date, publisher: str | None = None):
    """The claims and verifications ``text`` reports, proposed against what is on file.

    Raises :class:`claims.extraction.InputRefused` for text that cannot be read. Writes nothing.
    """
    from claims.extraction import extract

    return extract(text, published=published, gazetteer=extraction_gazetteer(), publisher=publisher)
