"""PostgreSQL's COPY writers (claims.exports_pg): the same CSV and JSONL as the Python writers
of claims.exports, streamed in large chunks, and a connection still usable after a download is
abandoned."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from claims import exports, exports_pg, parameters
from claims.filtersets import ClaimFilterSet
from claims.models import Claim
from claims.representations import Links
from tests.datasets import populate
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def _parsed_csv(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(_bytes(chunks)).decode("utf-8-sig"))))


def _bytes(chunks):
    return (chunk.encode() if isinstance(chunk, str) else chunk for chunk in chunks)


def _tricky_claims(russian_actor, ukrainian_actor, independent_actor):
    """Text and times that each writer must handle the same way."""
    ClaimFactory(
        claimant=russian_actor,
        summary='=cmd|"/c calc"!A1, with "quotes", commas\nand a line break',
        quote="-50% of the town",
        stated_at=datetime(2023, 1, 13, 9, 0, tzinfo=UTC),
    )
    ClaimFactory(
        claimant=ukrainian_actor,
        verb="denied",
        summary="Бахмут: ще наш",
        stated_at=datetime(2023, 1, 14, 10, 30, 15, 250, tzinfo=UTC),
        effective_at=datetime(2023, 1, 14, 0, 0, 0, 1, tzinfo=UTC),
    )
    ClaimFactory(claimant=independent_actor, verb="contested", side=None, summary="'quoted")


@pytest.fixture
def tricky_claims(demo_data, russian_actor, ukrainian_actor, independent_actor):
    """The demo data plus text and times that each writer must handle the same way; returns
    the claims a request with the given filters exports."""
    _tricky_claims(russian_actor, ukrainian_actor, independent_actor)

    def filtered(filters):
        request = RequestFactory().get("/export/claims.csv", filters)
        return parameters.filtered(ClaimFilterSet, request, Claim.objects.all(), paging=False)

    return filtered


@pytest.mark.parametrize("filters", [{}, {"place": "soledar"}, {"q": "town"}])
def test_postgresql_writes_the_same_csv_as_python(tricky_claims, filters):
    claims, links = tricky_claims(filters), Links("http://testserver/")
    by_python = _parsed_csv(exports.csv_chunks(claims, links))
    by_postgres = _parsed_csv(exports_pg.csv_chunks(claims, links))
    assert len(by_python) > 1
    assert by_postgres == by_python


@pytest.mark.parametrize("filters", [{}, {"place": "soledar"}])
def test_postgresql_writes_the_same_jsonl_as_python(tricky_claims, filters):
    claims, links = tricky_claims(filters), Links("http://testserver/")
    by_python = b"".join(exports.jsonl_chunks(claims, links)).splitlines()
    by_postgres = b"".join(exports_pg.jsonl_chunks(claims, links)).splitlines()
    assert len(by_python) > 1
    assert [json.loads(line) for line in by_postgres] == [json.loads(line) for line in by_python]


def test_postgresql_streams_in_large_chunks(russia, ukraine, monkeypatch):
    populate(60, russia=russia, ukraine=ukraine)
    monkeypatch.setattr(exports_pg, "CHUNK_BYTES", 4096)
    chunks = list(exports_pg.jsonl_chunks(Claim.objects.all(), Links("http://testserver/")))
    assert len(chunks) > 2
    assert all(len(chunk) >= 4096 for chunk in chunks[:-1])
    assert b"".join(chunks).count(b"\n") == 60


def test_a_download_abandoned_midway_leaves_the_connection_usable(russia, ukraine, monkeypatch):
    populate(60, russia=russia, ukraine=ukraine)
    monkeypatch.setattr(exports_pg, "CHUNK_BYTES", 4096)
    chunks = exports_pg.csv_chunks(Claim.objects.all(), Links("http://testserver/"))
    next(chunks)
    chunks.close()  # what the server does when the reader goes away
    assert Claim.objects.count() == 60
