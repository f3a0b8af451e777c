"""Breaking-news load: readers over 200 places, a few of them hot, while an editor writes.

Readers choose a place by Zipf's law (the place ranked r is asked for in proportion to 1/r, so
the hottest of 200 gets about 17% of requests and half go to the top 10), then one of the place's
page, embed card, Atom feed, API place and API claims list. The read-only run measures them
alone; the mixed run measures them again while an editor records a verification on a claim
about the hottest place every 2 s, through the API with a token, as a desk under deadline does.
Every answer says whether it came from the cache (``X-Cache``), which gives the hit ratio.

The server runs with one background worker (`manage.py worker`, as in production), which remakes
the copies a write made cold off the request path; the read-only run has it too, idle.

The editor writes, so this runs on a copy of the benchmark database made for the run and dropped
after it; the shared database is only read (as the template of the copy).
"""

import contextlib
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from benchmarks import config, load, servers
from benchmarks.config import log

APP = "claimtracker.wsgi"
ZIPF_EXPONENT = 1.0
# The editor's verdicts alternate; neither needs a lead or independent evidence.
VERDICTS = ("disputed", "unconfirmed")
COPY_ATTEMPTS = 30
STALE_FILE = config.WORK_DIR / "mixed-stale.txt"
KEEP = "3600"


@dataclass
class Writes:
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0


@dataclass
class MixedFigures:
    places: list[dict]
    write_every: float
    seconds: int
    read_only: load.LoadResult
    mixed: load.LoadResult
    writes: Writes

    @property
    def hot(self) -> dict:
        return self.places[0]


def run(main, options) -> MixedFigures:
    """Both runs against one server on a fresh copy of ``main``; the cache starts empty."""
    copy = f"{main.name}_mixed"
    make_copy(main.name, copy)
    url = config.database_url(copy)
    try:
        found = probe(url)
        script = write_script(found["places"])
        # Kept an hour: filling the cache takes minutes on a busy machine, and copies that
        # expired before the runs would count as misses that no write caused.
        env = config.production_env(url, PAGE_CACHE_SECONDS=KEEP, API_CACHE_SECONDS=KEEP)
        with (
            servers.gunicorn("app-mixed", APP, env, ready_path="/healthz") as app,
            servers.worker("worker-mixed", env),
        ):
            warm_every_url(app, found["places"])
            app.settle()
            log(f"mixed: read-only, {options.mixed_seconds} s of Zipf readers")
            read_only = readers(app, script, options)
            app.settle()
            log(f"mixed: the same readers, an editor writing every {options.write_every:g} s")
            editor = Editor(app.base, found, every=options.write_every)
            editor.start()
            try:
                mixed = readers(app, script, options)
            finally:
                editor.stop()
    finally:
        drop(copy)
    return MixedFigures(
        places=[{"slug": p["slug"], "claims": p["claims"]} for p in found["places"]],
        write_every=options.write_every,
        seconds=options.mixed_seconds,
        read_only=read_only,
        mixed=mixed,
        writes=editor.writes,
    )


def make_copy(template: str, name: str) -> None:
    """``name`` as a copy of ``template``, which no one may be connected to meanwhile: wait a
    little for others' connections to end."""
    log(f"mixed: copying {template} to {name}")
    with psycopg.connect(config.database_url("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        for attempt in range(COPY_ATTEMPTS):
            try:
                connection.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(template)
                    )
                )
                return
            except psycopg.errors.ObjectInUse:
                if attempt == COPY_ATTEMPTS - 1:
                    raise SystemExit(
                        f"{template} stayed in use by other sessions; cannot copy it."
                    ) from None
                time.sleep(1)


def drop(name: str) -> None:
    with psycopg.connect(config.database_url("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def probe(database_url: str) -> dict:
    output = config.WORK_DIR / "probe-mixed.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", "mixed", str(output)],
        cwd=config.ROOT,
        env=config.production_env(database_url),
        check=True,
    )
    return json.loads(output.read_text())


