"""Three-way merge of claim edits: what others changed since an editor's version, and how
their changes and the editor's combine.

The editor's form was filled from the claim at version *base*; the claim now stands at
*theirs*; the editor sent *mine*. A field only they changed keeps their value, a field only
the editor changed takes the editor's, and a field both changed to different values needs the
editor's explicit choice. Citations merge one by one, by the source they cite: edits to
different citations combine. The desk's conflict page and the API's 409 are both built from
:func:`changes_since`, so they cannot disagree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.text import Truncator

from claims.choices import Status
from claims.formatting import format_moment
from claims.models import Actor, Citation, Claim, Place, Side, Source
from claims.models.claims import CONTENT_FIELDS

# "citations" is merged as one field.
MERGED_FIELDS = (*CONTENT_FIELDS, "citations")
THEIRS, MINE = "theirs", "mine"
CHOICES = (THEIRS, MINE)

_RELATED = {"place": Place, "claimant": Actor, "side": Side, "answers": Claim}


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: its value at the editor's version and now."""

    field: str
    label: str
    before: object
    theirs: object
    before_text: str
    theirs_text: str

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "label": str(self.label),
            "before": self.before_text,
            "theirs": self.theirs_text,
        }


def citations_of(claim: Claim) -> tuple:
    """The claim's citations now, as :func:`normalise` gives input ones."""
    return tuple(
        (c.source_id, c.excerpt, c.locator)
        for c in Citation.objects.filter(claim_id=claim.pk).order_by("position", "id")
    )


def _citations_before(claim: Claim, cutoff: datetime) -> tuple:
    """The claim's citations as they stood before ``cutoff``, from their history."""
    latest = {}
    for record in Citation.history.filter(claim_id=claim.pk, history_date__lt=cutoff).order_by(
        "history_date", "history_id"
    ):
        latest[record.id] = record
    kept = sorted(
        (r for r in latest.values() if r.history_type != "-"), key=lambda r: (r.position, r.id)
    )
    return tuple((r.source_id, r.excerpt, r.locator) for r in kept)


def values_of(record) -> dict:
    """A claim's (or a historical claim's) mergeable values, relations as ids."""
    values = {}
    for name in CONTENT_FIELDS:
        values[name] = getattr(record, f"{name}_id") if name in _RELATED else getattr(record, name)
    return values


def changes_since(claim: Claim, version: int) -> list[FieldChange]:
    """Field by field, what changed on ``claim`` after ``version`` (status and citations too).

    A fixed number of queries: the claim's history rows around ``version``, the citations then
    and now, and one query per kind of related record named.
    """
    rows = list(
        claim.history.filter(version__gte=version)
        .order_by("version", "history_date")
        .only("history_date", "history_id", "status", "version", *_history_columns())
    )
    base = next((r for r in rows if r.version == version), None)
    later = next((r for r in rows if r.version > version), None)
    if base is None or later is None:
        return []
    before = {**values_of(base), "status": base.status}
    now = {**values_of(claim), "status": claim.status}
    before["citations"] = _citations_before(claim, later.history_date)
    now["citations"] = citations_of(claim)
    changed = [name for name in ("status", *MERGED_FIELDS) if before[name] != now[name]]
    texts = _texts({name: (before[name], now[name]) for name in changed})
    return [
        FieldChange(
            name,
            label(name),
            before[name],
            now[name],
            texts[(name, before[name])],
            texts[(name, now[name])],
        )
        for name in changed
    ]


def _history_columns() -> list[str]:
    return [f"{n}_id" if n in _RELATED else n for n in CONTENT_FIELDS]


def normalise(name: str, value):
    """An input value in the form the comparison uses (ids for records, tuples for citations)."""
    if name in _RELATED:
        return getattr(value, "pk", value)
    if name == "citations":
        return tuple(_citation_key(item) for item in value)
    return value if value is not None else ""


def _citation_key(item) -> tuple:
    if not item.by_url:
        source_id = item.source.pk
    else:
        source_id = Source.objects.filter(url=item.url.strip()).values_list("pk", flat=True)
        source_id = source_id.first() or ("new", item.url.strip())
    return (source_id, item.excerpt, item.locator)


def conflicts(changes: list[FieldChange], mine: dict) -> list[str]:
    """Fields both sides changed, to different values: the editor must choose. Citations
    conflict only where both changed the same one (:func:`citation_conflicts`)."""
    return [
        change.field
        for change in changes
        if change.field in mine
        and not same(change.field, mine[change.field], change.before)
        and not same(change.field, mine[change.field], change.theirs)
        and (change.field != "citations" or citation_conflicts(change, mine["citations"]))
    ]


def _by_source(citations: tuple) -> dict:
    # A claim cites a source once (the citation_unique_source constraint).
    return {citation[0]: citation for citation in citations}


def citation_conflicts(change: FieldChange, mine_items) -> list:
    """The sources whose citation both the editor and the others added, edited or removed,
    differently. Edits to different citations combine (:func:`combined_citations`)."""
    before, theirs = _by_source(change.before), _by_source(change.theirs)
    mine = _by_source(normalise("citations", mine_items))
    return [
        source
        for source in {**before, **theirs, **mine}
        if before.get(source) != mine.get(source) != theirs.get(source) != before.get(source)
    ]


