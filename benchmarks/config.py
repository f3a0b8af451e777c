"""Where the benchmark runs, and the production-like environment every process it starts gets."""

import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
# A Redis database of its own: the bench flushes it, so it must hold nothing else.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# The 200,000-claim database; another name benchmarks a copy (a branch whose migrations must
# not touch the shared one). A copy made with `createdb -T` needs the original's comment too,
# or it is generated again (benchmarks.dataset).
MAIN_DATABASE = os.environ.get("BENCH_DATABASE", "claimtracker_bench")
HOST = "127.0.0.1"
# Throttling would answer 429 within a second of load; the bench measures serving, not limits.
UNLIMITED = "100000000/minute"
SECRET_KEY = secrets.token_urlsafe(50)


def database_url(name: str) -> str:
    return f"{POSTGRES}/{name}"


def production_env(database_url: str, **overrides: str) -> dict[str, str]:
    """Production settings (claimtracker/settings.py with DEBUG off), local and unthrottled."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECURE_SSL_REDIRECT": "false",  # nothing terminates TLS here
        "API_THROTTLE_ANON": UNLIMITED,
        "API_THROTTLE_USER": UNLIMITED,
        "PAGE_THROTTLE": UNLIMITED,
        "DJANGO_SETTINGS_MODULE": "claimtracker.settings",
    }
    env.update(overrides)
    return env


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
