"""The derived state's models (claims.models.state): one data version row, stamps that never
repeat after a backup is restored, one standing position per place and side, and state that
goes with its place."""

from datetime import UTC, datetime

import pytest

from claims.choices import Control, Status
from claims.models import DataVersion, PlacePosition, PlaceState, PlaceVersion
from tests.factories import PlaceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db

MORNING = datetime(2023, 1, 13, 9, tzinfo=UTC)
EVENING = datetime(2023, 1, 13, 21, tzinfo=UTC)


def test_there_is_only_ever_one_data_version_row():
    DataVersion.objects.update_or_create(pk=1, defaults={"version": 7, "changed_at": MORNING})
    refused_by_database(lambda: DataVersion.objects.create(pk=2, version=8, changed_at=MORNING))
    assert DataVersion.objects.count() == 1


def test_a_version_number_reused_after_a_restore_still_gives_a_new_stamp():
    before = DataVersion(version=41, changed_at=MORNING)
    after_restore = DataVersion(version=41, changed_at=EVENING)
    assert before.stamp != after_restore.stamp
    assert before.stamp == "41@2023-01-13T09:00:00+00:00"


def test_a_place_version_stamps_as_the_data_version_does():
    place = PlaceFactory()
    stamp = PlaceVersion(place=place, version=41, changed_at=MORNING).stamp
    assert stamp == DataVersion(version=41, changed_at=MORNING).stamp


def test_a_side_has_one_standing_position_per_place(russia):
    place = PlaceFactory()
    PlacePosition.objects.create(
        place=place, side=russia, control=Control.FULL, status=Status.UNREVIEWED
    )
    refused_by_database(
        lambda: PlacePosition.objects.create(
            place=place, side=russia, control=Control.NONE, status=Status.UNREVIEWED
        )
    )


def test_a_position_outside_the_vocabulary_is_refused(russia):
    refused_by_database(
        lambda: PlacePosition.objects.create(
            place=PlaceFactory(), side=russia, control="most", status=Status.UNREVIEWED
        )
    )


def test_a_places_state_goes_with_the_place(russia):
    place = PlaceFactory()
    PlaceState.objects.update_or_create(place=place, defaults={"claim_count": 3})
    PlaceVersion.objects.update_or_create(
        place=place, defaults={"version": 1, "changed_at": MORNING}
    )
    PlacePosition.objects.create(
        place=place, side=russia, control=Control.FULL, status=Status.UNREVIEWED
    )
    place.delete()
    assert not PlaceState.objects.filter(place_id=place.pk).exists()
    assert not PlaceVersion.objects.filter(place_id=place.pk).exists()
    assert not PlacePosition.objects.filter(place_id=place.pk).exists()
