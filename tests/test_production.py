"""Production mode: secure headers everywhere, health checks, 503s on database faults, and the
deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.db import InternalError, OperationalError
from django.urls import reverse

from claims.models import Claim, Source

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def every_page():
    claim = Claim.objects.get(claimant__slug="igor-konashenkov")
    return [
        "/",
        "/places/",
        "/places/soledar/",
        "/places/soledar/?as_of=2023-01-11",
        "/claims/",
        claim.get_absolute_url(),
        "/actors/",
        "/actors/cnn/",
        Source.objects.first().get_absolute_url(),
        "/search/?q=soledar",
        "/accounts/login/",
        "/api/v1/claims/",
        "/api/v1/places/soledar/",
        "/api/docs/",
        "/api/schema/",
        "/feeds/claims.atom",
        "/places/soledar/feed.atom",
        "/export/places.geojson",
        "/no-such-page/",
    ]


def csp(response) -> dict[str, str]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


class TestHeaders:
    def test_every_page_carries_the_security_headers(self, client, demo_data):
        for url in every_page():
            response = client.get(url, secure=True)
            assert response.status_code in (200, 404), url
            assert response["Strict-Transport-Security"].startswith("max-age=31536000"), url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
            assert "geolocation=()" in response["Permissions-Policy"], url
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
            assert response["X-Frame-Options"] == "DENY", url
            policy = csp(response)
            assert policy["frame-ancestors"] == "'none'", url
            assert "unsafe-inline" not in response["Content-Security-Policy"], url
            assert policy["script-src"] == "'self'", url

    def test_only_the_embed_card_may_be_framed(self, client, demo_data):
        response = client.get(reverse("claims:embed_place", args=["soledar"]), secure=True)
        assert "X-Frame-Options" not in response
        assert csp(response)["frame-ancestors"] == "*"
        assert "unsafe-inline" not in response["Content-Security-Policy"]

    def test_cookies_are_secure_http_only_and_same_site(self, client, editor):
        response = client.post(
            "/accounts/login/",
            {"username": "editor", "password": "correct horse battery"},
            secure=True,
        )
        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        csrf = client.get("/accounts/login/", secure=True).cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    def test_plain_http_is_redirected_except_health_checks(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/places/")
        assert response.status_code == 301
        assert response["Location"].startswith("https://")
        assert client.get("/readyz").status_code == 200
        # /healthz never reaches Django at all (test_slow_things.py).


def production_environment() -> dict:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "claimtracker.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "claims.example.org",
    }


def test_the_deploy_check_is_silent_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


class TestHealthChecks:
    def test_readyz_checks_database_migrations_and_cache(self, client):
        response = client.get("/readyz", HTTP_HOST="10.0.0.7")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
        }

    def test_readyz_reports_an_unreachable_database(self, client):
        failure = OperationalError("connection refused")
        with mock.patch("claims.middleware.connection.ensure_connection", side_effect=failure):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable: OperationalError"

    def test_readyz_reports_unapplied_migrations(self, client):
        with mock.patch(
            "claims.middleware.MigrationExecutor.migration_plan", return_value=[("x", False)]
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["migrations"] == "unapplied migrations"


def read_only_error() -> InternalError:
    error = InternalError("cannot execute UPDATE in a read-only transaction")
    error.__cause__ = psycopg.errors.ReadOnlySqlTransaction()
    return error


class TestDatabaseFaults:
    @pytest.mark.parametrize(
        "fault",
        [
            OperationalError("server closed the connection unexpectedly"),
            OperationalError("could not extend file: No space left on device"),
            read_only_error(),
        ],
        ids=["down", "disk full", "read only"],
    )
    def test_pages_answer_503_not_500(self, client, fault):
        client.raise_request_exception = False
        with mock.patch("claims.views.pages.selectors.dashboard", side_effect=fault):
            response = client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert b"Temporarily unavailable" in response.content
        assert b"Traceback" not in response.content

    def test_an_outage_logs_one_line_per_request_not_a_stack(self, client, caplog):
        client.raise_request_exception = False
        fault = OperationalError("server closed the connection unexpectedly")
        with mock.patch("claims.views.pages.selectors.dashboard", side_effect=fault):
            assert client.get("/").status_code == 503
        assert not [record for record in caplog.records if record.exc_info]
        assert "database unavailable: GET /" in caplog.text

    @pytest.mark.parametrize(
        "fault",
        [OperationalError("the connection is closed"), read_only_error()],
        ids=["down", "read only"],
    )
    def test_the_api_answers_503_in_json(self, client, fault):
        client.raise_request_exception = False
        with mock.patch("claims.selectors.data_version", side_effect=fault):
            response = client.get("/api/v1/claims/")
        assert response.status_code == 503
        assert response.json()["detail"].startswith("The database is unavailable")

    def test_a_schema_out_of_step_with_the_code_is_a_500_not_an_outage(self, client):
        client.raise_request_exception = False
        bug = OperationalError("no such table: claims_claim")
        with mock.patch("claims.views.pages.selectors.dashboard", side_effect=bug):
            assert client.get("/").status_code == 500

    def test_other_internal_errors_are_still_500s(self, client):
        client.raise_request_exception = False
        with mock.patch(
            "claims.views.pages.selectors.dashboard", side_effect=InternalError("a real bug")
        ):
            assert client.get("/").status_code == 500

    @pytest.mark.postgres_only
    def test_a_write_to_a_read_only_database_is_503(self, client, demo_data, token_for, editor):
        from django.db import connection

        api = token_for(editor)
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        with connection.cursor() as cursor:
            # Settle the fixtures' deferred FK checks first: they cannot run once read-only.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET TRANSACTION READ ONLY")
        response = api.post(
            f"/api/v1/claims/{claim.pk}/verifications/",
            {"version": claim.version, "status": "disputed", "rationale": "Read-only test."},
            format="json",
        )
        assert response.status_code == 503
