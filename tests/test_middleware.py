"""The site's own middleware: readiness, the page rate limit's answer, private pages kept out
of caches, and database faults answered with 503."""

import logging

import pytest
from django.db import OperationalError

from claims import middleware
from claims.middleware import parse_rate, too_many_requests

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("600/minute", (600, 60)),
        ("30/m", (30, 60)),
        ("5/second", (5, 1)),
        ("1000/day", (1000, 86_400)),
    ],
)
def test_rates_read_as_the_api_writes_them(rate, parsed):
    assert parse_rate(rate) == parsed


def test_over_the_limit_says_when_to_come_back_in_whole_seconds():
    response = too_many_requests(wait=12.3)
    assert response.status_code == 429
    assert response["Retry-After"] == "13"
    assert "13 seconds" in response.content.decode()
    assert too_many_requests(wait=0)["Retry-After"] == "1"  # never "come back now"


def test_ready_when_the_database_is_migrated_and_the_cache_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
    }


def test_not_ready_names_what_is_wrong(client, monkeypatch):
    monkeypatch.setattr(middleware.caching, "cache_works", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"
    assert response.json()["database"] == "ok"


def test_an_editors_pages_are_never_stored(client, editor):
    client.force_login(editor)
    for url in ("/", "/review/", "/account/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_log_in_pages_are_never_stored_in_either_language(client):
    for url in ("/accounts/login/", "/uk/accounts/login/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_a_readers_page_keeps_its_own_caching(client):
    assert "no-store" not in client.get("/places/").get("Cache-Control", "")


def test_a_database_fault_is_a_503_and_one_log_line(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("claims.views.pages.render", broken)
    with caplog.at_level(logging.WARNING, logger="claims.middleware"):
        response = client.get("/")
    assert response.status_code == 503
    [record] = [r for r in caplog.records if r.name == "claims.middleware"]
    assert "database unavailable: GET /" in record.getMessage()
    assert record.exc_info is None
