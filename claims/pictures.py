"""Reading control pictures from the database: the inputs of :func:`claims.picture.compute`,
the stored copies, and the objects pages show them with.

Pictures "now" are read from ``PlaceState.picture``, which the services keep current; pictures
"as of" a day are computed on demand from the same inputs by the same function.
"""

import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import router
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import compiled, control, picture
from claims.choices import Status
from claims.days import end_of_day
from claims.formatting import short_date
from claims.languages import local_name
from claims.models import Actor, Claim, Place, PlacePosition, PlaceState, Side, Verification
from claims.picture import Judgement, Picture, Statement
from claims.shown_claims import COMPILED_CLAIMS, shown_claims

STATEMENT_COLUMNS = (
    "id",
    "place_id",
    "claimant_id",
    "claimant__side_id",
    "verb",
    "side_id",
    "stated_at",
    "effective_at",
    "ambiguous",
    "answers__verb",
    "answers__side_id",
    "answers_id",
)
# Statement's fields in its order: the place is the key the statements are grouped by.
_STATEMENT_ORDER = tuple(name for name in STATEMENT_COLUMNS if name != "place_id")
_statement_values = operator.itemgetter(*_STATEMENT_ORDER)
_CLAIM_PLACE = Claim._meta.get_field("place")
_STATED_AT = Claim._meta.get_field("stated_at")
# The most places whose statements are read by compiled SQL (a page of the place list): past
# this, compiling costs more than it saves.
COMPILED_PLACES = 50
# Claims whose verdicts one query reads: PostgreSQL takes at most 65,535 parameters a statement
# (claimtracker/env.py sends them apart from the SQL), and a batch of places being refreshed
# after an import can hold more claims than that.
IDS_PER_QUERY = 30_000


def contradiction_window() -> timedelta:
    return timedelta(days=settings.CONTRADICTION_WINDOW_DAYS)


def statements(place_ids: Iterable[int], *, before: datetime | None = None):
    """``{place_id: [Statement, …]}`` for the places' claims (one query)."""
    place_ids = list(place_ids)

    def build(*bound):
        claims = Claim.objects.filter(place_id__in=bound[: len(place_ids)])
        if before is not None:
            claims = claims.stated_before(bound[-1])
        return claims.order_by().values(*STATEMENT_COLUMNS)

    values = [*place_ids, before] if before is not None else place_ids
    if len(place_ids) > COMPILED_PLACES:
        rows = build(*values)
    else:
        # Every place page reads these: compiled once per shape (claims.compiled), timestamps
        # read by psycopg's C loader.
        fields = [_CLAIM_PLACE] * len(place_ids) + ([_STATED_AT] if before is not None else [])
        key = ("picture_statements", len(place_ids), before is not None)
        rows = compiled.rows(key, build, fields, values, router.db_for_read(Claim))
    found = defaultdict(list)
    for row in rows:
        found[row["place_id"]].append(Statement(*_statement_values(row)))
    return found


def judgements(claim_ids: Iterable[int], *, before: datetime | None = None):
    """``{claim_id: [Judgement, …]}`` (one query for up to ``IDS_PER_QUERY`` claims)."""
    claim_ids = list(claim_ids)
    found = defaultdict(list)
    for start in range(0, len(claim_ids), IDS_PER_QUERY):
        rows = Verification.objects.filter(claim_id__in=claim_ids[start : start + IDS_PER_QUERY])
        if before is not None:
            rows = rows.filter(decided_at__lt=before)
        for pk, claim_id, status, decided_at, verifier_id in rows.order_by().values_list(
            "id", "claim_id", "status", "decided_at", "verifier_id"
        ):
            found[claim_id].append(Judgement(pk, claim_id, status, decided_at, verifier_id))
    return found


def side_order() -> list[int]:
    return list(Side.objects.values_list("id", flat=True))


def compute(
    place_ids: Iterable[int], *, moment: datetime | None = None, loaded: dict | None = None
) -> dict[int, Picture]:
    """Each place's picture at ``moment`` (None: now), computed afresh (three queries; two when
    the caller ``loaded`` the places' statements already)."""
    place_ids = list(place_ids)
    by_place = loaded if loaded is not None else statements(place_ids, before=moment)
    order, window = side_order(), contradiction_window()
    wanted = set()
    for place_statements in by_place.values():
        wanted |= picture.needed_claims(
            place_statements, moment=moment, window=window, side_order=order
        )
    verdicts = judgements(wanted, before=moment)
    return {
        place_id: picture.compute(
            by_place.get(place_id, []), verdicts, moment=moment, window=window, side_order=order
        )
        for place_id in place_ids
    }


