"""Reliability checks: throughput under load, a database restart under load, racing writers,
slow clients, writers during a big import.

Each check builds its own world: a throwaway PostgreSQL cluster on a free port, the app migrated
and loaded with the demo data, an editor with an API token, and gunicorn with production
settings. It runs, prints one summary line, and tears everything down, also on Ctrl-C or failure.
Progress goes to stderr; gunicorn's log is kept in var/reliability/.

    .venv/bin/python scripts/reliability.py load [--duration 60]
    .venv/bin/python scripts/reliability.py fault
    .venv/bin/python scripts/reliability.py concurrency
    .venv/bin/python scripts/reliability.py slow   # needs nginx (scripts/slow_clients.py)
    .venv/bin/python scripts/reliability.py import [--rows 50000]
    .venv/bin/python scripts/reliability.py all    # every check, then rewrites docs/reliability.md

Exit status: 0 when every check passed, 1 when one failed, 2 when one could not run.
"""

import argparse
import http.client
import json
import os
import platform
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path

import psycopg
import slow_clients  # scripts/, beside this file

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LOG_DIR = ROOT / "var" / "reliability"
REPORT = ROOT / "docs" / "reliability.md"
REPORT_START = "<!-- reliability:start -->"
REPORT_END = "<!-- reliability:end -->"

DATABASE = "claimtracker"
EDITOR = "reliability-bot"
# Throttling is tested elsewhere; here it would only turn load into 429s.
UNTHROTTLED = "100000000/minute"
# gunicorn.conf.py's default: one sync worker per core of the 2-core machines it was tuned on.
WORKERS = 2
PLACE_PAGE = "/places/soledar/"
CLAIMS_API = "/api/v1/claims/"

EXIT_PASSED, EXIT_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(Exception):
    """The check could not be set up (a missing tool, a server that would not start)."""


@dataclass
class Outcome:
    line: str
    passed: bool
    ran: bool = True


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list, **kwargs) -> str:
    """Run a command to completion and return its output; CannotRun with its error otherwise."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()[-2000:]
        raise CannotRun(f"{shlex.join(map(str, command))} failed:\n{output}")
    return result.stdout


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    installed = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()),
        key=lambda path: int(path.parent.name),
    )
    if installed:
        return installed[-1]
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).parent
    raise CannotRun(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found: install PostgreSQL, or "
        "set PG_BIN to the directory that holds them."
    )


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free local port.

    PostgreSQL refuses to run as root, so under root it runs as the `postgres` account.
    """

    def __init__(self):
        self.bin = postgres_bin()
        self.account = None
        if os.geteuid() == 0:
            try:
                self.account = pwd.getpwnam("postgres").pw_name
            except KeyError:
                raise CannotRun("As root, PostgreSQL needs a `postgres` account to run.") from None
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="claimtracker-pg-"))
        if self.account:
            shutil.chown(self.home, user=self.account)
        self.data = self.home / "data"
        self.server = f"postgres://postgres@127.0.0.1:{self.port}"
        self.url = f"{self.server}/{DATABASE}"

    def start(self) -> None:
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.home}'\n"
            )
        self._pg_ctl("start")
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")

    def restart(self) -> None:
        """A fast restart: open transactions are cut off, as in a failover or an upgrade."""
        self._pg_ctl("restart", "-m", "fast")

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg_ctl("stop", "-m", "fast")
        except CannotRun as failure:
            say(f"Could not stop PostgreSQL in {self.home}: {failure}")
        shutil.rmtree(self.home, ignore_errors=True)

    def _pg_ctl(self, action: str, *options) -> None:
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.home / "postgresql.log", "-w", *options, action
        )

    def _run(self, program: str, *arguments) -> None:
        command = [str(self.bin / program), *map(str, arguments)]
        if self.account:
            command = ["runuser", "-u", self.account, "--", *command]
        run(command, cwd=self.home)


# --- The app under gunicorn -----------------------------------------------------------------


@dataclass
class Site:
    base: str
    token: str
    cluster: Cluster
    log: Path


def app_environment(database_url: str, port: int, workers: int, threads: int) -> dict:
    env = dict(os.environ)
    # Nothing from the caller's shell may change what is checked: other settings, or a Redis
    # cache (with its cached fragments) shared with another instance.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="600",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        WEB_THREADS=str(threads),
        API_THROTTLE_ANON=UNTHROTTLED,
        API_THROTTLE_USER=UNTHROTTLED,
        CLAIMTRACKER_EDITOR_PASSWORD=secrets.token_urlsafe(24),
    )
    return env


