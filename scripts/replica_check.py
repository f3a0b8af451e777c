"""make replica: reads on a streaming replica, the replica killed mid-load, in one line.

Builds a throwaway primary (as scripts/reliability/ does) and a streaming replica of it
(`pg_basebackup -R`, both on free ports), serves the app under gunicorn with DATABASE_URL on the
primary and DATABASE_REPLICA_URLS on the replica, then for --duration seconds:

- anonymous readers fetch pages, API answers and downloads (each answer's Server-Timing header
  says whether the replica or the primary served it);
- writers post a claim with their token and at once read it back through the app: a 404 or a
  different claim is a read-your-writes violation;
- halfway through, the replica is stopped with `pg_ctl stop -m immediate`, as a crash would.

It passes when readers saw no error (no 5xx, no dropped connection, no cut-off download),
writers saw their every write, and the replica served reads, downloads among them, before it
was killed.

    .venv/bin/python scripts/replica_check.py [--duration 30] [--record]

Exit status: 0 passed, 1 failed, 2 could not run. `--record` rewrites the replica part of
docs/reliability.md.
"""

import argparse
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reliability.common import (
    CLAIMS_API,
    EXIT_CANNOT_RUN,
    EXIT_FAILED,
    EXIT_PASSED,
    REPORT,
    CannotRun,
    Cluster,
    fetch,
    say,
    serving_site,
)
from reliability.fault import claim_payload
from reliability.report import commit, machine

READ_PATHS = (
    "/places/soledar/",
    "/claims/",
    "/api/v1/claims/?place=soledar",
    "/api/v1/places/soledar/",
    "/api/v1/claims/",
    # Downloads stream after the middleware has returned: their reads must still go where the
    # request was sent, and a replica killed before their first byte must cost them nothing.
    "/export/claims.csv?place=soledar",
    "/export/claims.jsonl",
)
EXPORTS = "/export/"
READERS, WRITERS = 3, 1
REPORT_START = "<!-- replica:start -->"
REPORT_END = "<!-- replica:end -->"


class Replica(Cluster):
    """A streaming standby of ``primary``, made by copying it with pg_basebackup."""

    def __init__(self, primary: Cluster):
        super().__init__()
        self.primary = primary

    def start(self) -> None:
        self._run(
            "pg_basebackup",
            "--host=127.0.0.1",
            f"--port={self.primary.port}",
            "--username=postgres",
            f"--pgdata={self.data}",
            "--write-recovery-conf",
            "--wal-method=stream",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nunix_socket_directories = '{self.home}'\n")
        self._pg_ctl("start")

    def crash(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")


@dataclass
class Tally:
    served_by: Counter = field(default_factory=Counter)  # "replica" / "primary" → reads
    downloads_by_replica: int = 0
    errors: Counter = field(default_factory=Counter)  # what went wrong → how often
    writes: int = 0
    violations: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, path: str, reply, before_crash: bool) -> None:
        with self.lock:
            if reply.status != 200:
                self.errors[f"read {reply.status or reply.error}"] += 1
                return
            timing = reply.headers.get("Server-Timing", "")
            role = "replica" if "replica" in timing else "primary"
            self.served_by[(role, "before" if before_crash else "after")] += 1
            if role == "replica" and path.startswith(EXPORTS):
                self.downloads_by_replica += 1


def read_forever(base: str, tally: Tally, stop: threading.Event, crashed: threading.Event):
    while not stop.is_set():
        for path in READ_PATHS:
            tally.read(path, fetch("GET", base + path), not crashed.is_set())


def write_forever(base: str, token: str, tally: Tally, stop: threading.Event):
    while not stop.is_set():
        marker = uuid.uuid4().hex
        created = fetch(
            "POST",
            base + CLAIMS_API,
            token=token,
            payload=claim_payload(marker),
            headers={"Idempotency-Key": marker},
        )
        if created.status != 201:
            with tally.lock:
                tally.errors[f"write {created.status or created.error}"] += 1
            continue
        claim_id = created.json()["id"]
        again = fetch("GET", f"{base}{CLAIMS_API}{claim_id}/", token=token)
        with tally.lock:
            tally.writes += 1
            if again.status != 200 or marker not in again.json().get("summary", ""):
                tally.violations += 1


def check(duration: float) -> tuple[str, bool]:
    replicas = []

    def start_replica(stack: ExitStack, primary: Cluster, env: dict) -> None:
        replica = Replica(primary)
        stack.callback(replica.destroy)
        say(f"replica: streaming replica on port {replica.port}")
        replica.start()
        env["DATABASE_REPLICA_URLS"] = replica.url
        replicas.append(replica)

    with serving_site("replica", workers=2, before_serving=start_replica) as site:
        tally, stop, crashed = Tally(), threading.Event(), threading.Event()
        threads = [
            threading.Thread(target=read_forever, args=(site.base, tally, stop, crashed))
            for _ in range(READERS)
        ] + [
            threading.Thread(target=write_forever, args=(site.base, site.token, tally, stop))
            for _ in range(WRITERS)
        ]
        say(f"replica: {READERS} readers and {WRITERS} writer for {duration:.0f} s")
        for thread in threads:
            thread.start()
        time.sleep(duration / 2)
        say("replica: stopping the replica as a crash would (pg_ctl stop -m immediate)")
        replicas[0].crash()
        crashed.set()
        time.sleep(duration / 2)
        stop.set()
        for thread in threads:
            thread.join()

    by_replica = tally.served_by[("replica", "before")]
    reads = sum(tally.served_by.values())
    errors = sum(tally.errors.values())
    passed = (
        by_replica > 0
        and tally.downloads_by_replica > 0
        and errors == 0
        and tally.violations == 0
        and tally.writes > 0
    )
    detail = ", ".join(f"{count} {kind}" for kind, count in sorted(tally.errors.items()))
    line = (
        f"replica: {'PASSED' if passed else 'FAILED'}: {reads} reads, {by_replica} served by the "
        f"replica before it was killed ({tally.downloads_by_replica} of them downloads), "
        f"{tally.served_by[('primary', 'before')]} by the primary "
        f"before and {tally.served_by[('primary', 'after')]} after; {errors} errors"
        f"{f' ({detail})' if detail else ''}; {tally.writes} writes read back, "
        f"{tally.violations} read-your-writes violations"
    )
    return line, passed


def record(line: str) -> None:
    section = "\n".join(
        [
            REPORT_START,
            f"`make replica` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}, "
            f"{machine()}:",
            "",
            "    " + line,
            REPORT_END,
        ]
    )
    text = REPORT.read_text()
    start, end = text.find(REPORT_START), text.find(REPORT_END)
    if start == -1 or end == -1:
        text = text.rstrip() + "\n\n## Reads on a replica\n\n" + section + "\n"
    else:
        text = text[:start] + section + text[end + len(REPORT_END) :]
    REPORT.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--record", action="store_true")
    options = parser.parse_args()
    try:
        line, passed = check(options.duration)
    except CannotRun as failure:
        print(f"replica: could not run: {failure}")
        return EXIT_CANNOT_RUN
    print(line)
    if options.record:
        record(line)
    return EXIT_PASSED if passed else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
