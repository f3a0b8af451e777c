"""The fault check: the check's PostgreSQL cluster restarted while writers and readers keep
going; every acknowledged write must be on file exactly once. Its writers (a journal of every
exchange, idempotent retries) are the import check's too."""

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from reliability.common import (
    CLAIMS_API,
    PLACE_PAGE,
    Outcome,
    Reply,
    Site,
    fetch,
    first_server_error,
    say,
    serving_site,
)

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
