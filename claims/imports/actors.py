"""Actors a CSV file names (claimants, their organisations, publishers, verifiers): found by
slug, created from the file's description, and checked against what is on file, so that an
actor's side — which decides what counts as independent evidence — is never changed quietly."""

from claims import services
from claims.choices import ActorKind
from claims.imports.common import ActorRef, Report, RowError

__all__ = ["ActorRef", "check", "resolve"]
from claims.models import Actor, Side


def check(
    rows: dict[int, list[ActorRef]], *, create_missing: bool, new_sides: set[str] = frozenset()
) -> dict[int, list[str]]:
    """Each row's problems with the actors it names (two queries for the whole file);
    ``new_sides`` are sides the file itself creates."""
    refs = [ref for row in rows.values() for ref in row]
    on_file = dict(
        Actor.objects.filter(slug__in={r.slug for r in refs}).values_list("slug", "side__slug")
    )
    described = {r.slug for r in refs if r.name}
    sides = set(Side.objects.values_list("slug", flat=True)) | set(new_sides)
    problems = {}
    for line, row in rows.items():
        found = []
        for ref in row:
            if ref.side and ref.side not in sides:
                found.append(f"{ref.column}: no side “{ref.side}” on file")
            if ref.slug in on_file:
                side = on_file[ref.slug] or ""
                if ref.side is not None and ref.side != side:
                    found.append(
                        f"{ref.column}: “{ref.slug}” is on file as "
                        f"{f'speaking for {side}' if side else 'independent'}, not "
                        f"{f'speaking for {ref.side}' if ref.side else 'independent'}"
                    )
            elif ref.slug not in described and not create_missing:
                found.append(
                    f"{ref.column}: no actor “{ref.slug}” on file; give its name to create it, "
                    "or import with --create-missing"
                )
        if found:
            problems[line] = found
    return problems


def resolve(ref: ActorRef, report: Report) -> Actor:
    """The actor ``ref`` names, created as described if it is not on file yet."""
    actor = Actor.objects.filter(slug=ref.slug).first()
    if actor is not None:
        return actor
    parent = Actor.objects.filter(slug=ref.parent).first() if ref.parent else None
    if ref.parent and parent is None:
        raise RowError(f"{ref.column}: its organisation “{ref.parent}” is not on file")
    report.made("actors")
    return services.actor_create(
        name=ref.name or ref.slug.replace("-", " ").title(),
        slug=ref.slug,
        kind=ref.kind or ActorKind.OTHER,
        side=Side.objects.filter(slug=ref.side).first() if ref.side else None,
        parent=parent,
    )
