"""Settings come from the environment and refuse to start half-configured; CORS lets any origin
read the API, without credentials, and nothing else."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    """Import the settings in a fresh interpreter with exactly ``env``; return the process."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import claimtracker.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "claims.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
    ids=["secret key", "allowed hosts"],
)
def test_production_without_a_required_setting_stops_and_says_what_to_set(env, missing):
    result = start(**env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_debug_runs_with_no_configuration_on_sqlite():
    result = start(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import claimtracker.settings as s; d = s.DATABASES['default']; "
            "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "600", "True"]


def test_redis_url_switches_the_shared_cache_to_redis():
    result = start(DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split()[1] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_refused(value):
    result = start(DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_static_files_collect_with_hashed_names_as_in_production(tmp_path):
    """collectstatic with the manifest storage production uses: every reference resolves."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DJANGO_SETTINGS_MODULE": "claimtracker.settings",
    }
    code = (
        "import django, sys; from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; "
        "from django.core.management import call_command; django.setup(); "
        "call_command('collectstatic', '--no-input', '-v0')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def settings_with(expression: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import claimtracker.settings as s; print({expression})"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
    )


def test_replica_urls_become_read_only_aliases_with_a_short_connect_timeout():
    result = settings_with(
        "s.DATABASE_REPLICAS, s.DATABASES['replica_2']['PORT'], "
        "s.DATABASES['replica_2']['OPTIONS']['connect_timeout'], s.DATABASE_ROUTERS",
        DATABASE_URL="postgres://u@127.0.0.1:5432/db",
        DATABASE_REPLICA_URLS="postgres://u@10.0.0.2:5432/db, postgres://u@10.0.0.3:6432/db",
    )
    assert result.stdout.strip() == (
        "['replica_1', 'replica_2'] 6432 2 ['claims.replicas.ReplicaRouter']"
    )


def test_postgresql_prepares_repeated_statements_unless_a_pooler_forbids_it():
    expression = (
        "[(a, d['OPTIONS'].get('server_side_binding'), d['OPTIONS'].get('prepare_threshold'))"
        " for a, d in s.DATABASES.items()]"
    )
    urls = {
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
        "DATABASE_REPLICA_URLS": "postgres://u@10.0.0.2:5432/db",
    }
    assert settings_with(expression, **urls).stdout.strip() == (
        "[('default', True, 5), ('replica_1', True, 5)]"
    )
    off = settings_with(expression, **urls, DATABASE_PREPARED_STATEMENTS="false")
    assert off.stdout.strip() == "[('default', None, None), ('replica_1', None, None)]"


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        (
            {"DATABASE_URL": "", "DATABASE_REPLICA_URLS": "postgres://u@10.0.0.2:5432/db"},
            "DATABASE_REPLICA_URLS needs DATABASE_URL to name PostgreSQL",
        ),
        (
            {"REPLICA_MAX_LAG_SECONDS": "10", "READ_YOUR_WRITES_SECONDS": "10"},
            "READ_YOUR_WRITES_SECONDS must exceed REPLICA_MAX_LAG_SECONDS",
        ),
    ],
    ids=["replicas need postgresql", "reading ones writes must outlast the replica lag"],
)
def test_replica_settings_that_cannot_work_stop_the_start_and_say_why(env, refusal):
    result = settings_with("s.DATABASE_REPLICAS", **env)
    assert result.returncode != 0
    assert refusal in result.stderr


@pytest.mark.django_db
class TestCors:
    def test_public_reads_answer_any_origin_without_credentials(self, client, demo_data):
        response = client.get("/api/v1/claims/", HTTP_ORIGIN="https://dashboard.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_allows_reads_only(self, client):
        response = client.options(
            "/api/v1/claims/",
            HTTP_ORIGIN="https://dashboard.example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        allowed = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        assert allowed == {"GET", "HEAD", "OPTIONS"}

    def test_pages_do_not_answer_cors(self, client, demo_data):
        response = client.get("/claims/", HTTP_ORIGIN="https://dashboard.example.org")
        assert "Access-Control-Allow-Origin" not in response
