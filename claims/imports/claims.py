"""Import claims from the CSV format the export writes (docs/csv-format.md).

Every row is checked first, without holding any lock, and each bad one reported with all of its
problems — the format's, and the services' rules for what the row would write; then all rows are
written in one short transaction with bulk inserts (:mod:`claims.imports.bulk`), and anything
refused then rolls back the whole file. Places, actors and sides are found by slug; one the
database does not know is created when the row names it (or with ``create_missing``), and is an
error otherwise, so that a mistyped slug never silently makes a new place. Sources are found by
URL (or title, for sources without one); a publisher or publication date given for a source on
file fills what it lacks and is refused where it differs. A claim already present (same
claimant, place, stated time, verb and side) is left alone, so importing a file twice creates
nothing new.
"""

from dataclasses import dataclass, field

from claims import services
from claims.choices import ActorKind, NameKind, PlaceKind, Precision, Status, Verb
from claims.formats.claims import CSV
from claims.imports import actors, cells, common, planner, reading, world
from claims.imports.actors import ActorRef
from claims.imports.common import Report, RowError
from claims.inputs import length
from claims.models import Actor, Claim, Place, Side, Verification
from claims.models.places import PlaceName

REQUIRED = ("place", "claimant", "verb", "stated_at", "summary")


@dataclass
class Plan:
    """A row, parsed: everything that could be checked without the database."""

    line: int
    values: dict
    citations: list = field(default_factory=list)
    names: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    claimant: ActorRef | None = None
    organisation: ActorRef | None = None


@dataclass
class Named:
    """What a file's rows name, gathered as they are parsed: the places, the ones it
    describes (and so may create), the sides it describes, and the actors it names."""

    places: set = field(default_factory=set)
    described: set = field(default_factory=set)
    sides: set = field(default_factory=set)
    all_sides: set = field(default_factory=set)  # described or not
    refs: set = field(default_factory=set)  # the actors, as rows name them

    def add(self, plan: Plan) -> Plan:
        v = plan.values
        for column, name in (("place", "place_name"), ("region", "region_name")):
            if v[column]:
                self.places.add(v[column])
                if v[name]:
                    self.described.add(v[column])
        self.sides.update(v[column] for column, name in _SIDE_NAMES if v[name])
        self.all_sides.update(v[column] for column, _ in _SIDE_NAMES if v[column])
        self.refs |= set(plan.actors)
        return plan


def import_file(
    handle, *, source_name: str, dry_run: bool = False, create_missing=False, progress=None
) -> Report:
    """Check then import every row of ``handle``; nothing is written unless every row is good."""
    named = Named()
    return reading.import_rows(
        handle,
        columns=CSV.names,
        required=REQUIRED,
        parse=lambda line, values: named.add(_parse(line, values)),
        moment=lambda plan: plan.values["stated_at"],
        check=lambda plans, report: _check_references(
            plans, named, report, create_missing=create_missing
        ),
        planner=lambda plans, report: _Planner(
            plans, named, source_name, create_missing=create_missing, report=report
        ),
        dry_run=dry_run,
        progress=progress,
    )


# --- Parsing: everything that can be checked without the database ---------------------------


class ClaimRow(cells.RowForm):
    id = cells.IdCell()
    place = cells.slug_cell(length(Place, "slug"))
    place_name = cells.line_cell(length(Place, "name"))
    place_kind = cells.ChoiceCell(PlaceKind, blank=True)
    latitude = cells.DecimalCell(limit=90)
    longitude = cells.DecimalCell(limit=180)
    region = cells.slug_cell(length(Place, "slug"), required=False)
    region_name = cells.line_cell(length(Place, "name"))
    claimant = cells.slug_cell(length(Actor, "slug"))
    claimant_name = cells.line_cell(length(Actor, "name"))
    claimant_kind = cells.ChoiceCell(ActorKind, blank=True)
    claimant_side = cells.slug_cell(length(Side, "slug"), required=False)
    claimant_side_name = cells.line_cell(length(Side, "name"))
    claimant_organisation = cells.slug_cell(length(Actor, "slug"), required=False)
    claimant_organisation_name = cells.line_cell(length(Actor, "name"))
    verb = cells.ChoiceCell(Verb)
    side = cells.slug_cell(length(Side, "slug"), required=False)
    side_name = cells.line_cell(length(Side, "name"))
    stated_at = cells.MomentCell(required=True)
    stated_precision = cells.ChoiceCell(Precision, blank=True)
    effective_at = cells.MomentCell()
    effective_precision = cells.ChoiceCell(Precision, blank=True)
    quote = cells.text_cell(length(Claim, "quote"))
    language = cells.line_cell(length(Claim, "language"))
    summary = cells.text_cell(length(Claim, "summary"), required=True)
    answers = cells.IdCell()
    ambiguous = cells.BooleanCell()
    status = cells.ChoiceCell(Status, blank=True)
    status_rationale = cells.text_cell(length(Verification, "rationale"))
    status_decided_at = cells.MomentCell()
    status_verifier = cells.slug_cell(length(Actor, "slug"), required=False)


