"""Slow clients and slow databases: /healthz before Django, database timeouts, limits on pages,
feeds and downloads, a page cache that made-up cookies cannot skip, and nginx in front."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core import signals
from django.core.cache import caches
from django.db import OperationalError, connection, transaction

from claims.errors import is_database_fault
from claimtracker.env import PREPARED_STATEMENTS
from claimtracker.wsgi import application

ROOT = Path(__file__).resolve().parent.parent
SOLEDAR = "/places/soledar/"


def wsgi_get(path: str) -> tuple[str, dict, bytes]:
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "10.0.0.7",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
    }
    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


# --- /healthz -------------------------------------------------------------------------------


def test_healthz_is_answered_before_django_and_its_database():
    """Django's request signal checks the database connections first, which on a hung database
    would wait as long as it does; the liveness probe never gets that far."""
    started = mock.Mock()
    signals.request_started.connect(started)
    try:
        failure = OperationalError("the database does not answer")
        # Any use of the database would raise here.
        with mock.patch.object(connection, "ensure_connection", side_effect=failure):
            status, headers, body = wsgi_get("/healthz")
    finally:
        signals.request_started.disconnect(started)
    assert status == "200 OK"
    assert json.loads(body) == {"status": "ok"}
    assert headers["Cache-Control"] == "no-store"
    started.assert_not_called()


# --- Database timeouts ----------------------------------------------------------------------


def settings_in_a_fresh_interpreter(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    clean.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="claims.example.org", **env)
    code = (
        "import json, claimtracker.settings as s; "
        "print(json.dumps([s.DATABASES['default'].get('OPTIONS', {}), s.EXPORT_STATEMENT_TIMEOUT]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_time_out_and_web_statements_have_a_limit():
    url = "postgres://app@db.example.org/claims"
    options, _ = settings_in_a_fresh_interpreter(DATABASE_URL=url)
    assert options == {"connect_timeout": 5, **PREPARED_STATEMENTS}
    options, export = settings_in_a_fresh_interpreter(
        DATABASE_URL=url,
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_STATEMENT_TIMEOUT="30",
        EXPORT_STATEMENT_TIMEOUT="600",
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert options == {"connect_timeout": 2, "options": "-c statement_timeout=30000"}
    assert export == 600


def test_gunicorn_gives_web_processes_a_statement_timeout_and_commands_none(monkeypatch):
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    namespace = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    assert os.environ["DATABASE_STATEMENT_TIMEOUT"] == "30"
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "5")
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    assert os.environ["DATABASE_STATEMENT_TIMEOUT"] == "5"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_statement_over_the_timeout_is_a_database_fault_so_a_503():
    with (
        pytest.raises(OperationalError) as cancelled,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = 20")
        cursor.execute("SELECT pg_sleep(2)")
    assert is_database_fault(cancelled.value)


# --- Rate limits on pages, feeds and downloads ----------------------------------------------


@pytest.fixture
def site_limits(settings):
    settings.SITE_THROTTLE_RATES = {"page": "3/minute", "export": "2/minute"}
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.django_db
def test_pages_and_feeds_over_the_limit_get_429_with_retry_after(client, demo_data, site_limits):
    statuses = [client.get(path).status_code for path in ("/", "/places/", "/feeds/claims.atom")]
    assert statuses == [200, 200, 200]
    limited = client.get("/claims/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "Too many requests" in limited.text
    # Another address has its own count; the API has its own limits.
    assert client.get("/places/", REMOTE_ADDR="198.51.100.9").status_code == 200
    assert client.get("/api/v1/places/").status_code == 200


@pytest.mark.django_db
def test_downloads_have_their_own_lower_limit(client, demo_data, site_limits):
    statuses = [client.get("/export/places.geojson").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/places/").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_limit_counts_the_address_it_saw(
    client, demo_data, site_limits, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def page(forwarded):
        return client.get("/places/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert [page("203.0.113.5").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert page("198.51.100.9").status_code == 200
    # An address the client wrote in front of its own is not believed.
    assert page("198.51.100.77, 203.0.113.5").status_code == 429


@pytest.mark.parametrize("rate", ["600", "600/fortnight", "many/minute"])
def test_a_malformed_rate_stops_the_settings(rate):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    clean.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="claims.example.org", PAGE_THROTTLE=rate)
    result = subprocess.run(
        [sys.executable, "-c", "import claimtracker.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "PAGE_THROTTLE must be like 600/minute" in result.stderr


# --- The page cache and made-up cookies -----------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookies", "queries"),
    [
        ({"sessionid": "x"}, 1),  # the data version (a key this short is not looked up)
        ({"sessionid": "a" * 32, "messages": "x"}, 2),  # the data version; the session
    ],
)
def test_a_made_up_session_cookie_still_gets_the_cached_page(
    client, demo_data, page_cache, cookies, queries, django_assert_num_queries
):
    first = client.get(SOLEDAR)
    client.cookies.load(cookies)
    with django_assert_num_queries(queries):
        again = client.get(SOLEDAR)
    assert again.content == first.content


@pytest.mark.django_db
def test_a_reader_with_a_message_waiting_gets_a_fresh_page_that_shows_it(
    client, demo_data, page_cache, editor
):
    client.get(SOLEDAR)
    client.force_login(editor)
    client.post("/accounts/logout/")
    session_messages = client.get(SOLEDAR)
    assert b"Log out editor" not in session_messages.content


# --- nginx in front -------------------------------------------------------------------------


def test_the_slow_client_check_runs_the_shipped_nginx_configuration():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import slow_clients
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    block = slow_clients.server_block(18080, 18000)
    assert "listen 127.0.0.1:18080;" in block and "server 127.0.0.1:18000;" in block
    assert "proxy_request_buffering on;" in block and "client_header_timeout 10s;" in block


@pytest.mark.skipif(
    not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")),
    reason="needs nginx (scripts/slow_clients.py --install)",
)
def test_half_sent_requests_do_not_stall_healthz_behind_nginx():
    result = subprocess.run(
        [sys.executable, "scripts/slow_clients.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 stalled, 0 server errors" in result.stdout