def combined_citations(change: FieldChange, mine_items, choice: str | None, make) -> list:
    """The citations to save: each one as whoever changed it left it; one both changed, the
    editor's if ``choice`` is MINE, else the others'; in the others' order, the editor's
    additions after. ``make(source=, excerpt=, locator=)`` builds an input for a citation kept
    as the others left it."""
    before, theirs = _by_source(change.before), _by_source(change.theirs)
    keys = normalise("citations", mine_items)
    mine = {key[0]: (key, item) for key, item in zip(keys, mine_items, strict=True)}
    order = [*theirs, *(source for source in mine if source not in theirs)]
    picks = []
    for source in order:
        was, now = before.get(source), theirs.get(source)
        typed, item = mine.get(source, (None, None))
        if typed == was or (typed != now and now != was and choice != MINE):
            picks.append(now and ("theirs", now))
        else:
            picks.append(item and ("mine", item))
    sources = Source.objects.in_bulk([pick[1][0] for pick in picks if pick and pick[0] == "theirs"])
    return [
        item if kind == "mine" else make(source=sources[item[0]], excerpt=item[1], locator=item[2])
        for kind, item in filter(None, picks)
    ]


def untouched_by_me(changes: list[FieldChange], mine: dict) -> list[str]:
    """Fields only they changed: the editor's value is still the one they started from."""
    return [c.field for c in changes if c.field in mine and same(c.field, mine[c.field], c.before)]


def same(name: str, mine, value) -> bool:
    """Whether the editor's input ``mine`` leaves the stored ``value`` as it is.

    Forms give times to the minute: a time typed as 09:00 leaves 09:00:30 unchanged.
    """
    # An empty relation reads None on either side, an empty text "": the same nothing.
    mine = normalise(name, mine)
    if mine is None:
        mine = ""
    if value is None:
        value = ""
    if isinstance(mine, datetime) and isinstance(value, datetime):
        return mine == value or (
            mine.second == mine.microsecond == 0 and mine == value.replace(second=0, microsecond=0)
        )
    return mine == value


def merged(changes: list[FieldChange], mine: dict, choices: dict[str, str], make_citation) -> dict:
    """The editor's changes with theirs kept: drops what only they changed or what the editor
    chose to leave as theirs, and combines citations one by one (``make_citation`` builds the
    ones kept as they left them). Every conflict must have a choice (see :func:`conflicts`)."""
    result = dict(mine)
    for name in untouched_by_me(changes, mine):
        result.pop(name)
    for name in conflicts(changes, mine):
        if choices.get(name) == THEIRS and name != "citations":
            result.pop(name)
    change = next((c for c in changes if c.field == "citations"), None)
    if change is not None and "citations" in result:
        result["citations"] = combined_citations(
            change, result["citations"], choices.get("citations"), make_citation
        )
    return result


def input_text(name: str, value) -> str:
    """Display text for an editor's input value (records as given, citations by title)."""
    if name == "citations":
        shown = [
            _citation_text(
                item.title or (item.source.title if item.source else item.url), item.excerpt
            )
            for item in value
        ]
        return "; ".join(shown) or "—"
    if name in _RELATED:
        return str(value) if value else "—"
    return _text(name, value, {})


def label(name: str) -> str:
    if name == "citations":
        return "Sources"
    return Claim._meta.get_field(name).verbose_name.capitalize()


def _texts(pairs: dict[str, tuple]) -> dict[tuple, str]:
    """Display text for each (field, value), one query per kind of record named."""
    wanted: dict = {}
    for name, values in pairs.items():
        if name in _RELATED:
            wanted.setdefault(_RELATED[name], set()).update(v for v in values if v)
        elif name == "citations":
            wanted.setdefault(Source, set()).update(c[0] for v in values for c in v)
    names = {}
    for model, ids in wanted.items():
        rows = model.objects.filter(pk__in=ids)
        if model is Claim:
            rows = rows.select_related("claimant", "side", "place")
        names.update({(model, row.pk): str(row) for row in rows})
    texts = {}
    for name, values in pairs.items():
        for value in values:
            texts[(name, value)] = _text(name, value, names)
    return texts


def _text(name: str, value, names) -> str:
    if value is None or value == "" or value == ():
        return "—"
    if name in _RELATED:
        return names.get((_RELATED[name], value), f"#{value}")
    if name == "citations":
        return "; ".join(_citation_text(names.get((Source, c[0]), "?"), c[1]) for c in value)
    if name == "status":
        return str(Status(value).label)
    if isinstance(value, datetime):
        return format_moment(timezone.localtime(value))
    field = Claim._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def _citation_text(title: str, excerpt: str) -> str:
    """A citation as the conflict page lists it: its source, and enough of its excerpt to tell
    an edited excerpt from the one before."""
    if not excerpt:
        return title
    return f"{title}: “{Truncator(excerpt).chars(EXCERPT_SHOWN)}”"


EXCERPT_SHOWN = 80
