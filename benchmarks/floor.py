"""The floor: the least a Python WSGI app can do to answer with the same data.

Each route replays, with psycopg, the SQL that ClaimTracker ran for one request (captured by
``benchmarks.probe``) and returns every row as JSON through orjson. It runs under the same
gunicorn settings as the app, so the gap between the two is what the framework and the app's
own code cost. Routes come from the JSON file named by ``BENCH_FLOOR_ROUTES``:
``{"/path": ["SELECT …", …]}``.
"""

import json
import os
import threading
from decimal import Decimal
from pathlib import Path

import orjson
import psycopg
from psycopg.rows import dict_row

ROUTES: dict[str, list[str]] = json.loads(Path(os.environ["BENCH_FLOOR_ROUTES"]).read_text())
DATABASE_URL = os.environ["DATABASE_URL"]
_local = threading.local()


def _connection() -> psycopg.Connection:
    """One connection per worker thread, kept open (as the app's CONN_MAX_AGE does)."""
    if getattr(_local, "connection", None) is None:
        _local.connection = psycopg.connect(DATABASE_URL, autocommit=True, row_factory=dict_row)
    return _local.connection


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def application(environ, start_response):
    statements = ROUTES.get(environ["PATH_INFO"])
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such route"]
    results = []
    with _connection().cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            if cursor.description is not None:
                results.append(cursor.fetchall())
    body = orjson.dumps({"results": results}, default=_number, option=orjson.OPT_UTC_Z)
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
