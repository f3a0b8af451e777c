"""API rate limits: 429 with Retry-After, per client, in a cache every server process shares."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from claims import caching
from claims.api.throttles import AnonymousRateThrottle, TokenRateThrottle

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def low_limits(monkeypatch):
    monkeypatch.setitem(AnonymousRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    monkeypatch.setitem(TokenRateThrottle.THROTTLE_RATES, "user", "5/minute")
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_anonymous_clients_over_the_limit_get_429_with_retry_after(api_client, low_limits):
    statuses = [api_client.get("/api/v1/places/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api_client.get("/api/v1/places/")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "throttled" in limited.json()["detail"].lower()


def test_token_clients_have_their_own_higher_limit(token_for, editor, low_limits):
    client = token_for(editor)
    statuses = [client.get("/api/v1/places/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_the_throttle_cache_is_shared_not_per_process():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_limits_hold_across_several_gunicorn_workers():
    """Two worker processes behind one port: the limit is the limit, not twice it."""
    # The cache table outlives the flush between tests, so earlier tests' anonymous requests
    # from 127.0.0.1 would already count against the limit the servers enforce.
    caches["default"].clear()
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "claimtracker.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": "throttle-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_THROTTLE_ANON": "6/minute",
        "DEBUG": "false",
        # Plain HTTP on 127.0.0.1: nothing terminates TLS here.
        "SECURE_SSL_REDIRECT": "false",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "claimtracker.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _status(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        # The limit counts in fixed one-minute windows: twelve requests that straddle a window's
        # end would be counted in two, so they start at the beginning of one.
        if 60 - time.time() % 60 < 20:
            time.sleep(60 - time.time() % 60 + 0.5)
        statuses = [_status(f"http://127.0.0.1:{port}/api/v1/sources/") for _ in range(12)]
    finally:
        server.terminate()
        server.wait(10)
    assert statuses.count(200) == 6, statuses
    assert statuses.count(429) == 6, statuses


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_each_window_starts_afresh(api_client, low_limits, monkeypatch):
    clock = [600.0]
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: clock[0])
    assert [api_client.get("/api/v1/places/").status_code for _ in range(4)][-1] == 429
    clock[0] = 659.0
    limited = api_client.get("/api/v1/places/")
    assert (limited.status_code, limited["Retry-After"]) == (429, "1")
    clock[0] = 660.0
    assert api_client.get("/api/v1/places/").status_code == 200


def test_a_client_costs_one_counter_whatever_the_limit(api_client, low_limits, monkeypatch):
    keys = []
    count = caching.count
    monkeypatch.setattr(
        caching, "count", lambda key, timeout: keys.append(key) or count(key, timeout)
    )
    for _ in range(3):
        api_client.get("/api/v1/places/")
    assert len(set(keys)) == 1
    assert caches["default"].get(keys[0]) == 3


def test_requests_go_through_when_the_cache_is_down(api_client, low_limits, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(caches["default"], "incr", broken)
    monkeypatch.setattr(caches["default"], "add", broken)
    assert {api_client.get("/api/v1/places/").status_code for _ in range(5)} == {200}


def test_a_forged_forwarded_for_header_does_not_buy_more_requests(api_client, low_limits):
    statuses = [
        api_client.get("/api/v1/places/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
