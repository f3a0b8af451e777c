"""Import claims from the CSV format the export writes (docs/csv-format.md).

Every row is checked first, without holding any lock, and each bad one reported with all of its
problems; then all rows are written in one transaction through the services, and any row the
services refuse rolls back the whole file. Places, actors and sides are found by slug; one the
database does not know is created when the row names it (or with ``create_missing``), and is an
error otherwise, so that a mistyped slug never silently makes a new place. Sources are found by
URL (or title, for sources without one); a publisher or publication date given for a source on
file fills what it lacks and is refused where it differs. A claim already present (same
claimant, place, stated time, verb and side) is left alone, so importing a file twice creates
nothing new.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services
from claims.choices import ActorKind, NameKind, PlaceKind, Precision, SourceKind, Status, Verb
from claims.exports import CSV_COLUMNS
from claims.imports import actors, common
from claims.imports.actors import ActorRef
from claims.imports.common import Cells, Report, Rollback, RowError
from claims.models import Actor, Claim, Place, Side, Source
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH

REQUIRED = ("place", "claimant", "verb", "stated_at", "summary")


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


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


def import_file(
    handle, *, source_name: str, dry_run: bool = False, create_missing=False, progress=None
) -> Report:
    """Check then import every row of ``handle``; nothing is written unless every row is good."""
    report = Report()
    rows = common.read_file(handle, report, columns=CSV_COLUMNS, required=REQUIRED)
    if rows is None:
        return report
    plans = []
    for row in rows:
        try:
            plans.append(_parse(row.line, row.values))
        except RowError as error:
            report.errors.append((row.line, str(error)))
    if not report.errors:
        _check_references(plans, report, create_missing=create_missing)
    if report.errors:
        report.errors.sort()
        return report
    plans.sort(key=lambda plan: (plan.values["stated_at"], plan.line))
    try:
        with transaction.atomic():
            importer = _Importer(source_name, report, create_missing=create_missing)
            for plan in plans:
                try:
                    with transaction.atomic():
                        importer.write(plan)
                except (ValidationError, RowError) as error:
                    report.errors.append((plan.line, common.message(error)))
                if progress is not None:
                    progress.update(1)
            if report.errors or dry_run:
                raise Rollback
    except Rollback:
        pass
    report.errors.sort()
    return report


# --- Parsing: everything that can be checked without the database ---------------------------


def _parse(line: int, values: dict) -> Plan:
    if problem := common.width_problem(values):
        raise RowError(problem)
    cells = Cells(values)
    slug, text_line, text = common.slug, common.line, common.text
    v = {
        "id": cells.read("id", common.optional_id),
        "place": cells.read("place", slug, max_length=_length(Place, "slug")),
        "place_name": cells.read("place_name", text_line, max_length=_length(Place, "name")),
        "place_kind": cells.read("place_kind", common.choice, PlaceKind, blank=True),
        "latitude": cells.read("latitude", common.decimal, limit=90),
        "longitude": cells.read("longitude", common.decimal, limit=180),
        "region": cells.read("region", slug, max_length=_length(Place, "slug"), required=False),
        "region_name": cells.read("region_name", text_line, max_length=_length(Place, "name")),
        "claimant": cells.read("claimant", slug, max_length=_length(Actor, "slug")),
        "claimant_name": cells.read("claimant_name", text_line, max_length=_length(Actor, "name")),
        "claimant_kind": cells.read("claimant_kind", common.choice, ActorKind, blank=True),
        "claimant_side": cells.read(
            "claimant_side", slug, max_length=_length(Side, "slug"), required=False
        ),
        "claimant_side_name": cells.read(
            "claimant_side_name", text_line, max_length=_length(Side, "name")
        ),
        "claimant_organisation": cells.read(
            "claimant_organisation", slug, max_length=_length(Actor, "slug"), required=False
        ),
        "claimant_organisation_name": cells.read(
            "claimant_organisation_name", text_line, max_length=_length(Actor, "name")
        ),
        "verb": cells.read("verb", common.choice, Verb),
        "side": cells.read("side", slug, max_length=_length(Side, "slug"), required=False),
        "side_name": cells.read("side_name", text_line, max_length=_length(Side, "name")),
        "stated_at": cells.read("stated_at", common.moment, required=True),
        "stated_precision": cells.read("stated_precision", common.choice, Precision, blank=True),
        "effective_at": cells.read("effective_at", common.moment),
        "effective_precision": cells.read(
            "effective_precision", common.choice, Precision, blank=True
        ),
        "quote": cells.read("quote", text, max_length=QUOTE_MAX_LENGTH),
        "language": cells.read("language", text_line, max_length=_length(Claim, "language")),
        "summary": cells.read("summary", text, max_length=SUMMARY_MAX_LENGTH, required=True),
        "answers": cells.read("answers", common.optional_id),
        "ambiguous": cells.read("ambiguous", common.boolean),
        "status": cells.read("status", common.choice, Status, blank=True),
        "status_rationale": cells.read("status_rationale", text, max_length=4000),
        "status_decided_at": cells.read("status_decided_at", common.moment),
        "status_verifier": cells.read(
            "status_verifier", slug, max_length=_length(Actor, "slug"), required=False
        ),
    }
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
                cells.read_value(
                    name, "place_other_names", text_line, max_length=200, required=True
                ),
                cells.read_value(
                    language, "place_other_name_languages", text_line, max_length=20, required=True
                ),
                cells.read_value(
                    kind or NameKind.OFFICIAL, "place_other_name_kinds", common.choice, NameKind
                ),
            )
        )
    cells.finish()
    return plan


def _check_references(plans: list[Plan], report: Report, *, create_missing: bool) -> None:
    """Slugs the database does not know are errors unless the file describes what to create."""
    places = _all(plans, "place", "region")
    known = set(Place.objects.filter(slug__in=places).values_list("slug", flat=True))
    described = {p.values["place"] for p in plans if p.values["place_name"]}
    described |= {p.values["region"] for p in plans if p.values["region_name"]}
    sides = {p.values[c] for p in plans for c, n in _SIDE_NAMES if p.values[n]}
    known_sides = set(Side.objects.values_list("slug", flat=True))
    problems = actors.check(
        {p.line: p.actors for p in plans}, create_missing=create_missing, new_sides=sides
    )
    for plan in plans:
        found = problems.get(plan.line, [])
        for column, name_column in (("place", "place_name"), ("region", "region_name")):
            value = plan.values[column]
            if value and not (value in known or value in described or create_missing):
                found.append(
                    f"{column}: no place “{value}” on file; give its name in {name_column} to "
                    "create it, or import with --create-missing"
                )
        for column, name_column in _SIDE_NAMES:
            value = plan.values[column]
            if value and not (value in known_sides or value in sides or create_missing):
                found.append(
                    f"{column}: no side “{value}” on file; give its name in {name_column} to "
                    "create it"
                )
        if found:
            report.errors.append((plan.line, "; ".join(found)))


_SIDE_NAMES = (("side", "side_name"), ("claimant_side", "claimant_side_name"))


def _all(plans: list[Plan], *columns: str) -> set[str]:
    return {p.values[c] for p in plans for c in columns if p.values[c]}


# --- Writing, through the services ----------------------------------------------------------


class _Importer:
    def __init__(self, source_name: str, report: Report, *, create_missing: bool):
        self.source_name = source_name
        self.report = report
        self.create_missing = create_missing
        self.by_file_id: dict[int, Claim] = {}

    def write(self, plan: Plan) -> None:
        v = plan.values
        place = self._place(v)
        self._names(place, plan.names)
        claimant = self._actor(plan)
        side = self._side(v["side"], v["side_name"])
        existing = Claim.objects.filter(
            claimant=claimant, place=place, stated_at=v["stated_at"], verb=v["verb"], side=side
        ).first()
        if existing is not None:
            self.report.present += 1
            if v["id"] is not None:
                self.by_file_id[v["id"]] = existing
            return
        answers = self.by_file_id.get(v["answers"]) if v["answers"] else None
        claim = services.claim_create(
            data=services.ClaimInput(
                place=place,
                claimant=claimant,
                verb=v["verb"],
                side=side,
                stated_at=v["stated_at"],
                stated_precision=v["stated_precision"] or Precision.EXACT,
                effective_at=v["effective_at"],
                effective_precision=v["effective_precision"] or Precision.DAY,
                quote=v["quote"],
                language=v["language"],
                summary=v["summary"],
                answers=answers if answers and answers.place_id == place.pk else None,
                ambiguous=v["ambiguous"],
                citations=[self._citation(c) for c in plan.citations],
            )
        )
        if v["status"] and v["status"] != Status.UNREVIEWED:
            services.verification_record(
                claim=claim,
                expected_version=claim.version,
                status=v["status"],
                rationale=v["status_rationale"] or f"Status carried over from {self.source_name}.",
                evidence=[c.source for c in claim.citations.all()],
                decided_at=v["status_decided_at"],
                verifier=Actor.objects.get(slug=v["status_verifier"])
                if v["status_verifier"]
                else None,
                imported=True,
            )
        self.report.created += 1
        if v["id"] is not None:
            self.by_file_id[v["id"]] = claim

    def _side(self, slug: str, name: str) -> Side | None:
        if not slug:
            return None
        side = Side.objects.filter(slug=slug).first()
        if side is None:
            side = services.side_create(
                name=name or slug.replace("-", " ").title(),
                slug=slug,
                position=99,
            )
            self.report.made("sides")
        return side

    def _place(self, v: dict) -> Place:
        place = Place.objects.filter(slug=v["place"]).first()
        if place is not None:
            return place
        parent = None
        if v["region"]:
            parent = Place.objects.filter(slug=v["region"]).first()
            if parent is None:
                parent = services.place_create(
                    name=v["region_name"] or v["region"].replace("-", " ").title(),
                    slug=v["region"],
                    kind=PlaceKind.OTHER,
                )
                self.report.made("places")
        self.report.made("places")
        return services.place_create(
            name=v["place_name"] or v["place"].replace("-", " ").title(),
            slug=v["place"],
            kind=v["place_kind"] or PlaceKind.OTHER,
            parent=parent,
            latitude=v["latitude"],
            longitude=v["longitude"],
        )

    def _names(self, place: Place, names) -> None:
        """Adds the other names the file gives; one on file with another kind is refused."""
        on_file = {(n.name, n.language): n.kind for n in place.names.all()}
        for name, language, kind in names:
            known = on_file.get((name, language))
            if known is None:
                services.place_name_add(place=place, name=name, language=language, kind=kind)
                on_file[(name, language)] = kind
                self.report.made("place names")
            elif known != kind:
                raise RowError(
                    f"place_other_name_kinds: {place.name} has “{name}” ({language}) on file as "
                    f"{NameKind(known).label.lower()}, not {NameKind(kind).label.lower()}"
                )

    def _actor(self, plan: Plan) -> Actor:
        """The claimant, with the organisation it speaks for: filled in if it had none on file,
        refused if it had another."""
        v = plan.values
        self._side(v["claimant_side"], v["claimant_side_name"])
        if plan.organisation is None:
            return actors.resolve(plan.claimant, self.report)
        organisation = actors.resolve(plan.organisation, self.report)
        claimant = actors.resolve(plan.claimant, self.report)
        if claimant.parent_id != organisation.pk:
            if claimant.parent_id is not None:
                raise RowError(
                    f"claimant_organisation: {claimant.name} is on file as speaking for "
                    f"{claimant.parent.name}, not {organisation.name}"
                )
            services.actor_update(actor=claimant, parent=organisation, reason="Organisation added")
        return claimant

    def _citation(self, item: common.SourceItem) -> services.CitationInput:
        publisher = actors.resolve(item.publisher, self.report) if item.publisher else None
        if item.url:
            if not Source.objects.filter(url=item.url).exists():
                self.report.made("sources")
            return services.CitationInput(
                url=item.url, title=item.title, publisher=publisher, published_at=item.published_at
            )
        source = Source.objects.filter(url="", title=item.title).first()
        if source is None:
            source = services.source_create(
                title=item.title,
                kind=SourceKind.ARTICLE,
                publisher=publisher,
                published_at=item.published_at,
            )
            self.report.made("sources")
        else:
            services.source_complete(
                source,
                publisher=publisher,
                published_at=item.published_at,
                field="citation_publishers",
            )
        return services.CitationInput(source=source)