# The fields of the items of a row's other-name columns.
OTHER_NAME = cells.line_cell(length(PlaceName, "name"), required=True)
OTHER_NAME_LANGUAGE = cells.line_cell(length(PlaceName, "language"), required=True)
NAME_KIND = cells.ChoiceCell(NameKind)


def _parse(line: int, values: dict) -> Plan:
    cells, v = common.row_cells(values, ClaimRow)
    plan = Plan(line, v)
    plan.citations = common.sources(cells, "citation")
    plan.claimant = ActorRef(
        v["claimant"],
        "claimant",
        name=v["claimant_name"] or "",
        kind=v["claimant_kind"] or "",
        side=v["claimant_side"] or "",
        parent=v["claimant_organisation"] or "",
    )
    if v["claimant_organisation"]:
        plan.organisation = ActorRef(
            v["claimant_organisation"],
            "claimant_organisation",
            name=v["claimant_organisation_name"] or "",
            side=v["claimant_side"] or "",
        )
    plan.actors = [plan.claimant, *(c.publisher for c in plan.citations if c.publisher)]
    if plan.organisation:
        plan.actors.append(plan.organisation)
    if v["status_verifier"]:
        plan.actors.append(ActorRef(v["status_verifier"], "status_verifier"))
    for name, language, kind in common.aligned(
        cells, "place_other_names", "place_other_name_languages", "place_other_name_kinds"
    ):
        plan.names.append(
            (
                cells.read_value(name, "place_other_names", OTHER_NAME),
                cells.read_value(language, "place_other_name_languages", OTHER_NAME_LANGUAGE),
                cells.read_value(kind or NameKind.OFFICIAL, "place_other_name_kinds", NAME_KIND),
            )
        )
    cells.finish()
    return plan


def _check_references(plans, named: Named, report: Report, *, create_missing: bool) -> None:
    """Slugs the database does not know are errors unless the file describes what to create.
    The rows are read back only to name the lines of what is wrong, which is rarely anything:
    reading 100,000 rows back took 3% of their import."""
    references = _References(named, create_missing=create_missing)
    if references.any_wrong():
        for plan in plans:
            if found := references.problems(plan):
                report.errors.append((plan.line, "; ".join(found)))


class _References:
    """What is on file of the places, sides and actors a file names."""

    def __init__(self, named: Named, *, create_missing: bool):
        self.named = named
        self.create_missing = create_missing
        self.places = set()
        for batch in world.chunks(named.places):
            self.places.update(Place.objects.filter(slug__in=batch).values_list("slug", flat=True))
        self.sides = set(Side.objects.values_list("slug", flat=True))
        self.actors = actors.Known(named.refs, create_missing=create_missing, new_sides=named.sides)

    def _place_ok(self, slug: str) -> bool:
        return slug in self.places or slug in self.named.described or self.create_missing

    def _side_ok(self, slug: str) -> bool:
        return slug in self.sides or slug in self.named.sides or self.create_missing

    def any_wrong(self) -> bool:
        return (
            not all(map(self._place_ok, self.named.places))
            or not all(map(self._side_ok, self.named.all_sides))
            or any(self.actors.problems([ref]) for ref in self.named.refs)
        )

    def problems(self, plan: Plan) -> list[str]:
        found = self.actors.problems(plan.actors)
        for column, name_column in (("place", "place_name"), ("region", "region_name")):
            value = plan.values[column]
            if value and not self._place_ok(value):
                found.append(
                    f"{column}: no place “{value}” on file; give its name in {name_column} to "
                    "create it, or import with --create-missing"
                )
        for column, name_column in _SIDE_NAMES:
            value = plan.values[column]
            if value and not self._side_ok(value):
                found.append(
                    f"{column}: no side “{value}” on file; give its name in {name_column} to "
                    "create it"
                )
        return found


_SIDE_NAMES = (("side", "side_name"), ("claimant_side", "claimant_side_name"))


# --- Planning: every write decided, and checked by the services' rules, before any lock -----