def manage(env: dict, *arguments: str) -> str:
    return run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env)


def prepare_database(env: dict, *, synthetic: bool) -> str:
    """Migrate, load data, create the editor; returns the editor's API token."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    if synthetic:
        manage(env, "generate_synthetic", "--places", "200", "--claims", "5000")
    manage(env, "create_editor", EDITOR)
    return manage(env, "api_token", "create", EDITOR).strip()


@contextmanager
def gunicorn(env: dict, log: Path) -> Iterator[subprocess.Popen]:
    program = VENV_BIN / "gunicorn"
    if not program.exists():
        raise CannotRun(f"{program} is missing: run this script with .venv/bin/python.")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(program), "-c", "gunicorn.conf.py", "claimtracker.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_ready(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CannotRun(f"gunicorn exited at start:\n{log.read_text()[-2000:]}")
        if fetch("GET", base + "/readyz", timeout=2).status == 200:
            return
        time.sleep(0.2)
    raise CannotRun(f"gunicorn was not ready after {timeout:.0f} s; see {log}")


@contextmanager
def serving_site(
    name: str, *, synthetic: bool = False, workers: int = WORKERS, threads: int = 1
) -> Iterator[Site]:
    """PostgreSQL, data and gunicorn for one check; all stopped and removed afterwards."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        cluster = Cluster()
        stack.callback(cluster.destroy)
        say(f"{name}: PostgreSQL on port {cluster.port} in {cluster.home}")
        cluster.start()
        port = free_port()
        env = app_environment(cluster.url, port, workers, threads)
        say(f"{name}: migrating and loading data")
        token = prepare_database(env, synthetic=synthetic)
        log = LOG_DIR / f"{name}-gunicorn.log"
        server = stack.enter_context(gunicorn(env, log))
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, server, log)
        say(f"{name}: gunicorn ({workers} workers × {threads} threads) on {base}, log in {log}")
        yield Site(base=base, token=token, cluster=cluster, log=log)


def first_server_error(log: Path, lines: int = 80) -> str:
    """The start of the first 500 Django logged, with its traceback ("" if none).

    Django logs a 503 for a database fault as "Service Unavailable", so it is not picked up.
    """
    logged = log.read_text(errors="replace").splitlines()
    for index, line in enumerate(logged):
        if line.startswith("Internal Server Error:"):
            return "\n".join(logged[index : index + lines])
    return ""


# --- HTTP -----------------------------------------------------------------------------------

# Bypass any proxy from the environment: every request here is to the local server.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Reply:
    status: int  # 0: no HTTP answer (refused, reset, timed out); see `error`
    headers: Message  # case-insensitive
    body: bytes
    started: float
    ended: float
    error: str = ""

    def json(self):
        return json.loads(self.body)


def fetch(
    method: str, url: str, *, token: str = "", payload=None, headers=None, timeout: float = 15
) -> Reply:
    request = urllib.request.Request(url, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Token {token}")
    if payload is not None:
        request.data = json.dumps(payload).encode()
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Reply(
                response.status, response.headers, response.read(), started, time.monotonic()
            )
    except urllib.error.HTTPError as answer:
        return Reply(answer.code, answer.headers, answer.read(), started, time.monotonic())
    except (OSError, http.client.HTTPException) as failure:
        return Reply(0, Message(), b"", started, time.monotonic(), error=type(failure).__name__)


# --- load -----------------------------------------------------------------------------------


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


# --- fault ----------------------------------------------------------------------------------

FAULT_WRITERS, FAULT_READERS = 4, 4
LOAD_BEFORE_RESTART_S, LOAD_AFTER_RECOVERY_S, RECOVERY_LIMIT_S = 5, 5, 60
# How long a writer keeps retrying one logical write before giving up on it.
WRITE_GIVE_UP_S = 60
RETRY_PAUSE_S = 0.2
MARKER_PREFIX = "Reliability check write "
READ_PATHS = (
    PLACE_PAGE,
    "/claims/",
    "/",
    "/api/v1/claims/?place=soledar",
    "/api/v1/places/soledar/",
)


@dataclass
class Exchange:
    kind: str  # "read" or "write"
    method: str
    path: str
    reply: Reply

    @property
    def succeeded(self) -> bool:
        return self.reply.status == (201 if self.kind == "write" else 200)

    def overlaps(self, start: float, end: float) -> bool:
        return self.reply.ended >= start and self.reply.started <= end


@dataclass
class Journal:
    """What the clients saw, shared by their threads."""

    exchanges: list[Exchange] = field(default_factory=list)
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker → claim id from the 201
    retried: int = 0  # writes acknowledged only after a failed attempt
    replayed: int = 0  # of those, writes whose first attempt had committed after all
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, exchange: Exchange) -> None:
        with self.lock:
            self.exchanges.append(exchange)

    def acknowledge(self, marker: str, reply: Reply, *, attempts: int) -> None:
        with self.lock:
            self.acknowledged[marker] = reply.json()["id"]
            self.retried += attempts > 1
            self.replayed += reply.headers.get("Idempotent-Replayed") == "true"

    def snapshot(self) -> list[Exchange]:
        with self.lock:
            return list(self.exchanges)


