"""Every check by name, with the explanation docs/reliability.md prints under its result."""

from collections.abc import Callable
from dataclasses import dataclass

import slow_clients  # scripts/, beside this package

from reliability.common import WORKERS, CannotRun, Outcome
from reliability.concurrency import RACERS, check_concurrency
from reliability.fault import FAULT_READERS, FAULT_WRITERS, check_fault
from reliability.imports import (
    IMPORT_ROWS,
    IMPORT_WRITERS,
    WRITE_WAIT_LIMIT_S,
    WRITERS_ALONE_S,
    check_import,
)
from reliability.load import check_load
from reliability.slow import check_slow


@dataclass
class Check:
    name: str
    run: Callable
    explanation: str


CHECKS = {
    check.name: check
    for check in (
        Check(
            "load",
            check_load,
            "`wrk` against the place page (`/places/soledar/`) and the claims API "
            "(`/api/v1/claims/`, 50 rows), with the demo data plus 200 synthetic places and 5,000 "
            "claims, gunicorn with the production defaults and throttling raised out of the way. "
            "Errors are socket errors plus answers other than 2xx/3xx; any error fails the check.",
        ),
        Check(
            "fault",
            check_fault,
            f"{FAULT_WRITERS} writers post claims and {FAULT_READERS} readers fetch pages and the "
            "API while the check's own PostgreSQL cluster is restarted with "
            "`pg_ctl restart -m fast`. Each write carries an `Idempotency-Key` and is retried "
            "with the same key until it gets a 201. A 503 with `Retry-After` (JSON under /api/) "
            "during the outage is expected; anything else is not. Afterwards every acknowledged "
            "write must be in the database exactly once. Recovery time runs from the restart to "
            "the first successful read and write after it, with no restart of the app.",
        ),
        Check(
            "concurrency",
            check_concurrency,
            f"{RACERS} API clients behind a barrier post a verification to the same claim from "
            f"the same version, in several rounds: exactly one 201 and {RACERS - 1} × 409 each "
            "time, each 409 showing the winner's change; the claim's version goes up by exactly "
            "one per round, and the API's history, the verification rows and the claim's history "
            "rows agree.",
        ),
        Check(
            "slow",
            check_slow,
            f"Half-sent requests (headers cut off, or a body announced and never sent), "
            f"{slow_clients.ATTACKERS} kept open and replaced as the server drops them, against "
            f"gunicorn's {WORKERS} sync workers; /healthz is asked meanwhile, straight to "
            "gunicorn and through nginx with `deploy/nginx.conf` on a free port (five times as "
            "many half-sent requests there, for longer than nginx's 10 s header timeout). "
            "Passes when every /healthz through nginx answers within "
            f"{slow_clients.PATIENCE:.0f} s with no server error; the direct figure shows why "
            "the proxy is needed.",
        ),
        Check(
            "import",
            check_import,
            f"`manage.py import_claims` of a {IMPORT_ROWS:,}-row file "
            "(`claims.synthetic.claims_csv`: 200 new places, 20 spokespeople, a source per row, "
            f"a verdict on one row in ten) while {IMPORT_WRITERS} API clients keep posting claims, "
            "each about a town of its own (each with an `Idempotency-Key`, retried until a "
            "201), after the same writers ran for "
            f"{WRITERS_ALONE_S} s with no import, for comparison. Passes when the import "
            f"creates every row, no write took {WRITE_WAIT_LIMIT_S} s or more (the lock timeout "
            "answers 503 after 5 s), none got a 5xx other than a 503 with Retry-After (then "
            "retried), and every acknowledged write is on file.",
        ),
    )
}


def run_check(check: Check, options) -> Outcome:
    try:
        return check.run(options)
    except CannotRun as reason:
        return Outcome(f"{check.name}: could not run: {reason}", passed=False, ran=False)
