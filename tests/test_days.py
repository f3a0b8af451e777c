"""Days as moments (claims.days): "as of" a day takes in the whole day in the site's time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.utils import timezone

from claims.days import end_of_day


def test_the_end_of_a_day_is_the_next_midnight_in_utc():
    assert end_of_day(date(2023, 1, 13)) == datetime(2023, 1, 14, tzinfo=UTC)


@override_settings(TIME_ZONE="Europe/Kyiv")
def test_the_end_of_a_day_is_the_next_midnight_in_the_sites_time_zone():
    moment = end_of_day(date(2023, 1, 13))
    assert moment == datetime(2023, 1, 14, tzinfo=ZoneInfo("Europe/Kyiv"))
    assert moment.astimezone(UTC) == datetime(2023, 1, 13, 22, tzinfo=UTC)
    assert timezone.is_aware(moment)


@override_settings(TIME_ZONE="Europe/Kyiv")
def test_a_day_before_the_clocks_change_still_ends_at_midnight():
    # Kyiv moved to summer time at 03:00 on 26 March 2023: that day has 23 hours.
    moment = end_of_day(date(2023, 3, 26))
    assert moment.astimezone(UTC) == datetime(2023, 3, 26, 21, tzinfo=UTC)
