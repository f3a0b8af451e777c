"""The measurements: wrk for request rates and latencies; a streaming client for exports."""

import http.client
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg

from benchmarks import config

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str  # empty when every request got a 2xx or 3xx answer in time
    # Answers marked ``X-Cache: hit`` / ``miss``, counted when a wrk script asks (mixed run).
    cache_hits: int = 0
    cache_misses: int = 0

    @property
    def clean(self) -> bool:
        return not self.errors

    @property
    def hit_ratio(self) -> float:
        counted = self.cache_hits + self.cache_misses
        return self.cache_hits / counted if counted else 0.0


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and _is_root():
        config.log("installing wrk with apt-get")
        apt = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(apt, stdout=subprocess.DEVNULL, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)
            subprocess.run(apt, stdout=subprocess.DEVNULL, check=True)
        return shutil.which("wrk")
    raise SystemExit(
        "make bench needs wrk, the HTTP load generator: install it with "
        "`sudo apt-get install wrk` (Debian/Ubuntu) or `brew install wrk` (macOS)."
    )


def _is_root() -> bool:
    return os.geteuid() == 0


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: tuple[str, ...] = (),
    script: str | None = None,
) -> LoadResult:
    """One wrk run: one thread, ``connections`` open connections, ``seconds`` long; a Lua
    ``script`` may choose each request's path (``url`` then gives the server)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    run = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if run.returncode != 0:
        return LoadResult(0.0, 0.0, 0.0, 0, f"wrk failed: {run.stderr.strip()}")
    return parse_wrk(run.stdout)


def parse_wrk(output: str) -> LoadResult:
    def number(pattern: str) -> str | None:
        match = re.search(pattern, output, re.MULTILINE)
        return match.group(1) if match else None

    errors = []
    socket_errors = number(r"Socket errors: (.+)$")
    if socket_errors:
        errors.append(f"socket errors: {socket_errors}")
    failed = number(r"Non-2xx or 3xx responses: (\d+)")
    if failed:
        errors.append(f"{failed} answers were 4xx/5xx")
    requests = int(number(r"(\d+) requests in") or 0)
    if not requests:
        errors.append("no request completed")
    return LoadResult(
        requests_per_second=float(number(r"Requests/sec:\s+([\d.]+)") or 0),
        p50_ms=_latency(number(r"^\s+50%\s+(\S+)")),
        p99_ms=_latency(number(r"^\s+99%\s+(\S+)")),
        requests=requests,
        errors="; ".join(errors),
        cache_hits=int(number(r"^cache: (\d+) hits") or 0),
        cache_misses=int(number(r"^cache: \d+ hits (\d+) misses") or 0),
    )


def _latency(text: str | None) -> float:
    if not text:
        return 0.0
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


@dataclass
class TransferResult:
    seconds: float
    first_byte_ms: float
    megabytes: float
    rss_before_mb: float = 0.0
    peak_rss_mb: float = 0.0
    error: str = ""

    @property
    def growth_mb(self) -> float:
        return self.peak_rss_mb - self.rss_before_mb


def download(url: str, *, worker_pid: int, deadline: float) -> TransferResult:
    """Stream ``url`` to nowhere, timing the first byte and the whole, and watching the memory
    of the one worker that serves it: its resident size before, and its peak during."""
    before = _memory_kb(worker_pid, "VmRSS")
    peak = PeakWatcher(worker_pid)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=deadline)
    started = time.monotonic()
    first_byte, size, error = 0.0, 0, ""
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        if response.status != 200:
            error = f"HTTP {response.status}"
        while chunk := response.read1(1 << 16):
            if not size:
                first_byte = time.monotonic() - started
            size += len(chunk)
            if time.monotonic() - started > deadline:
                error = f"stopped after {deadline:.0f} s"
                break
    except (OSError, http.client.HTTPException) as failure:
        # A worker killed mid-stream shows up as an incomplete chunked body.
        error = f"{type(failure).__name__} after {size / 1e6:.0f} MB"
    finally:
        connection.close()
    elapsed = time.monotonic() - started
    return TransferResult(
        seconds=elapsed,
        first_byte_ms=first_byte * 1000,
        megabytes=size / 1e6,
        rss_before_mb=before / 1024,
        peak_rss_mb=peak.stop() / 1024,
        error=error,
    )


class PeakWatcher:
    """The highest resident size of a process from now on.

    The kernel keeps the peak (VmHWM) and lets root reset it to the current size; where that is
    not allowed, sampling VmRSS every few milliseconds gives a close lower bound.
    """

    INTERVAL = 0.005

    def __init__(self, pid: int):
        self.pid = pid
        self.reset = _reset_peak(pid)
        self.highest = _memory_kb(pid, "VmRSS")
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self.highest = max(self.highest, _memory_kb(self.pid, "VmRSS"))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        if self.reset:
            self.highest = max(self.highest, _memory_kb(self.pid, "VmHWM"))
        return self.highest


def _memory_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def _reset_peak(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # 5: reset the peak resident set size to the current one
        return True
    except OSError:
        return False


def copy_out(database_url: str, copy: dict[str, str]) -> TransferResult:
    """PostgreSQL's own COPY of the export's statement, after the export's set-up, to this
    client: the export's ceiling."""
    size, first_byte = 0, 0.0
    with psycopg.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(copy["set_up"])
        started = time.monotonic()
        with cursor.copy(copy["statement"]) as out:
            for block in out:
                if not size:
                    first_byte = time.monotonic() - started
                size += len(block)
        elapsed = time.monotonic() - started
    return TransferResult(seconds=elapsed, first_byte_ms=first_byte * 1000, megabytes=size / 1e6)
