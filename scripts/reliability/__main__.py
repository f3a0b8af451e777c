"""Reliability checks: throughput under load, a database restart under load, racing writers,
slow clients, writers during a big import.

Each check builds its own world: a throwaway PostgreSQL cluster on a free port, the app migrated
and loaded with the demo data, an editor with an API token, and gunicorn with production
settings. It runs, prints one summary line, and tears everything down, also on Ctrl-C or failure.
Progress goes to stderr; gunicorn's log is kept in var/reliability/. One module per check
(load, fault, concurrency, slow, imports), what they share in common.py.

    make load          # PYTHONPATH=scripts .venv/bin/python -m reliability load [--duration 60]
    make fault
    make concurrency
    make slow          # needs nginx (scripts/slow_clients.py)
    make import        # [--rows 50000] in RELIABILITY_ARGS
    make reliability   # every check, then rewrites docs/reliability.md

Exit status: 0 when every check passed, 1 when one failed, 2 when one could not run.
"""

import argparse

from reliability.checks import CHECKS, run_check
from reliability.common import (
    EXIT_CANNOT_RUN,
    EXIT_FAILED,
    EXIT_PASSED,
    REPORT,
    ROOT,
    run_main,
    say,
)
from reliability.imports import IMPORT_ROWS
from reliability.report import write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reliability", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("check", choices=[*CHECKS, "all"])
    parser.add_argument("--duration", type=int, default=60, help="seconds of wrk per URL (load)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (load)")
    parser.add_argument("--rounds", type=int, default=5, help="races to run (concurrency)")
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="rows to import (import)")
    options = parser.parse_args(argv)
    names = list(CHECKS) if options.check == "all" else [options.check]
    outcomes = {}
    for name in names:
        outcomes[name] = run_check(CHECKS[name], options)
        print(outcomes[name].line, flush=True)
    if options.check == "all":
        write_report(outcomes, options)
        say(f"Results written to {REPORT.relative_to(ROOT)}")
    if not all(outcome.ran for outcome in outcomes.values()):
        return EXIT_CANNOT_RUN
    return EXIT_PASSED if all(outcome.passed for outcome in outcomes.values()) else EXIT_FAILED


if __name__ == "__main__":
    run_main(main)
