"""A claim field added to its one declaration (claims.formats.claims) reaches every outside
format: the API object, the OpenAPI component, the CSV (Python or COPY), the JSONL and the
importer's header. The test adds a column the way ``ADDED`` does, over a path the claim already
has (its version), so that no migration is needed."""

import csv
import io
import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from claims.formats import claims as spec
from claims.imports import claims as claim_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(monkeypatch):
    column = spec.field("revision", serializers.IntegerField(help_text="Test only."), "version")
    api, csv_format = spec.formats_with(column)
    monkeypatch.setattr(spec.API, "columns", api.columns)
    monkeypatch.setattr(spec.CSV, "columns", csv_format.columns)


def _download(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_an_added_column_ends_the_api_object(client, demo_data, revision):
    listed = client.get("/api/v1/claims/", {"page_size": 5}).json()["results"]
    detail = client.get(f"/api/v1/claims/{listed[0]['id']}/").json()
    for claim in [*listed, detail]:
        assert claim["revision"] == claim["version"]
    assert list(listed[0])[-1] == "revision"


def test_an_added_column_is_in_the_schema(revision):
    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    claim = schema["components"]["schemas"]["Claim"]
    assert claim["properties"]["revision"] == {"type": "integer", "description": "Test only."}
    assert "revision" in claim["required"]
    assert "revision" in schema["components"]["schemas"]["ClaimDetail"]["properties"]


def test_an_added_column_ends_the_csv_and_the_importer_reads_it_back(client, demo_data, revision):
    text = _download(client, "/export/claims.csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "revision"
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["revision"] == str(client.get(f"/api/v1/claims/{first['id']}/").json()["version"])
    report = claim_import.import_file(io.StringIO(text), source_name="test", dry_run=True)
    assert report.errors == []
    assert report.rows == len(rows) - 1


def test_an_added_column_is_in_each_jsonl_line(client, demo_data, revision):
    lines = [json.loads(line) for line in _download(client, "/export/claims.jsonl").splitlines()]
    assert lines
    for claim in lines:
        assert list(claim)[-1] == "revision"
        assert claim["revision"] == claim["version"]


def test_the_importer_refuses_a_column_its_spec_lacks(demo_data):
    text = "place,claimant,verb,stated_at,summary,revision\n"
    report = claim_import.import_file(io.StringIO(text), source_name="test", dry_run=True)
    assert "unknown revision" in report.errors[0][1]
