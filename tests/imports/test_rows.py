"""claims.imports.rows: records are written in the order their parents allow, and an update of
saved records writes only the fields named."""

import pytest
from django.utils import timezone

from claims.choices import PlaceKind
from claims.imports import rows
from claims.models import Place, Source
from tests.factories import PlaceFactory, SourceFactory


def test_new_records_come_after_the_new_parents_they_name():
    on_file = Place(pk=1, name="Donetsk Oblast", slug="donetsk-oblast", kind=PlaceKind.OBLAST)
    raion = Place(name="Bakhmut Raion", slug="bakhmut-raion", parent=on_file)
    town = Place(name="Soledar", slug="soledar", parent=raion)
    village = Place(name="Krasna Hora", slug="krasna-hora", parent=town)
    levels = rows.levels([village, town, raion])
    assert [[p.slug for p in level] for level in levels] == [
        ["bakhmut-raion"],
        ["soledar"],
        ["krasna-hora"],
    ]


@pytest.mark.django_db
def test_an_upsert_writes_only_the_fields_it_names():
    source = SourceFactory(title="Before", published_at=None)
    other = SourceFactory(title="Untouched")
    source.title, source.url = "After", "https://changed.example.org/"
    rows.upsert(Source, [source], ["title"])
    source.refresh_from_db()
    assert (source.title, source.url.startswith("https://news.example.org/")) == ("After", True)
    assert Source.objects.get(pk=other.pk).title == "Untouched"


@pytest.mark.django_db
def test_inserted_records_get_their_ids_and_a_history_row_each_dated_with_the_stamp():
    region = PlaceFactory()
    stamp = timezone.now().replace(microsecond=0)
    places = [
        Place(name=f"Village {n}", slug=f"village-{n}", kind=PlaceKind.VILLAGE, parent=region)
        for n in range(3)
    ]
    for place in places:
        place.derive()
    rows.insert(Place, places, stamp)
    saved = Place.objects.filter(slug__startswith="village-").order_by("slug")
    assert [p.pk for p in saved] == [p.pk for p in places]
    assert [p.history.get().history_date for p in saved] == [stamp] * 3