def cached(place_ids: list[int]) -> tuple[list[PlaceState], list[PlacePosition]]:
    """The rows that store each place's picture now: :func:`compute` over everything known,
    with the columns lists filter and sort by and the place's disputes, all from the same
    statements (three queries)."""
    by_place = statements(place_ids)
    computed = compute(place_ids, loaded=by_place)
    window = contradiction_window()
    states, positions = [], []
    for place_id in place_ids:
        now, said = computed[place_id], by_place.get(place_id, [])
        states.append(
            PlaceState(
                place_id=place_id,
                contested=now.contested,
                verdict=now.verdict,
                claim_count=len(said),
                last_stated_at=max((s.stated_at for s in said), default=None),
                last_statement_at=now.last_statement_at,
                picture=picture.to_json(now),
                disputes=picture.disputes_to_json(
                    picture.named(picture.disputes(said, moment=None, window=window)), window
                ),
            )
        )
        positions.extend(
            PlacePosition(
                place_id=place_id,
                side_id=p.side_id,
                control=p.control,
                since=p.since,
                status=p.status,
            )
            for p in now.positions
        )
    return states, positions


def stored(state: PlaceState | None) -> Picture:
    """The picture now, as the services stored it."""
    if state is None or not state.picture:
        return picture.EMPTY
    return picture.from_json(state.picture)


def place_disputes(place: Place, moment: datetime | None = None) -> list[picture.Dispute]:
    """Every time ``place`` was contested up to ``moment`` (None: now), as a page names them
    (:func:`claims.picture.named`): now, the copy the services stored with the picture, or
    computed from the place's statements (one query) when there is none, or it was made under
    another contradiction window; as of a moment, always computed."""
    window = contradiction_window()
    if moment is None:
        state = getattr(place, "state", None)
        found = picture.disputes_from_json(state.disputes if state else None, window)
        if found is not None:
            return found
    said = statements([place.pk], before=moment).get(place.pk, [])
    return picture.named(picture.disputes(said, moment=moment, window=window))


def place_picture(place: Place, as_of: date | None = None) -> Picture:
    """The picture of ``place`` now (stored), or at the end of ``as_of`` (computed)."""
    if as_of is None:
        return stored(PlaceState.objects.filter(place=place).first())
    return compute([place.pk], moment=end_of_day(as_of))[place.pk]


# --- What pages show ------------------------------------------------------------------------


@dataclass
class VerifierView:
    actor: Actor | None
    status: str
    decided_at: datetime
    claim: Claim | None
    kind: str

    @property
    def who(self) -> str:
        return local_name(self.actor) if self.actor else _("the newsroom")

    @property
    def is_admission(self) -> bool:
        return self.kind == "admission"


@dataclass
class PositionView:
    side: Side
    control: str
    since: datetime | None
    claims: list[Claim]
    claim_count: int
    status: str
    verifiers: list[VerifierView]
    verifiers_disagree: bool
    contradicted_within_side: bool
    context: list[Claim]

    @property
    def control_text(self) -> str:
        return control.words(control.POSITION_TEXT, self.control)

    @property
    def lead(self) -> Claim | None:
        """The claim that opened the position."""
        return self.claims[0] if self.claims else None

    @property
    def latest(self) -> Claim | None:
        return self.claims[-1] if self.claims else None

    @property
    def verdict_text(self) -> str:
        return control.words(control.VERDICT_TEXT, self.status)


@dataclass
class AssessmentView:
    claim: Claim
    status: str


@dataclass
class PictureView:
    """A picture with the records it names, as templates show it."""

    place: Place
    as_of: date | None
    contested: bool
    last_statement_at: datetime | None
    positions: list[PositionView] = field(default_factory=list)
    independent: list[AssessmentView] = field(default_factory=list)
    contradictions: list[tuple[Claim, Claim]] = field(default_factory=list)
    verdict: str = ""
    sides: list[Side] = field(default_factory=list)
    loaded: dict[int, Claim] = field(default_factory=dict, repr=False)

    @property
    def verdict_text(self) -> str:
        return control.words(control.VERDICT_TEXT, self.verdict)

    @property
    def confirmed_by_independent(self) -> bool:
        return self.verdict in (Status.CONFIRMED, Status.PARTIALLY_CONFIRMED)

    @property
    def is_empty(self) -> bool:
        return not self.positions and not self.independent

    @property
    def quiet(self) -> bool:
        """No side has said anything about the place for a while (as of the picture's day)."""
        if self.last_statement_at is None:
            return False
        moment = end_of_day(self.as_of) if self.as_of else timezone.now()
        return moment - self.last_statement_at > timedelta(days=settings.QUIET_DISPUTE_DAYS)

    @property
    def disputing(self) -> list[PositionView]:
        return [p for p in self.positions if p.control in (control.FULL, control.PARTIAL)]

    @property
    def summary(self) -> str:
        """The picture in one plain sentence, for feeds and other text-only readers."""
        if not self.positions:
            return "No side has made a statement about control."
        positions = "; ".join(
            f"{p.side.name} {p.control_text}"
            + (f" since {short_date(p.since)}" if p.since else "")
            + (" (its own claimants contradict each other)" if p.contradicted_within_side else "")
            + f", {p.verdict_text}"
            for p in self.positions
        )
        state = "Contested" if self.contested else "Not contested"
        return f"{state}: {positions}."


