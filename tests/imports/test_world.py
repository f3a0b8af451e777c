"""claims.imports.world: a record the plan read and another write changed or made meanwhile is
found, and the file is planned again against it (on PostgreSQL, where the plan holds no lock)."""

import csv
import io

import pytest

from claims import services
from claims.imports import import_file, planner
from claims.models import (
    Place,
)
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


def first_place(text: str) -> str:

    return next(csv.DictReader(io.StringIO(text)))["place"]


def racing(monkeypatch, race):
    """Runs ``race`` once, after the import's first plan and before it writes."""
    original = planner.Planner.prepare
    attempts = []

    def prepare_then_race(planner):
        original(planner)
        attempts.append(planner)
        if len(attempts) == 1:
            race()

    monkeypatch.setattr(planner.Planner, "prepare", prepare_then_race)
    return attempts


@pytest.mark.postgres_only
def test_a_place_changed_between_planning_and_writing_is_planned_again(monkeypatch):
    """On PostgreSQL the import plans without any lock (on SQLite its transaction holds the
    database's write lock throughout, so nothing can change meanwhile)."""
    text = claims_csv(rows=20, prefix="raced")
    slug = first_place(text)
    place = services.place_create(name="Before", slug=slug, kind="town")

    def rename():
        place.name = "Renamed meanwhile"
        services.catalogue_save(instance=place)

    attempts = racing(monkeypatch, rename)
    report = import_file(io.StringIO(text), source_name="raced.csv")
    assert report.ok, report.errors
    assert (len(attempts), report.created) == (2, 20)
    assert Place.objects.get(slug=slug).name == "Renamed meanwhile"


@pytest.mark.postgres_only
def test_a_place_another_write_creates_meanwhile_is_used_not_refused(monkeypatch):
    text = claims_csv(rows=20, prefix="raced")
    slug = first_place(text)
    attempts = racing(
        monkeypatch, lambda: services.place_create(name="Made meanwhile", slug=slug, kind="town")
    )
    report = import_file(io.StringIO(text), source_name="raced.csv")
    assert report.ok, report.errors
    assert (len(attempts), report.created) == (2, 20)
    assert Place.objects.get(slug=slug).claims.count() >= 1