def zipf_cumulative(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    weights = [1 / rank**exponent for rank in range(1, count + 1)]
    total, running, cumulative = sum(weights), 0.0, []
    for weight in weights:
        running += weight
        cumulative.append(running / total)
    cumulative[-1] = 1.0
    return cumulative


def write_script(places: list[dict]) -> str:
    """wrk's Lua: each request a Zipf-chosen place and one of its URLs (a fixed seed, so both
    runs ask the same sequence); answers counted by their X-Cache header. A ``stale`` answer (a
    page's previous copy, served while another request remakes it) came from the cache and is
    counted as a hit; how many there were is written to ``STALE_FILE`` too."""
    cumulative = ", ".join(f"{p:.8f}" for p in zipf_cumulative(len(places)))
    urls = ",\n".join(
        "{" + ", ".join(json.dumps(url) for url in place["urls"]) + "}" for place in places
    )
    path = config.WORK_DIR / "mixed-readers.lua"
    path.write_text(
        f"""local cumulative = {{{cumulative}}}
local places = {{
{urls}
}}
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(1)
  hits, misses, stale = 0, 0, 0
end

function request()
  local r, low, high = math.random(), 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < r then low = middle + 1 else high = middle end
  end
  local urls = places[low]
  return wrk.format("GET", urls[math.random(#urls)])
end

function response(status, headers, body)
  local cached = headers["X-Cache"]
  if cached == "hit" then hits = hits + 1 elseif cached == "miss" then misses = misses + 1 end
  if cached == "stale" then hits = hits + 1; stale = stale + 1 end
end

function done(summary, latency, requests)
  local h, m, s = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    s = s + thread:get("stale")
  end
  io.write(string.format("cache: %d hits %d misses\\n", h, m))
  local counted = io.open({json.dumps(str(STALE_FILE))}, "w")
  counted:write(string.format("%d\\n", s))
  counted:close()
end
"""
    )
    return str(path)


def warm_every_url(app: servers.Server, places: list[dict]) -> None:
    """Every URL once, so both runs start from a full cache, as a site that has been up does."""
    urls = [app.base + url for place in places for url in place["urls"]]
    log(f"mixed: filling the cache ({len(urls)} URLs)")

    def fetch(url: str) -> None:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(fetch, urls))


def readers(app: servers.Server, script: str, options) -> load.LoadResult:
    STALE_FILE.unlink(missing_ok=True)
    result = load.wrk(
        app.base + "/",
        seconds=options.mixed_seconds,
        connections=options.connections,
        script=script,
    )
    with contextlib.suppress(OSError, ValueError):
        log(f"mixed: {int(STALE_FILE.read_text())} of the hits were stale copies")
    return result


class Editor:
    """Records a verification on the hot place's claim every ``every`` seconds, through the
    API with a token, until stopped; each write's time and any failure are kept."""

    def __init__(self, base: str, found: dict, *, every: float):
        self.url = base + found["verify_url"]
        self.token = found["token"]
        self.version = found["claim"]["version"]
        self.every = every
        self.writes = Writes()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        due, number = time.monotonic(), 0
        while not self._stopped.wait(max(0.0, due - time.monotonic())):
            self._write(VERDICTS[number % len(VERDICTS)], number)
            number += 1
            due += self.every

    def _write(self, status: str, number: int) -> None:
        body = {
            "version": self.version,
            "status": status,
            "rationale": f"Breaking-news benchmark, verdict {number + 1}.",
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
            self.version = answer["claim_version"]
            self.writes.seconds.append(time.monotonic() - started)
        except urllib.error.HTTPError as error:
            self.writes.errors.append(f"HTTP {error.code}")
            with contextlib.suppress(ValueError, KeyError):
                self.version = json.loads(error.read())["current"]["version"]
        except OSError as error:
            self.writes.errors.append(type(error).__name__)
