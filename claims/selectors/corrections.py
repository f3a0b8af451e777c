"""What happened to a claim after it was recorded, as the claim page and the editor desk show
it: readers' corrections (content and citations), and the edits an editor missed while a form
was open."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from django.utils.translation import gettext as _

from claims.formatting import format_moment
from claims.models import Citation, Claim, Source, Verification
from claims.models.claims import CONTENT_FIELDS

# Changes readers should know about as corrections: the content, not status bookkeeping, nor
# the newsroom's own flag on ambiguous wording.
CORRECTABLE_FIELDS = [name for name in CONTENT_FIELDS if name != "ambiguous"]


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
    if isinstance(value, datetime):
        return format_moment(value)  # as the pages write times, not Python's repr
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
