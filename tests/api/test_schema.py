"""The OpenAPI schema (claims.api.schema), served with its docs without a CDN: it states what
the API refuses and which reads need no token; schemathesis's generated requests, including
malformed ones, never get a server error or a response that breaks it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(
    SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
)
schema.app = get_wsgi_application()

EXAMPLES_PER_OPERATION = 30


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the WSGI handler, whose request signals would close the test
    transaction's connection; Django's own test client disconnects them the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def editor_token(editor, demo_data):
    from claims import services

    return services.api_token_create(user=editor, days=1)[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_honours_its_schema(case, editor_token):
    writes = ("POST", "PATCH")
    headers = {"Authorization": f"Token {editor_token}"} if case.method in writes else {}
    # A value can fit the schema and still name nothing (an unknown slug, a cursor this server
    # never issued): that is a 400 by design, so "schema-valid means accepted" does not apply.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_states_what_the_api_refuses():
    """Rules a client would otherwise learn from a 400: the key's format, the text rule, the
    smallest page and id, and that required text is not empty."""
    document = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    for path, method, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "Idempotency-Key":
                assert parameter["schema"]["pattern"] == "^[\\u0020-\\u007e]+$", path
                assert parameter["schema"]["minLength"] == 1
            if parameter["name"] == "page_size":
                assert parameter["schema"]["minimum"] == 1, (path, method)
    claim = document["components"]["schemas"]["ClaimInputRequest"]["properties"]
    assert claim["summary"]["pattern"].startswith("^[^\\u0000-")
    assert claim["summary"]["minLength"] == 1
    assert claim["answers"]["minimum"] == 0


def test_the_schema_marks_public_reads_as_needing_no_token(client):
    schema = client.get("/api/schema/?format=json").json()
    public = {"/api/v1/", "/api/v1/claims/", "/api/v1/claims/{id}/", "/api/v1/places/"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path in public and method == "get":
                assert operation["security"] == [], path
            elif method != "get" or "webhooks" in path:
                assert {"knoxApiToken": []} in operation["security"], (method, path)


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/").text
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower() and "//unpkg" not in docs
