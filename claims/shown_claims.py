"""The claims a picture names, with the records ``Claim.objects.shown()`` would load and only
the columns pages read of them, from one compiled query: a place page reads them on every
uncached request (:func:`claims.pictures.views`)."""

import functools
from collections.abc import Iterable

from django.db import router

from claims import compiled
from claims.models import Actor, Claim, Place, Side

# The most claims whose rows are read by compiled SQL (what a picture names): past this,
# compiling costs more than it saves.
COMPILED_CLAIMS = 100

# What the picture box, the sentence and the dispute lines read of a claim (``phrase``, its
# link, its claimant's name, kind, side and parent, its place's name and kind: claims_tags,
# claims.sentences): each relation's path from the claim, and its model. Not the standing
# verdict, which none of them reads.
SHOWN_RELATIONS = (
    ("place", Place),
    ("claimant", Actor),
    ("claimant__side", Side),
    ("claimant__parent", Actor),
    ("side", Side),
    ("answers", Claim),
    ("answers__claimant", Actor),
)
# The columns read of each, by path: not the claims' texts (quote, summary, search document)
# nor the names' search forms, most of the row. A field left out is deferred: reading it would
# cost a query per record (the query-count pins would show it).
_ACTOR = ("id", "name", "slug", "kind", "parent_id", "side_id")
SHOWN_FIELDS = {
    "": tuple(
        name
        for name in compiled.attnames(Claim)
        if name not in ("quote", "summary", "search_document")
    ),
    "place": ("id", "name", "slug", "kind", "parent_id"),
    "claimant": _ACTOR,
    "claimant__side": compiled.attnames(Side),
    "claimant__parent": _ACTOR,
    "side": compiled.attnames(Side),
    "answers": ("id", "place_id", "claimant_id", "verb", "side_id", "stated_at", "answers_id"),
    "answers__claimant": _ACTOR,
}


def _shown_columns() -> tuple[str, ...]:
    columns = list(SHOWN_FIELDS[""])
    for path, _model in SHOWN_RELATIONS:
        columns += [f"{path}__{name}" for name in SHOWN_FIELDS[path]]
    return tuple(columns)


SHOWN_COLUMNS = _shown_columns()


def shown_claims(ids: Iterable[int]) -> dict[int, Claim]:
    """``{id: claim}`` with the relations ``Claim.objects.shown()`` loads and the columns of
    ``SHOWN_FIELDS`` (one query), for the few claims a picture names.

    A place page reads these on every uncached request: the joined query is compiled once per
    number of claims (claims.compiled, timestamps read by psycopg's C loader) and the records
    built from its rows, where ``select_related`` compiled its eight-table join each time.
    Past ``COMPILED_CLAIMS``, the claims are read whole by ``shown()`` (four queries).
    """
    ids = sorted(set(ids))
    if not ids:
        return {}
    if len(ids) > COMPILED_CLAIMS:
        return Claim.objects.shown().order_by().in_bulk(ids)
    using = router.db_for_read(Claim)
    rows = compiled.rows_by_id("picture_claims", Claim, SHOWN_COLUMNS, ids, using)
    # The claims share a place, a few sides and claimants: one record each, as the page only
    # reads them, rather than one per claim naming it.
    made = {}
    return {row["id"]: _shown_claim(row, using, made) for row in rows}


def _shown_claim(row: dict, using: str, made: dict) -> Claim:
    names = SHOWN_FIELDS[""]
    claim = compiled.record(Claim, using, names, [row[name] for name in names])
    owners = {"": claim}
    for path, owner_path, cache_name, model, pk_column, columns in _shown_paths():
        owner = owners.get(owner_path)
        if owner is None:
            continue
        pk = row[pk_column]
        related = None
        if pk is not None:
            related = made.get((model, pk))
            if related is None:
                values = [row[column] for column in columns]
                related = made[model, pk] = compiled.record(
                    model, using, SHOWN_FIELDS[path], values
                )
        owner._state.fields_cache[cache_name] = related
        owners[path] = related
    return claim


@functools.cache
def _shown_paths() -> tuple:
    """Each of SHOWN_RELATIONS as ``_shown_claim`` walks it: its path, its owner's path, the
    name its owner caches it under, its model, and its pk's and all its columns in the row."""
    paths = []
    for path, model in SHOWN_RELATIONS:
        owner_path, _, name = path.rpartition("__")
        owner_model = dict(SHOWN_RELATIONS).get(owner_path, Claim)
        columns = tuple(f"{path}__{column}" for column in SHOWN_FIELDS[path])
        paths.append(
            (
                path,
                owner_path,
                owner_model._meta.get_field(name).cache_name,
                model,
                f"{path}__{model._meta.pk.attname}",
                columns,
            )
        )
    return tuple(paths)