def claim_payload(marker: str, place: str = "bakhmut") -> dict:
    return {
        "place": place,
        "claimant": "serhii-cherevaty",
        "verb": "holds",
        "side": "ukraine",
        "stated_at": "2023-01-14T10:00:00+02:00",
        "summary": MARKER_PREFIX + marker,
        # Every write repeats the same claimant, place and day; they are not accidental repeats.
        "allow_duplicate": True,
    }


def write_claim(site: Site, journal: Journal, place: str = "bakhmut") -> None:
    """One logical write: retried under the same Idempotency-Key until a 201 or give-up time,
    so a write whose acknowledgement was lost is not recorded twice."""
    marker = uuid.uuid4().hex
    headers = {"Idempotency-Key": marker}
    give_up = time.monotonic() + WRITE_GIVE_UP_S
    attempts = 0
    while time.monotonic() < give_up:
        attempts += 1
        reply = fetch(
            "POST",
            site.base + CLAIMS_API,
            token=site.token,
            payload=claim_payload(marker, place),
            headers=headers,
        )
        journal.record(Exchange("write", "POST", CLAIMS_API, reply))
        if reply.status == 201:
            journal.acknowledge(marker, reply, attempts=attempts)
            return
        if 0 < reply.status < 500:
            return  # refused, not failed: sending it again would be refused again
        time.sleep(RETRY_PAUSE_S)


def keep_writing(
    site: Site, journal: Journal, stop: threading.Event, place: str = "bakhmut"
) -> None:
    while not stop.is_set():
        write_claim(site, journal, place)


def keep_reading(site: Site, journal: Journal, stop: threading.Event) -> None:
    while not stop.is_set():
        for path in READ_PATHS:
            journal.record(Exchange("read", "GET", path, fetch("GET", site.base + path)))


@dataclass
class Restart:
    started: float  # pg_ctl restart was run
    returned: float  # pg_ctl returned: the new server accepts connections
    recovered: float | None = None  # reads and writes succeed again


def recovered_at(exchanges: list[Exchange], restart: Restart) -> float | None:
    """When reads and writes both succeeded again after the restart; None if not yet.

    Only requests started once the outage was visible count (after the first failure, or after
    pg_ctl returned if no request failed), so one served just before the shutdown does not.
    """
    failures = [
        e.reply.ended for e in exchanges if e.reply.started >= restart.started and not e.succeeded
    ]
    outage_seen = min(failures, default=restart.returned)
    first_success = {}
    for exchange in exchanges:
        if exchange.succeeded and exchange.reply.started >= outage_seen:
            ended = exchange.reply.ended
            first_success[exchange.kind] = min(first_success.get(exchange.kind, ended), ended)
    return max(first_success.values()) if len(first_success) == 2 else None


def is_clean_unavailable(exchange: Exchange) -> bool:
    """A 503 as promised: Retry-After, and JSON under /api/ (a short page elsewhere)."""
    reply = exchange.reply
    if reply.status != 503 or "Retry-After" not in reply.headers:
        return False
    is_json = reply.headers.get("Content-Type", "").startswith("application/json")
    return is_json == exchange.path.startswith("/api/") and b"Traceback" not in reply.body


