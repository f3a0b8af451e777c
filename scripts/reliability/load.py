"""The load check: `wrk` against the place page and the claims API, with the demo data plus
synthetic places and claims."""

import os
import re
import shutil
from dataclasses import dataclass

from reliability.common import (
    CLAIMS_API,
    PLACE_PAGE,
    WORKERS,
    CannotRun,
    Outcome,
    fetch,
    run,
    say,
    serving_site,
)


@dataclass
class WrkResult:
    requests_per_second: float
    p99_ms: float
    errors: int

    def describe(self) -> str:
        return f"{self.requests_per_second:.0f} req/s p99 {self.p99_ms:.0f} ms {self.errors} errors"


WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def find_wrk() -> str:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() != 0:
        raise CannotRun("wrk is not installed: run `sudo apt-get install wrk`, then again.")
    say("load: installing wrk with apt-get")
    try:
        run(["apt-get", "install", "-y", "-q", "wrk"])
    except CannotRun:
        run(["apt-get", "update", "-q"])
        run(["apt-get", "install", "-y", "-q", "wrk"])
    if not shutil.which("wrk"):
        raise CannotRun("apt-get installed wrk, but it is not on PATH.")
    return shutil.which("wrk")


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, 99th percentile latency and errors (socket errors + non-2xx/3xx answers)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p99 = re.search(r"^\s+99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)$", output, re.M)
    if not rate or not p99:
        raise CannotRun(f"Could not read wrk's output:\n{output}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(map(int, sockets.groups())) if sockets else 0
    errors += int(non_ok.group(1)) if non_ok else 0
    return WrkResult(float(rate.group(1)), float(p99.group(1)) * WRK_UNITS_MS[p99.group(2)], errors)


def wrk(program: str, url: str, *, seconds: int, connections: int) -> WrkResult:
    # wrk counts a 3xx as a success: make sure the URL answers the page itself.
    probe = fetch("GET", url)
    if probe.status != 200:
        raise CannotRun(f"{url} answered {probe.status or probe.error}, not 200.")
    threads = min(connections, os.cpu_count() or 1)
    output = run(
        [
            program,
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            "--latency",
            url,
        ]
    )
    return parse_wrk(output)


def check_load(options) -> Outcome:
    program = find_wrk()
    with serving_site("load", synthetic=True) as site:
        results = {}
        for label, path in (("place page", PLACE_PAGE), ("claims API", CLAIMS_API)):
            say(f"load: {label} {path} for {options.duration} s")
            results[label] = wrk(
                program, site.base + path, seconds=options.duration, connections=options.connections
            )
    measured = "; ".join(f"{label} {result.describe()}" for label, result in results.items())
    setting = f"{options.duration} s each, {options.connections} connections, {WORKERS} workers"
    return Outcome(
        f"load: {measured} ({setting})", passed=all(r.errors == 0 for r in results.values())
    )
