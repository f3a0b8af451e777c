"""Days as moments in the site's time zone: what a filter, a picture "as of" a day and a
duplicate check by day all bound their queries with."""

from datetime import date, datetime, timedelta

from django.utils import timezone


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the site's time zone: "as of" includes the whole day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
