"""What a format is made of (claims.formats.base): the paths it reads, its writers (a dict, a
list, a CSV cell of each kind), the related rows it attaches and the schema component it
describes, on a small format made here."""

from datetime import datetime, timedelta, timezone

import pytest
from rest_framework import serializers

from claims.formats.base import Column, Format, Related, cell, each_cell, value
from claims.models import Place, PlaceName
from claims.representations import Links
from tests.factories import PlaceFactory, PlaceNameFactory

LINKS = Links("http://testserver/")
KYIV = timezone(timedelta(hours=2))  # in winter

NAMES = Related(PlaceName, "place_id", "id", ("language", "name"))
PLACE = Format(
    (
        Column("slug", ("slug",), value("slug"), serializers.CharField()),
        Column(
            "url",
            ("slug",),
            lambda row, links: f"{links.place_api}{row['slug']}/",
            serializers.URLField(),
        ),
        Column(
            "names",
            ("name", "language"),
            lambda row, links: row["names"],
            serializers.ListField(child=serializers.DictField()),
            over="names",
        ),
    ),
    related={"names": NAMES},
)


def test_values_reads_each_path_once_and_leaves_related_paths_to_their_list():
    assert PLACE.values == ("id", "slug")
    assert PLACE.item_values("names") == ("name", "language")


def test_an_added_column_goes_at_the_end_and_leaves_the_format_as_it_was():
    extended = PLACE.extended(Column("kind", ("kind",), value("kind")))
    assert extended.names == ["slug", "url", "names", "kind"]
    assert PLACE.names == ["slug", "url", "names"]
    assert extended.values == ("id", "slug", "kind")


def test_a_row_is_written_as_a_dict_or_a_list_in_column_order():
    row = {"id": 1, "slug": "soledar", "names": []}
    expected = {"slug": "soledar", "url": "http://testserver/api/v1/places/soledar/", "names": []}
    assert PLACE.as_dict(row, LINKS) == expected
    assert PLACE.as_list(row, LINKS) == list(expected.values())
    assert PLACE.dicts([row, {**row, "slug": "bakhmut"}], LINKS)[1]["slug"] == "bakhmut"


def test_a_format_whose_columns_are_replaced_writes_the_new_ones(monkeypatch):
    spec = Format((Column("slug", ("slug",), value("slug")),))
    assert spec.as_dict({"slug": "soledar"}, LINKS) == {"slug": "soledar"}
    monkeypatch.setattr(spec, "columns", (Column("name", ("slug",), value("slug")),))
    assert spec.as_dict({"slug": "soledar"}, LINKS) == {"name": "soledar"}


@pytest.mark.parametrize(
    ("kind", "found", "written"),
    [
        ("plain", "captured", "captured"),
        ("plain", None, ""),
        ("text", "=1+1", "'=1+1"),
        ("time", datetime(2023, 1, 13, 20, tzinfo=KYIV), "2023-01-13T18:00:00.000000+00:00"),
        ("bool", True, "true"),
        ("bool", False, "false"),
        ("bool", None, ""),
    ],
)  # fmt: skip
def test_a_cell_writes_its_kind_and_none_as_empty(kind, found, written):
    column = cell("value", "path", kind=kind)
    assert column.render({"path": found}, LINKS) == written


def test_a_cell_over_related_rows_is_a_line_each_in_their_order():
    column = each_cell("titles", "citations", "title", "s.title", kind="text")
    row = {"citations": [{"title": "Report"}, {"title": None}, {"title": "=bad"}]}
    assert column.render(row, LINKS) == "Report\n\n'=bad"
    assert column.paths == ("title",)
    assert column.over == "citations"


@pytest.mark.django_db
def test_related_rows_are_attached_in_order_in_one_query(django_assert_num_queries):
    soledar, bakhmut, quiet = PlaceFactory(), PlaceFactory(), PlaceFactory()
    PlaceNameFactory(place=soledar, name="Соледар", language="uk")
    PlaceNameFactory(place=soledar, name="Соледар", language="ru")
    PlaceNameFactory(place=bakhmut, name="Artemovsk", language="en")
    rows = list(Place.objects.filter(pk__in=[soledar.pk, bakhmut.pk, quiet.pk]).values("id"))
    with django_assert_num_queries(1):
        PLACE.attach(rows)
    names = {row["id"]: row["names"] for row in rows}
    assert names[soledar.pk] == [
        {"name": "Соледар", "language": "ru"},
        {"name": "Соледар", "language": "uk"},
    ]
    assert names[bakhmut.pk] == [{"name": "Artemovsk", "language": "en"}]
    assert names[quiet.pk] == []


def test_attaching_to_no_rows_reads_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        PLACE.attach([])


def test_the_schema_component_has_the_columns_a_subclass_keeps_and_adds():
    Component = PLACE.serializer("PlaceComponent")

    class WithoutUrl(Component):
        url = None
        region = serializers.CharField()

    assert list(Component().fields) == ["slug", "url", "names"]
    assert isinstance(Component().fields["url"], serializers.URLField)
    assert list(WithoutUrl().fields) == ["slug", "names", "region"]
