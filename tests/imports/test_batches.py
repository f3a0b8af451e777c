"""claims.imports.batches: what a planned batch writes, and what is written once the file is
published; a refusal at the very end still rolls back every batch."""

import io

import pytest

from claims import services
from claims.imports import bulk, import_file, planner
from claims.imports.rows import BATCH
from claims.models import (
    Citation,
    Claim,
    Place,
    PlaceState,
    Source,
    Verification,
)
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


def test_a_row_refused_in_the_last_batch_of_the_write_rolls_back_the_whole_file(db, monkeypatch):
    rows = BATCH * 2 + 10
    text = claims_csv(rows=rows, places=3, prefix="last")
    before = (Claim, Citation, Source, Verification, Place, PlaceState)
    counts = {model: model.objects.count() for model in before}
    history = Claim.history.count()
    refresh = services.refresh_place_states

    def refused_at_the_end(place_ids, **options):
        # The last step of the write, after every batch of every table went in.
        refresh(place_ids, **options)
        raise planner.Refused(rows + 1, ValueError("the database refused the last row"))

    monkeypatch.setattr(services, "refresh_place_states", refused_at_the_end)
    report = import_file(io.StringIO(text), source_name="last.csv")
    assert not report.ok
    assert report.errors == [(rows + 1, "the database refused the last row")]
    assert {model: model.objects.count() for model in before} == counts
    assert Claim.history.count() == history


def test_a_source_and_an_actor_on_file_are_completed_with_a_history_row_each(ukraine):
    """What a row adds to records on file (a source's publisher and publication time, an
    actor's organisation), written with the file and kept in their histories; the places
    that show them go cold."""
    from claims.models import PlaceVersion
    from tests.factories import ActorFactory, CitationFactory, ClaimFactory, SourceFactory
    from tests.imports.samples import one_row

    syrskyi = ActorFactory(slug="oleksandr-syrskyi", name="Oleksandr Syrskyi", side=ukraine)
    source = SourceFactory(url="https://example.org/syrskyi", publisher=None, published_at=None)
    earlier = ClaimFactory(claimant=syrskyi)
    CitationFactory(claim=earlier, source=source)
    shown = PlaceVersion.objects.filter(place_id=earlier.place_id)
    before = list(shown.values_list("version", flat=True))
    report = import_file(io.StringIO(one_row()), source_name="complete.csv")
    assert report.ok, report.errors
    source.refresh_from_db()
    syrskyi.refresh_from_db()
    assert (source.publisher.slug, syrskyi.parent.slug) == ("reuters", "armed-forces-of-ukraine")
    assert source.history.first().history_change_reason == (
        "Added the publisher and publication time"
    )
    assert syrskyi.history.first().history_change_reason == "Organisation added"
    assert list(shown.values_list("version", flat=True)) > before


@pytest.mark.postgres_only
def test_completing_records_on_file_takes_no_version_lock_before_the_commits(ukraine, monkeypatch):
    from claims.services import writes
    from tests.factories import ActorFactory, SourceFactory
    from tests.imports.samples import one_row

    ActorFactory(slug="oleksandr-syrskyi", name="Oleksandr Syrskyi", side=ukraine)
    SourceFactory(url="https://example.org/syrskyi", publisher=None, published_at=None)
    locked = []
    for name in ("_begin_write", "_bump"):
        original = getattr(writes, name)
        monkeypatch.setattr(
            writes, name, lambda original=original, name=name: locked.append(name) or original()
        )
    monkeypatch.setattr(bulk, "STAMP_AHEAD_S", 0)
    report = import_file(io.StringIO(one_row()), source_name="complete.csv")
    assert report.ok, report.errors
    # Only begin_bulk_write locked the version, just before the commit (it bumps it itself).
    assert locked == []