def classify_failures(
    exchanges: list[Exchange], outage: tuple[float, float]
) -> tuple[int, Counter]:
    """Expected 503s during the outage, and a count of everything else that failed."""
    expected, unexpected = 0, Counter()
    for exchange in exchanges:
        if exchange.succeeded:
            continue
        if is_clean_unavailable(exchange) and exchange.overlaps(*outage):
            expected += 1
        else:
            answer = exchange.reply.status or exchange.reply.error
            unexpected[f"{answer} {exchange.method} {exchange.path.split('?')[0]}"] += 1
    return expected, unexpected


def stored_writes(database_url: str) -> dict[str, list[int]]:
    """Claim ids in the database for each marker the writers used."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT id, summary FROM claims_claim WHERE summary LIKE %s",
            [MARKER_PREFIX + "%"],
        ).fetchall()
    stored: dict[str, list[int]] = {}
    for claim_id, summary in rows:
        stored.setdefault(summary.removeprefix(MARKER_PREFIX), []).append(claim_id)
    return stored


def start_clients(site: Site, journal: Journal, stop: threading.Event) -> list[threading.Thread]:
    clients = [
        threading.Thread(target=keep_writing, args=(site, journal, stop), daemon=True)
        for _ in range(FAULT_WRITERS)
    ] + [
        threading.Thread(target=keep_reading, args=(site, journal, stop), daemon=True)
        for _ in range(FAULT_READERS)
    ]
    for client in clients:
        client.start()
    return clients


def wait_for_recovery(journal: Journal, restart: Restart) -> float | None:
    while time.monotonic() < restart.started + RECOVERY_LIMIT_S:
        recovered = recovered_at(journal.snapshot(), restart)
        if recovered is not None:
            return recovered
        time.sleep(0.1)
    return None


def restart_under_load(site: Site, journal: Journal) -> Restart:
    """Clients run throughout; PostgreSQL restarts in the middle. Returns when it happened."""
    stop = threading.Event()
    clients = start_clients(site, journal, stop)
    try:
        time.sleep(LOAD_BEFORE_RESTART_S)
        say("fault: pg_ctl restart -m fast")
        started = time.monotonic()
        site.cluster.restart()
        restart = Restart(started=started, returned=time.monotonic())
        restart.recovered = wait_for_recovery(journal, restart)
        time.sleep(LOAD_AFTER_RECOVERY_S)
    finally:
        stop.set()
    # Writers finish the write they are on, retrying it until it is acknowledged. (After a
    # failure or Ctrl-C nobody waits for them: they are daemon threads.)
    for client in clients:
        client.join(timeout=WRITE_GIVE_UP_S + 15)
    return restart


def check_fault(options) -> Outcome:
    journal = Journal()
    with serving_site("fault") as site:
        restart = restart_under_load(site, journal)
        stored = stored_writes(site.cluster.url)
        outage = (restart.started, restart.recovered or time.monotonic())
        expected, unexpected = classify_failures(journal.snapshot(), outage)
        if unexpected:
            report_unexpected(unexpected, site.log)
    missing = [
        marker
        for marker, claim_id in journal.acknowledged.items()
        if claim_id not in stored.get(marker, [])
    ]
    duplicated = sum(len(ids) - 1 for ids in stored.values())
    if restart.recovered is None:
        recovery = f"not recovered within {RECOVERY_LIMIT_S} s"
    else:
        recovery = (
            f"recovered in {restart.recovered - restart.started:.1f} s "
            f"(PostgreSQL was back after {restart.returned - restart.started:.1f} s)"
        )
    line = (
        f"fault: {len(journal.acknowledged)} writes acknowledged "
        f"({journal.retried} after a retry, {journal.replayed} of them replayed), "
        f"{len(missing)} missing, {duplicated} duplicated; "
        f"{expected} expected 503s, {sum(unexpected.values())} unexpected errors; {recovery}"
    )
    passed = not (missing or duplicated or unexpected) and restart.recovered is not None
    return Outcome(line, passed)


def report_unexpected(unexpected: Counter, log: Path) -> None:
    for what, count in unexpected.most_common():
        say(f"fault: unexpected {what} × {count}")
    logged = first_server_error(log)
    if logged:
        say(f"fault: the first server error logged in {log}:\n{logged}")


# --- concurrency ----------------------------------------------------------------------------

RACERS = 20
# Statuses an editor may record without evidence; each racer sends its own, so the claim's
# final status shows whose write won.
# Verdicts only: a later verdict always becomes the claim's status, whereas "in review" is not a
# verdict and leaves an earlier one standing (claims.picture.current), which this check's
# "the winner's status is the claim's" would misread as a lost write.
RACE_STATUSES = ("disputed", "unconfirmed")


def claim_detail(site: Site, claim_id: int) -> dict:
    reply = fetch("GET", f"{site.base}{CLAIMS_API}{claim_id}/")
    if reply.status != 200:
        raise CannotRun(f"GET claim {claim_id} answered {reply.status or reply.error}")
    return reply.json()


def race(site: Site, claim_id: int, version: int, round_number: int) -> list[Reply]:
    """RACERS clients post a verification from the same version at the same moment."""
    start = threading.Barrier(RACERS)
    replies: list[Reply | None] = [None] * RACERS

    def racer(index: int) -> None:
        payload = {
            "version": version,
            "status": RACE_STATUSES[index % len(RACE_STATUSES)],
            "rationale": f"Reliability race {round_number}, client {index}.",
        }
        start.wait()
        replies[index] = fetch(
            "POST",
            f"{site.base}{CLAIMS_API}{claim_id}/verifications/",
            token=site.token,
            payload=payload,
        )

    racers = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join()
    return replies


def judge_race(replies: list[Reply], before: dict, after: dict) -> tuple[dict | None, list[str]]:
    """The winning verification, and every way the round broke its promise."""
    statuses = Counter(reply.status or reply.error for reply in replies)
    problems = []
    if statuses != Counter({201: 1, 409: RACERS - 1}):
        problems.append(f"answers {dict(statuses)}, not one 201 and {RACERS - 1} × 409")
    winners = [reply.json() for reply in replies if reply.status == 201]
    winner = winners[0] if len(winners) == 1 else None
    version = before["version"] + 1
    if winner is None:
        return None, problems
    for reply in replies:
        if reply.status == 409:
            conflict = reply.json()
            if conflict["current"]["version"] != version:
                problems.append(
                    f"a 409 showed version {conflict['current']['version']}, not {version}"
                )
            if [change["id"] for change in conflict["verifications"]] != [winner["id"]]:
                problems.append("a 409 did not name exactly the winning verification as the change")
    if winner["claim_version"] != version:
        problems.append(
            f"the winner recorded claim version {winner['claim_version']}, not {version}"
        )
    if after["version"] != version:
        problems.append(f"the claim is at version {after['version']}, not {version}")
    if after["status"] != winner["status"]:
        problems.append(
            f"the claim's status is {after['status']}, not the winner's {winner['status']}"
        )
    history = [v["id"] for v in after["verifications"]]
    if history != [v["id"] for v in before["verifications"]] + [winner["id"]]:
        problems.append("the verification history is not the old one plus the winner")
    return winner, problems


def stored_history(database_url: str, claim_id: int) -> dict:
    with psycopg.connect(database_url) as connection:
        return {
            "verifications": connection.execute(
                "SELECT count(*) FROM claims_verification WHERE claim_id = %s", [claim_id]
            ).fetchone()[0],
            "versions": [
                row[0]
                for row in connection.execute(
                    "SELECT version FROM claims_historicalclaim WHERE id = %s ORDER BY history_id",
                    [claim_id],
                )
            ],
            "current": connection.execute(
                "SELECT version, current_verification_id FROM claims_claim WHERE id = %s",
                [claim_id],
            ).fetchone(),
        }


def judge_stored_history(first: dict, last: dict, winners: list[dict]) -> list[str]:
    """The rows in the database agree with what the API said: one of each per round."""
    rounds = len(winners)
    problems = []
    if last["verifications"] != first["verifications"] + rounds:
        added_rows = last["verifications"] - first["verifications"]
        problems.append(f"{added_rows} verification rows added, not {rounds}")
    added = last["versions"][len(first["versions"]) :]
    wanted = list(range(first["current"][0] + 1, first["current"][0] + rounds + 1))
    if added != wanted:
        problems.append(f"history rows added for versions {added}, not {wanted}")
    if winners and last["current"] != (wanted[-1], winners[-1]["id"]):
        problems.append(
            f"the claim row holds {last['current']}, not ({wanted[-1]}, {winners[-1]['id']})"
        )
    return problems


def check_concurrency(options) -> Outcome:
    # Enough gunicorn threads that all racers are inside the app, and at the database, at once.
    with serving_site("concurrency", workers=4, threads=5) as site:
        listing = fetch("GET", f"{site.base}{CLAIMS_API}?place=soledar&page_size=1").json()
        claim_id = listing["results"][0]["id"]
        first = stored_history(site.cluster.url, claim_id)
        winners, problems = [], []
        for round_number in range(1, options.rounds + 1):
            before = claim_detail(site, claim_id)
            replies = race(site, claim_id, before["version"], round_number)
            winner, round_problems = judge_race(replies, before, claim_detail(site, claim_id))
            problems += [f"round {round_number}: {problem}" for problem in round_problems]
            if winner is None:
                break
            winners.append(winner)
        problems += judge_stored_history(first, stored_history(site.cluster.url, claim_id), winners)
    if problems:
        return Outcome(f"concurrency: FAILED: {'; '.join(problems)}", passed=False)
    start, end = first["current"][0], first["current"][0] + len(winners)
    return Outcome(
        f"concurrency: {options.rounds} rounds of {RACERS} clients writing a verification to "
        f"one claim from the same version: each 1 × 201 and {RACERS - 1} × 409; version "
        f"{start} → {end}, {len(winners)} verifications and {len(winners)} history rows added, "
        "history consistent",
        passed=True,
    )


def check_slow(options) -> Outcome:
    # A fresh machine lacks nginx; like the browser tests' Chromium, it is installed when we can.
    program = slow_clients.find_nginx(install=True)
    if program is None:
        raise CannotRun("nginx is not installed and could not be (apt-get, as root)")
    with serving_site("slow") as site:
        gunicorn_port = int(site.base.rsplit(":", 1)[1])
        with slow_clients.nginx(program, gunicorn_port) as nginx_port:
            result = slow_clients.measure(gunicorn_port, nginx_port, workers=WORKERS)
    return Outcome(result.line, passed=result.passed)


# --- import while writing -------------------------------------------------------------------

IMPORT_ROWS, IMPORT_WRITERS = 50_000, 10
# Each writer posts about a town of its own, as a newsroom's editors cover different places:
# writers all posting about one place queue behind each other to rebuild its picture, whose
# cost grows with every claim they add, whether an import runs or not.
WRITER_PLACES = [f"writer-town-{n}" for n in range(IMPORT_WRITERS)]
# A write that waited longer than the lock timeout (DATABASE_LOCK_TIMEOUT, 5 s) would have been
# answered 503: the longest write must stay under it.
WRITE_WAIT_LIMIT_S = 5


# How long the same writers run with no import first: what the import adds is the difference.
WRITERS_ALONE_S = 30


def import_claims_while_writing(site: Site, env: dict, path: Path, journal: Journal):
    """Runs ``manage.py import_claims`` on ``path`` while writers post claims through the API;
    returns the import's seconds and output."""
    return while_writing(site, journal, lambda: manage(env, "import_claims", str(path)))