def claim_ids(pictures: Iterable[Picture]) -> set[int]:
    ids = set()
    for item in pictures:
        for position in item.positions:
            ids.update(position.claims)
            ids.update(position.context)
            ids.update(v.claim_id for v in position.verifiers)
        ids.update(a.claim_id for a in item.independent)
        for pair in item.contradictions:
            ids.update(pair)
    return ids


def views(
    items: dict[int, tuple[Place, Picture]],
    *,
    as_of: date | None = None,
    claims=True,
    extra_claims: Iterable[int] = (),
):
    """``{place_id: PictureView}`` for several pictures: sides, verifier actors and (unless
    ``claims`` is False, for one-line summaries) the claims they name, with ``extra_claims``,
    in one query each."""
    sides = {side.pk: side for side in all_sides()}
    pictures = [item for _, item in items.values()]
    loaded = {}
    if claims:
        ids = claim_ids(pictures) | set(extra_claims)
        # What the picture box and the sentence read of a claim, not its citations; unordered,
        # as compiling the models' default orderings cost more than running the query.
        loaded = shown_claims(ids)
    actor_ids = {
        v.actor_id for p in pictures for pos in p.positions for v in pos.verifiers if v.actor_id
    }
    actors = _actors(actor_ids) if actor_ids else {}
    return {
        place_id: _view(place, item, as_of, sides, loaded, actors)
        for place_id, (place, item) in items.items()
    }


def all_sides() -> list[Side]:
    """Every side, in their order (one query, compiled once: claims.compiled)."""
    using = router.db_for_read(Side)
    names = compiled.attnames(Side)
    rows = compiled.rows(("sides",), lambda: Side.objects.values(*names), [], [], using)
    return [compiled.record(Side, using, names, [row[name] for name in names]) for row in rows]


def _actors(ids: set[int]) -> dict[int, Actor]:
    """``Actor.objects.in_bulk(ids)`` for the few verifiers a picture names (one query,
    compiled once per number of actors)."""
    ids = sorted(ids)
    if len(ids) > COMPILED_CLAIMS:
        return Actor.objects.order_by().in_bulk(ids)
    using = router.db_for_read(Actor)
    names = compiled.attnames(Actor)
    rows = compiled.rows_by_id("picture_actors", Actor, names, ids, using)
    return {
        row["id"]: compiled.record(Actor, using, names, [row[name] for name in names])
        for row in rows
    }


def view(
    place: Place, item: Picture, *, as_of: date | None = None, extra_claims: Iterable[int] = ()
) -> PictureView:
    return views({place.pk: (place, item)}, as_of=as_of, extra_claims=extra_claims)[place.pk]


def _view(place, item: Picture, as_of, sides, loaded, actors) -> PictureView:
    def claims(ids):
        return [loaded[i] for i in ids if i in loaded]

    positions = [
        PositionView(
            side=sides[p.side_id],
            control=p.control,
            since=p.since,
            claims=claims(p.claims),
            claim_count=p.claim_count,
            status=p.status,
            verifiers=[
                VerifierView(
                    actors.get(v.actor_id), v.status, v.decided_at, loaded.get(v.claim_id), v.kind
                )
                for v in p.verifiers
            ],
            verifiers_disagree=p.verifiers_disagree,
            contradicted_within_side=p.contradicted_within_side,
            context=claims(p.context),
        )
        for p in item.positions
        if p.side_id in sides
    ]
    return PictureView(
        place=place,
        as_of=as_of,
        contested=item.contested,
        last_statement_at=item.last_statement_at,
        positions=positions,
        independent=[
            AssessmentView(loaded[a.claim_id], a.status)
            for a in item.independent
            if a.claim_id in loaded
        ],
        contradictions=[
            (loaded[a], loaded[b]) for a, b in item.contradictions if a in loaded and b in loaded
        ],
        verdict=item.verdict,
        sides=list(sides.values()),
        loaded=loaded,
    )
