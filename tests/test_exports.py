"""Streaming exports: stable CSV columns, JSONL equal to the API, GeoJSON, flat memory."""

import csv
import io
import json
import tracemalloc

import pytest

from claims import exports
from claims.models import Claim, Place
from claims.representations import Links
from tests.datasets import populate
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_has_the_documented_columns_in_order(client, demo_data):
    text = download(client, "/export/claims.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == exports.CSV_COLUMNS
    assert len(rows) == Claim.objects.count() + 1


def test_the_columns_are_documented(settings):
    from pathlib import Path

    doc = (Path(settings.BASE_DIR) / "docs" / "csv-format.md").read_text()
    for column in [*exports.CSV_COLUMNS, *exports.VERIFICATION_CSV_COLUMNS]:
        assert f"`{column}`" in doc


def test_csv_takes_the_lists_filters(client, demo_data):
    text = download(client, "/export/claims.csv", {"place": "bakhmut", "side": "independent"})
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert {r["place"] for r in rows} == {"bakhmut"}
    assert {r["claimant_side"] for r in rows} == {""}
    assert len(rows) == 2


def test_spreadsheet_formulas_are_neutralised_and_reversible(client, russian_actor):
    ClaimFactory(claimant=russian_actor, summary='=HYPERLINK("http://evil")', quote="-1 dead")
    text = download(client, "/export/claims.csv").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["summary"] == '\'=HYPERLINK("http://evil")'
    assert row["quote"] == "'-1 dead"
    assert exports.from_spreadsheet(row["summary"]) == '=HYPERLINK("http://evil")'


def test_jsonl_lines_are_the_api_representation(client, demo_data):
    lines = download(client, "/export/claims.jsonl", {"place": "soledar"}).splitlines()
    claims = [json.loads(line) for line in lines]
    api = client.get("/api/v1/claims/", {"place": "soledar", "page_size": 200}).json()["results"]
    assert sorted(claims, key=lambda c: c["id"]) == sorted(api, key=lambda c: c["id"])


def test_geojson_is_a_feature_collection_of_points_with_their_picture(client, demo_data):
    collection = json.loads(download(client, "/export/places.geojson"))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["slug"]: f for f in collection["features"]}
    assert len(features) == Place.objects.filter(latitude__isnull=False).count()
    soledar = features["soledar"]
    assert soledar["geometry"] == {"type": "Point", "coordinates": [38.0667, 48.6833]}
    assert soledar["properties"]["contested"] is True
    api = client.get("/api/v1/places/soledar/").json()
    assert soledar["properties"]["picture"] == api["picture"]  # one picture, one shape


def test_exports_read_in_batches_with_a_fixed_number_of_queries_each(
    client, russia, ukraine, monkeypatch, django_assert_num_queries
):
    populate(30, russia=russia, ukraine=ukraine)
    monkeypatch.setattr(exports, "BATCH_SIZE", 10)
    chunks = list(exports.csv_chunks(Claim.objects.all(), Links("http://testserver/")))
    # Three batches, the header in the first: making the first chunk reads the database.
    assert len(chunks) == 3
    assert chunks[0].startswith("\ufeff" + ",".join(f'"{name}"' for name in exports.CSV_COLUMNS))
    # 1-6. each batch of ten rows, then its citations; 7. the empty read that ends the stream
    with django_assert_num_queries(2 * 3 + 1):
        list(exports.jsonl_chunks(Claim.objects.all(), Links("http://testserver/")))


@pytest.mark.parametrize("export", ["csv_chunks", "jsonl_chunks"])
def test_memory_stays_flat_as_the_export_grows(russia, ukraine, monkeypatch, export):
    """Peak memory while streaming 400 claims stays near that for 100 (batches of 50)."""
    populate(400, russia=russia, ukraine=ukraine)
    monkeypatch.setattr(exports, "BATCH_SIZE", 50)
    links = Links("http://testserver/")

    first = Claim.objects.order_by("id").values_list("id", flat=True)

    def peak(count):
        queryset = Claim.objects.filter(id__lt=first[0] + count)
        tracemalloc.start()
        for _ in getattr(exports, export)(queryset, links):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(100), peak(400)
    assert large < small * 1.5, (small, large)


@pytest.mark.parametrize("export", ["/export/claims.csv", "/export/claims.jsonl"])
def test_a_search_without_words_exports_nothing(client, demo_data, export):
    body = download(client, export, {"q": "!!"}).decode("utf-8-sig")
    assert body.count("\n") == (1 if export.endswith(".csv") else 0)