def while_writing(site: Site, journal: Journal, work: Callable):
    """Runs ``work`` while the writers post claims; returns its seconds and result."""
    stop = threading.Event()
    writers = [
        threading.Thread(target=keep_writing, args=(site, journal, stop, place), daemon=True)
        for place in WRITER_PLACES
    ]
    for writer in writers:
        writer.start()
    started = time.monotonic()
    try:
        result = work()
    finally:
        seconds = time.monotonic() - started
        stop.set()
        for writer in writers:
            writer.join(timeout=WRITE_GIVE_UP_S)
    return seconds, result


def write_figures(journal: Journal) -> tuple[float, int, int]:
    """The longest write of ``journal``, how many were told to retry (a 503 with Retry-After,
    as promised to a write that waited its longest for the lock; retried) and how many got
    another server error or none."""
    writes = [e for e in journal.snapshot() if e.kind == "write"]
    longest = max((e.reply.ended - e.reply.started for e in writes), default=0.0)
    failed = [e for e in writes if e.reply.status >= 500 or e.reply.status == 0]
    busy = sum(1 for e in failed if is_clean_unavailable(e))
    return longest, busy, len(failed) - busy


def check_import(options) -> Outcome:
    with (
        serving_site("import", workers=WORKERS, threads=5) as site,
        tempfile.TemporaryDirectory() as tmp,
    ):
        env = app_environment(site.cluster.url, free_port(), 1, 1)
        path = Path(tmp) / "claims.csv"
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from claims import services; "
            f"[services.place_create(name=slug.replace('-', ' ').title(), kind='town', slug=slug) "
            f"for slug in {WRITER_PLACES!r}]",
        )
        say(f"import: writing a file of {options.rows:,} claims")
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from claims.synthetic import claims_csv; "
            f"open({str(path)!r}, 'w', encoding='utf-8').write("
            f"claims_csv(rows={options.rows}, prefix='bulk'))",
        )
        say(f"import: {IMPORT_WRITERS} writers post claims for {WRITERS_ALONE_S} s, no import")
        alone = Journal()
        while_writing(site, alone, lambda: time.sleep(WRITERS_ALONE_S))
        say(f"import: importing it while {IMPORT_WRITERS} writers post claims")
        journal = Journal()
        seconds, output = import_claims_while_writing(site, env, path, journal)
        stored = stored_writes(site.cluster.url)
        with psycopg.connect(site.cluster.url) as connection:
            imported = connection.execute(
                "SELECT count(*) FROM claims_claim c JOIN claims_place p ON p.id = c.place_id "
                "WHERE p.slug LIKE 'bulk-%%'"
            ).fetchone()[0]
    longest, busy, server_errors = write_figures(journal)
    longest_alone, busy_alone, server_errors_alone = write_figures(alone)
    lost = sum(1 for j in (alone, journal) for marker in j.acknowledged if marker not in stored)
    passed = (
        imported == options.rows
        and f"Created {options.rows} claim(s)" in output
        and server_errors == 0
        and lost == 0
        and longest < WRITE_WAIT_LIMIT_S
    )
    return Outcome(
        f"import: {options.rows:,} rows imported in {seconds:.0f} s ({options.rows / seconds:.0f} "
        f"rows/s, {imported:,} claims on file) while {IMPORT_WRITERS} writers posted "
        f"{len(journal.acknowledged)} claims: longest write {longest:.2f} s, {busy} told to "
        f"retry (503), {server_errors} other 5xx, {lost} lost writes (the same writers with no "
        f"import: longest write {longest_alone:.2f} s, {busy_alone} told to retry, "
        f"{server_errors_alone} other 5xx)",
        passed=passed,
    )


