"""The desk's side of a three-way merge: the conflict page's rows and the rebased form.

The rules (what counts as changed, what needs a choice) are :mod:`claims.merge`'s; this only
lays them out for the claim form.
"""

from dataclasses import dataclass

from django.utils import timezone

from claims import merge, selectors
from claims.forms import citation_initial, claim_initial
from claims.services import CitationInput

KEPT, SAME, CHOOSE, YOURS, COMBINED = "kept", "same", "choose", "yours", "combined"


@dataclass
class Row:
    change: merge.FieldChange
    yours: str
    state: str
    # The citations to be saved when the editor's and the others' edits touch different ones.
    combined: list | None = None


@dataclass
class Conflict:
    """What others changed since the editor's version, beside what the editor typed."""

    rows: list[Row]
    activity: selectors.ChangesSince

    @classmethod
    def build(cls, stale, mine: dict) -> "Conflict":
        conflicts = set(stale.conflicts or merge.conflicts(stale.changes, mine))
        rows = []
        for change in stale.changes:
            if change.field not in mine:
                rows.append(Row(change, "", KEPT))
                continue
            value = mine[change.field]
            if change.field in conflicts:
                state = CHOOSE
            elif merge.same(change.field, value, change.before):
                state = KEPT
            elif merge.same(change.field, value, change.theirs):
                state = SAME
            elif change.field == "citations":
                combined = merge.combined_citations(change, value, None, CitationInput)
                text = merge.input_text(change.field, combined)
                rows.append(Row(change, text, COMBINED, combined))
                continue
            else:
                state = YOURS
            rows.append(Row(change, merge.input_text(change.field, value), state))
        return cls(rows, selectors.changes_since(stale.claim, stale.expected))

    @property
    def kept_fields(self) -> list[str]:
        return [row.change.field for row in self.rows if row.state == KEPT]

    @property
    def combined_citations(self) -> list | None:
        return next((row.combined for row in self.rows if row.state == COMBINED), None)


def rebased_data(data, stale, conflict: Conflict):
    """The editor's input, with the fields only others changed set to their values now."""
    data = data.copy()
    current = stale.claim
    data["seen_version"] = str(current.version)
    data["conflicts"] = ",".join(stale.conflicts)
    initial = claim_initial(current)
    for name in conflict.kept_fields:
        if name == "citations":
            _replace_citations(data, citation_initial(current))
        elif name in initial:
            data[name] = _form_value(initial[name])
    if conflict.combined_citations is not None:
        _replace_citations(data, [_citation_row(item) for item in conflict.combined_citations])
    return data


def _citation_row(item: CitationInput) -> dict:
    return {
        "source": item.source.pk if item.source and not item.by_url else "",
        "url": item.url or (item.source.url if item.source else ""),
        "title": item.title or (item.source.title if item.source else ""),
        "locator": item.locator,
        "excerpt": item.excerpt,
    }


def _form_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    return str(value)


def _replace_citations(data, rows: list[dict]) -> None:
    for key in [k for k in data if k.startswith("citations-")]:
        del data[key]
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"citations-{index}-{name}"] = _form_value(value)
    data["citations-TOTAL_FORMS"] = str(len(rows) + 1)
    data["citations-INITIAL_FORMS"] = "0"
