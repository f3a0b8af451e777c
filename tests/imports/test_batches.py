"""claims.imports.batches: what a planned batch writes, and what is written once the file is
published; a refusal at the very end still rolls back every batch."""

import io

import pytest

from claims import services
from claims.imports import import_file, planner
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