# --- all, and the report --------------------------------------------------------------------


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


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = names[0] if names else cpu
    postgres = run([str(postgres_bin() / "postgres"), "--version"]).strip()
    # Others' work on a shared machine moves the load numbers; the 15-minute load average of
    # the run says how much.
    busy = os.getloadavg()[2]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; {postgres}; "
        f"load average {busy:.1f} over the last 15 minutes"
    )


def commit() -> str:
    try:
        head = run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).strip()
        dirty = run(["git", "status", "--porcelain"], cwd=ROOT).strip()
    except (CannotRun, FileNotFoundError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def generated_section(outcomes: dict[str, Outcome], options) -> str:
    lines = [
        REPORT_START,
        "## Last run",
        "",
        f"- **Date:** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- **Machine:** {machine()}",
        f"- **Commit:** {commit()}",
        f"- **Command:** `make reliability` (`reliability.py all --duration {options.duration}`)",
        "",
    ]
    for name, outcome in outcomes.items():
        verdict = "passed" if outcome.passed else "FAILED"
        lines += [
            f"### {name}: {verdict}",
            "",
            "```",
            outcome.line,
            "```",
            "",
            textwrap.fill(f"Rerun: `make {name}`. {CHECKS[name].explanation}", width=100),
            "",
        ]
    lines.append(REPORT_END)
    return "\n".join(lines)


def write_report(outcomes: dict[str, Outcome], options) -> None:
    """Replace the generated part of docs/reliability.md; the hand-written rest stays."""
    section = generated_section(outcomes, options)
    text = (
        REPORT.read_text()
        if REPORT.exists()
        else f"# Reliability\n\n{REPORT_START}\n{REPORT_END}\n"
    )
    before, _, rest = text.partition(REPORT_START)
    _, _, after = rest.partition(REPORT_END)
    REPORT.write_text(before + section + after)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check", choices=[*CHECKS, "all"])
    parser.add_argument("--duration", type=int, default=60, help="seconds of wrk per URL (load)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (load)")
    parser.add_argument("--rounds", type=int, default=5, help="races to run (concurrency)")
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="rows to import (import)")
    options = parser.parse_args(argv)
    # Stopping with SIGTERM cleans up like Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
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
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("Interrupted; everything started was stopped.")
        sys.exit(130)
