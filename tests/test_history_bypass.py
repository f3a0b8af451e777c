"""No module writes around the edit history: a static check of every bulk write in the code."""

import ast
import functools
from pathlib import Path

import pytest
from django.apps import apps
from simple_history.models import registered_models

# A static check: django-simple-history records ``save()`` and ``delete()`` on one instance,
# but not QuerySet ``update()``, ``bulk_update()`` or ``bulk_create()``; QuerySet ``delete()``
# records rows but skips the services (no data version, no reason). Any such call on a model
# with edit history, or on the history itself, is a write that bypasses the record. A queryset
# first kept in a variable escapes the check; the services never do that.

PROJECT = Path(__file__).resolve().parent.parent
BULK_WRITES = {"update", "bulk_update", "bulk_create", "delete"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
UNKNOWN = "an unknown model"

# Modules allowed to bypass edit history. Keep this short, and say why.
EXEMPT_MODULES = {
    # Benchmark data inserted in bulk (hundreds of thousands of rows), never newsroom work; its
    # docstring says edit history does not record it.
    "claims/synthetic/generator.py",
    # Imports insert tens of thousands of rows in one short transaction; every insert of a
    # tracked model writes its history rows with bulk_history_create right after (the
    # rows a save would have written).
    "claims/imports/rows.py",
    # A record's change time moved because what its answer shows changed elsewhere (a place's
    # picture, a renamed claimant): a derived column for syncing clients, not an edit.
    "claims/services/change_times.py",
}


@functools.cache
def model_names() -> frozenset[str]:
    return frozenset(model.__name__ for model in apps.get_models())


@functools.cache
def models_with_history() -> frozenset[str]:
    """Names of the models whose rows must not change unrecorded: tracked ones and their history."""
    tracked = registered_models.values()
    return frozenset(m.__name__ for m in tracked) | {m.history.model.__name__ for m in tracked}


@functools.cache
def accessors_to_history_models() -> dict[str, str]:
    """Related-manager names (``claim.citations``) that lead to a model with history."""
    found = {"history": UNKNOWN}  # some model's edit history itself
    for model in apps.get_models():
        for relation in model._meta.related_objects:
            if relation.related_model.__name__ in models_with_history():
                found[relation.get_accessor_name()] = relation.related_model.__name__
        for field in model._meta.many_to_many:
            if field.related_model.__name__ in models_with_history():
                found[field.name] = field.related_model.__name__
    return found


def receiver_chain(node: ast.expr) -> tuple[ast.expr, list[str]]:
    """What a method is called on: the root expression and the attribute names after it."""
    names = []
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    return node, names[::-1]


def write_target(call: ast.Call) -> str | None:
    """The model a bulk write goes to (maybe UNKNOWN), or None if the call is not one.

    The manager or related manager nearest the call decides: ``Model.objects…`` is that model's,
    ``claim.citations…`` the related model's.
    """
    root, names = receiver_chain(call.func.value)
    accessors = accessors_to_history_models()
    for position in reversed(range(len(names))):
        if names[position] in accessors:
            return accessors[names[position]]
        if names[position] in MANAGERS:
            on_a_model = position == 0 and isinstance(root, ast.Name) and root.id in model_names()
            return root.id if on_a_model else UNKNOWN
    # Only querysets have these two; instance.delete() and dict.update() are no bulk writes.
    return UNKNOWN if call.func.attr in {"bulk_create", "bulk_update"} else None


def bulk_write_calls(source: str) -> list[ast.Call]:
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in BULK_WRITES
    ]
    return sorted(calls, key=lambda call: call.lineno)


def bypasses_history(call: ast.Call) -> bool:
    target = write_target(call)
    return target == UNKNOWN or target in models_with_history()


def history_bypasses(source: str) -> list[str]:
    """The bulk writes in ``source`` that edit history would not record, as "line: call"."""
    return [
        f"{call.lineno}: {ast.get_source_segment(source, call)}"
        for call in bulk_write_calls(source)
        if bypasses_history(call)
    ]


def bypasses_by_module() -> dict[str, list[str]]:
    """Every module of the app, migrations aside, with the bypasses found in it."""
    modules = (
        path for path in (PROJECT / "claims").rglob("*.py") if "migrations" not in path.parts
    )
    found = {}
    for path in modules:
        bypasses = history_bypasses(path.read_text())
        if bypasses:
            found[path.relative_to(PROJECT).as_posix()] = bypasses
    return found


class TestNoWriteBypassesEditHistory:
    def test_no_module_writes_in_bulk_to_records_with_edit_history(self):
        offenders = {
            module: calls
            for module, calls in bypasses_by_module().items()
            if module not in EXEMPT_MODULES
        }
        assert offenders == {}, (
            "These calls change records without django-simple-history seeing them: save each "
            "instance through claims.services, or use simple_history.utils."
            "bulk_create_with_history / bulk_update_with_history."
        )

    def test_every_exemption_is_still_needed(self):
        assert set(EXEMPT_MODULES) <= set(bypasses_by_module())

    @pytest.mark.parametrize(
        "call",
        [
            "Claim.objects.filter(pk=1).update(summary='Rewritten.')",
            "Citation.objects.bulk_create(rows)",
            "Place.objects.all().delete()",
            "claim.citations.all().delete()",
            "place.names.update(kind='official')",
            "verification.evidence.update(title='Retitled')",
            "Claim.history.filter(pk=1).delete()",
            "PlaceState.objects.get(pk=1).place.names.all().delete()",
            "HistoricalClaim.objects.all().delete()",
            "rows.bulk_update(claims, ['summary'])",
            "self.model.objects.update(summary='Rewritten.')",
        ],
    )
    def test_the_check_catches_a_bypass(self, call):
        assert history_bypasses(call) == [f"1: {call}"]

    @pytest.mark.parametrize(
        "call",
        [
            "PlaceState.objects.bulk_create(states)",  # derived state, no edit history
            "Verification.objects.bulk_create(rows)",  # append-only: each row is the history
            "instance.delete()",  # Model.delete() is recorded
            "context.update(page=page)",  # a dict
        ],
    )
    def test_the_check_lets_recorded_or_untracked_writes_pass(self, call):
        assert history_bypasses(call) == []
