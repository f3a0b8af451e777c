"""Actors a CSV file names (claimants, their organisations, publishers, verifiers): found by
slug, created from the file's description, and checked against what is on file, so that an
actor's side — which decides what counts as independent evidence — is never changed quietly."""

from collections.abc import Iterable

from claims import services
from claims.choices import ActorKind
from claims.imports.common import ActorRef, Report, RowError
from claims.imports.world import chunks
from claims.models import Actor, Side

__all__ = ["ActorRef", "Known", "resolve"]


class Known:
    """What is on file of the actors a file names (two queries for the whole file), to tell
    each row's problems with the actors it names; ``new_sides`` are sides the file creates."""

    def __init__(
        self, refs: Iterable[ActorRef], *, create_missing: bool, new_sides: set[str] = frozenset()
    ):
        refs = set(refs)
        self.on_file = {}
        for batch in chunks({r.slug for r in refs}):
            self.on_file.update(
                Actor.objects.filter(slug__in=batch).values_list("slug", "side__slug")
            )
        self.described = {r.slug for r in refs if r.name}
        self.sides = set(Side.objects.values_list("slug", flat=True)) | set(new_sides)
        self.create_missing = create_missing

    def problems(self, row: Iterable[ActorRef]) -> list[str]:
        found = []
        for ref in row:
            if ref.side and ref.side not in self.sides:
                found.append(f"{ref.column}: no side “{ref.side}” on file")
            if ref.slug in self.on_file:
                side = self.on_file[ref.slug] or ""
                if ref.side is not None and ref.side != side:
                    found.append(
                        f"{ref.column}: “{ref.slug}” is on file as "
                        f"{f'speaking for {side}' if side else 'independent'}, not "
                        f"{f'speaking for {ref.side}' if ref.side else 'independent'}"
                    )
            elif ref.slug not in self.described and not self.create_missing:
                found.append(
                    f"{ref.column}: no actor “{ref.slug}” on file; give its name to create it, "
                    "or import with --create-missing"
                )
        return found


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
