"""Error answers (claims.views.errors): JSON under /api/ and the site's own pages elsewhere,
for Django's refusals before a view runs, unknown addresses, refusals and failures; a database
fault that reaches the last handler is a 503, not a 500."""

import json

import pytest
from django.db import OperationalError

from claims.views import errors

pytestmark = pytest.mark.django_db


def test_a_body_over_the_size_limit_under_the_api_is_a_json_413(token_for, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"summary": "x" * 2000})
    for key in ({}, {"HTTP_IDEMPOTENCY_KEY": "big"}):
        response = token_for(editor).post(
            "/api/v1/claims/", body, content_type="application/json", **key
        )
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "The request body is too large."}


def test_django_refusals_elsewhere_keep_the_sites_own_pages(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(editor)
    response = client.post("/claims/new/", {"summary": "x" * 2000})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_address_is_json_under_the_api_and_the_sites_page_elsewhere(client):
    api = client.get("/api/v1/nothing-here/")
    assert (api.status_code, api.json()) == (404, {"detail": "Not found."})
    page = client.get("/nothing-here/")
    assert page.status_code == 404
    assert "There is no page at this address" in page.text


def test_a_refusal_is_json_under_the_api_and_the_sites_page_elsewhere(rf):
    api = errors.permission_denied(rf.get("/api/v1/claims/"))
    assert (api.status_code, json.loads(api.content)) == (403, {"detail": "You may not do this."})
    page = errors.permission_denied(rf.get("/claims/new/"))
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")


def test_the_500_page_needs_no_context(rf):
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.parametrize(
    ("error", "status"),
    [(OperationalError("database is locked"), 503), (ValueError("a bug"), 500)],
)
def test_a_failure_under_the_api_is_json_a_503_only_for_a_database_fault(rf, error, status):
    try:
        raise error
    except type(error):
        response = errors.server_error(rf.get("/api/v1/claims/"))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
