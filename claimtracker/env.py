"""Reading the environment for claimtracker/settings.py: typed readers that refuse a bad value
with the variable's name, and builders that turn the values read into Django's settings shapes.

Only settings.py reads variables (every one it reads is documented in README.md); the builders
here take values, never names, so that the one entry point lists the whole configuration.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_rate(name: str, default: str) -> str:
    """A rate limit such as "600/minute" (per second, minute, hour or day); empty turns it off."""
    raw = env_str(name, default)
    if raw and not re.fullmatch(r"[0-9]{1,9}/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise ImproperlyConfigured(f"{name} must be like 600/minute, or empty, not {raw!r}.")
    return raw


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = env_str(name)
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


# Parameters sent apart from the SQL (server-side binding) let psycopg prepare a statement it has
# run five times on a connection, and PostgreSQL then skips planning it: the pages' and the
# API's joins took longer to plan (up to 2 ms each) than to run. Django leaves both off, for
# poolers that cannot keep a prepared statement across transactions (PgBouncer's transaction
# mode before 1.21). A statement then takes at most 65,535 parameters: reads of more ids than
# that go in parts (pictures.IDS_PER_QUERY), bulk inserts in batches.
PREPARED_STATEMENTS = {"server_side_binding": True, "prepare_threshold": 5}


def primary_database(
    url: str,
    *,
    conn_max_age: int,
    connect_timeout: int,
    statement_timeout: int,
    lock_timeout: int,
    prepared_statements: bool,
    var_dir: Path,
) -> dict:
    """The default database: ``url`` if given, else an SQLite file under ``var_dir``, so the app
    runs anywhere with no setup."""
    if url:
        database = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        if database["ENGINE"] == POSTGRESQL:
            options = database.setdefault("OPTIONS", {})
            options.setdefault("connect_timeout", connect_timeout)
            if prepared_statements:
                options.update(PREPARED_STATEMENTS)
            if statement_timeout:
                # Sent when the connection opens: no query per request.
                options["options"] = (
                    f"{options.get('options', '')} -c statement_timeout={statement_timeout * 1000}"
                ).strip()
        return database
    var_dir.mkdir(exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": var_dir / "claimtracker.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
            # failing with "database is locked" halfway through, and change timestamps are
            # taken in commit order (the sync cursor relies on that).
            "transaction_mode": "IMMEDIATE",
            "timeout": lock_timeout,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def replica_database(url: str, *, primary: dict, conn_max_age: int) -> dict:
    """A streaming replica of ``primary``, read by anonymous readers (claims/replicas.py)."""
    database = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    # A dead replica host must cost a reader seconds, not the operating system's minutes; a
    # slow statement is cut off as on the primary.
    options = database.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", 2)
    options.update(
        {key: primary["OPTIONS"][key] for key in PREPARED_STATEMENTS if key in primary["OPTIONS"]}
    )
    if primary["OPTIONS"].get("options"):
        options.setdefault("options", primary["OPTIONS"]["options"])
    database["TEST"] = {"MIRROR": "default"}
    return database


def cache(redis_url: str, *, timeout: int) -> dict:
    """Redis when ``redis_url`` is set, else the database cache: either is shared by every
    server process, as throttling, login lockout and page fragments need."""
    if redis_url:
        backend, location = "django.core.cache.backends.redis.RedisCache", redis_url
    else:
        backend, location = "django.core.cache.backends.db.DatabaseCache", "claimtracker_cache"
    return {
        "BACKEND": backend,
        "LOCATION": location,
        "KEY_PREFIX": "claimtracker",
        "TIMEOUT": timeout,
    }