class _Planner(planner.Planner):
    """Decides, row by row in the file's order, what each row creates — as the services would
    one row at a time — on a copy of the records the file names, without writing or locking
    anything. Records the file creates are stood in for by unsaved instances until the write.
    """

    def __init__(self, plans, named: Named, source_name: str, *, create_missing: bool, report):
        super().__init__(report, plans)
        self.named = named
        self.source_name = source_name
        self.create_missing = create_missing

    def load(self) -> world.World:
        refs = self.named.refs
        return world.World.load(
            places=self.named.places,
            actors={r.slug for r in refs} | {r.parent for r in refs if r.parent},
        )

    def sources_named(self, plan: Plan) -> list:
        return plan.citations

    def decide(self, plan: Plan) -> None:
        v = plan.values
        place = self._place(plan.line, v)
        self._names(plan.line, place, plan.names)
        claimant = self._actor(plan)
        side = self.side(plan.line, v["side"], v["side_name"])
        answered = self.by_file_id.get(v["answers"]) if v["answers"] else None
        if answered is not None and answered.place_id != place.pk:
            answered = None
        if side is None and v["verb"] == Verb.DENIED and answered and answered.side_id:
            # A denial that names no side takes the answered claim's (as the services do), and
            # is stored with it: found again by it, or a second import would record it again.
            side = {s.pk: s for s in self.world.sides.values()}[answered.side_id]
        existing = self.world.claim(claimant, place, v["stated_at"], v["verb"], side)
        if existing is not None:
            self.report.present += 1
            if v["id"] is not None:
                self.by_file_id[v["id"]] = existing
            return
        answers = self.claim_of(answered) if answered else None
        citations = [self._citation(plan.line, c) for c in plan.citations]
        verdict = None
        if v["status"] and v["status"] != Status.UNREVIEWED:
            services.check_verdict(status=v["status"], imported=True)
            verdict = planner.Verdict(
                status=v["status"],
                rationale=v["status_rationale"] or f"Status carried over from {self.source_name}.",
                decided_at=v["status_decided_at"],
                verifier=self._verifier(v["status_verifier"]),
                evidence=[source for source, _ in citations],
            )
        self.new_claim(
            plan.line,
            {
                "place": place,
                "claimant": claimant,
                "verb": v["verb"],
                "side": side,
                "stated_at": v["stated_at"],
                "stated_precision": v["stated_precision"] or Precision.EXACT,
                "effective_at": v["effective_at"],
                "effective_precision": v["effective_precision"] or Precision.DAY,
                "quote": v["quote"],
                "language": v["language"],
                "summary": v["summary"],
                "answers": answers,
                "ambiguous": v["ambiguous"],
            },
            citations=citations,
            verdict=verdict,
            file_id=v["id"],
        )
        self.report.created += 1

    def _verifier(self, slug: str):
        if not slug:
            return None
        actor = self.world.actors.get(slug)
        if actor is None:
            raise RowError(f"status_verifier: no actor “{slug}” on file")
        return actor

    def _place(self, line: int, v: dict) -> Place:
        place = self.world.places.get(v["place"])
        if place is not None:
            return place
        parent = None
        if v["region"]:
            parent = self.world.places.get(v["region"])
            if parent is None:
                parent = self.new_place(
                    line,
                    name=v["region_name"] or v["region"].replace("-", " ").title(),
                    slug=v["region"],
                    kind=PlaceKind.OTHER,
                )
        return self.new_place(
            line,
            name=v["place_name"] or v["place"].replace("-", " ").title(),
            slug=v["place"],
            kind=v["place_kind"] or PlaceKind.OTHER,
            parent=parent,
            latitude=v["latitude"],
            longitude=v["longitude"],
        )

    def _names(self, line: int, place: Place, names) -> None:
        """Adds the other names the file gives; one on file with another kind is refused."""
        on_file = self.world.names_of(place)
        for name, language, kind in names:
            known = on_file.get((name, language))
            if known is None:
                self.new_place_name(line, place, name=name, language=language, kind=kind)
            elif known != kind:
                raise RowError(
                    f"place_other_name_kinds: {place.name} has “{name}” ({language}) on file as "
                    f"{NameKind(known).label.lower()}, not {NameKind(kind).label.lower()}"
                )

    def _actor(self, plan: Plan) -> Actor:
        """The claimant, with the organisation it speaks for: filled in if it had none on file,
        refused if it had another."""
        v = plan.values
        self.side(plan.line, v["claimant_side"], v["claimant_side_name"])
        if plan.organisation is None:
            return self.actor(plan.line, plan.claimant)
        organisation = self.actor(plan.line, plan.organisation)
        claimant = self.actor(plan.line, plan.claimant)
        if claimant.parent_id != organisation.pk:
            if claimant.parent_id is not None:
                raise RowError(
                    f"claimant_organisation: {claimant.name} is on file as speaking for "
                    f"{claimant.parent.name}, not {organisation.name}"
                )
            self.set_organisation(plan.line, claimant, organisation)
        return claimant

    def _citation(self, line: int, item: common.SourceItem):
        publisher = self.actor(line, item.publisher) if item.publisher else None
        source = self.source(
            line,
            url=item.url,
            title=item.title,
            publisher=publisher,
            published_at=item.published_at,
            field="citation_publishers",
        )
        return source, item
