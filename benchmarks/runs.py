"""The figures of `make bench` that load servers: each request with wrk against its baseline,
gunicorn's worker and thread sweep, and each export streamed against PostgreSQL's COPY."""

import contextlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from benchmarks import config, load, servers
from benchmarks.config import log
from benchmarks.dataset import Dataset

SWEEP = [(workers, threads) for threads in (1, 2) for workers in (2, 3, 4)]
APP = "claimtracker.wsgi"
FLOOR = "benchmarks.floor:application"

# The app caches whole answers per data version and URL; a load generator repeating one URL
# measures cache hits. The same app with its caches off measures what a miss costs.
CACHES_OFF = {"API_CACHE_SECONDS": "0", "PAGE_CACHE_SECONDS": "0"}
FRAGMENTS_OFF = {"FRAGMENT_CACHE_SECONDS": "0"}


@dataclass
class Figure:
    """One wrk run: what was asked, what came back, and what it is compared with."""

    key: str
    label: str
    request: str
    result: load.LoadResult
    baseline: str | None = None


@dataclass
class SweepPoint:
    workers: int
    threads: int
    caches: str
    result: load.LoadResult


@dataclass
class ExportFigure:
    claims: int
    format: str
    served: load.TransferResult
    copy: load.TransferResult


# The requests behind the targets on what a cache miss costs, for quick before/after runs.
ONLY = {
    "misses": {
        "floor_api",
        "app_api_uncached",
        "datasette",
        "app_place_page_uncached",
        "app_place_page_cold",
    }
}


def measure_requests(data: Dataset, found: dict, sqlite_path, options) -> list[Figure]:
    env = config.production_env(data.url)
    routes = config.WORK_DIR / "floor-routes.json"
    routes.write_text(json.dumps(found["floor_routes"]))
    floor_env = {**env, "BENCH_FLOOR_ROUTES": str(routes)}
    urls = found["urls"]
    rows_path = datasette_path(sqlite_path, found["place"]["slug"])

    def headers(key: str) -> tuple[str, ...]:
        return (f"If-None-Match: {found['etag']}",) if key == "app_api_304" else ()

    with contextlib.ExitStack() as running:
        app = running.enter_context(servers.gunicorn("app", APP, env, ready_path="/healthz"))
        uncached = running.enter_context(
            servers.gunicorn("app-uncached", APP, {**env, **CACHES_OFF}, ready_path="/healthz")
        )
        # Claim cards are cached apart from pages (FRAGMENT_CACHE_SECONDS) and outlive writes to
        # other claims; this server has no cache at all, as on the first request after a flush.
        cold = running.enter_context(
            servers.gunicorn(
                "app-cold", APP, {**env, **CACHES_OFF, **FRAGMENTS_OFF}, ready_path="/healthz"
            )
        )
        floor = running.enter_context(
            servers.gunicorn("floor", FLOOR, floor_env, ready_path="/api_place")
        )
        datasette = running.enter_context(
            servers.datasette(str(sqlite_path), env, ready_path="/-/versions.json")
        )
        plan = [
            ("floor_api", "Floor: same SQL, psycopg + orjson", floor, "/api_place", None),
            ("app_api", "Claims API, by place, 50 rows", app, urls["api_place"], "floor_api"),
            (
                "app_api_uncached",
                "Claims API, by place, caches off",
                uncached,
                urls["api_place"],
                "floor_api",
            ),
            ("datasette", "Datasette, same rows from SQLite", datasette, rows_path, "floor_api"),
            ("app_api_304", "Claims API, If-None-Match", app, urls["api_place"], "floor_api"),
            ("app_place_page", "Place page, same place", app, urls["place_page"], "app_api"),
            (
                "app_place_page_uncached",
                "Place page, same place, caches off",
                uncached,
                urls["place_page"],
                "app_api_uncached",
            ),
            (
                "app_place_page_cold",
                "Place page, same place, every cache off (claim cards too)",
                cold,
                urls["place_page"],
                "app_api_uncached",
            ),
        ]
        for word in ("rare", "common"):
            search = f"search_{word}"
            plan += [
                (f"floor_{search}", f"Floor: {word}-word search SQL", floor, f"/{search}", None),
                (
                    f"app_{search}",
                    f"Search page, {word} word",
                    app,
                    urls[search],
                    f"floor_{search}",
                ),
                (
                    f"app_{search}_uncached",
                    f"Search page, {word} word, caches off",
                    uncached,
                    urls[search],
                    f"floor_{search}",
                ),
            ]
        plan += [
            (
                "app_api_first",
                "Claims API, first page, caches off",
                uncached,
                urls["api_first"],
                None,
            ),
            (
                "app_api_deep",
                "Claims API, page 4,000, caches off",
                uncached,
                urls["api_deep"],
                "app_api_first",
            ),
        ]
        if options.only:
            plan = [step for step in plan if step[0] in ONLY[options.only]]
        return [
            Figure(key, label, path, measure(server, path, headers(key), options), baseline)
            for key, label, server, path, baseline in plan
        ]


def datasette_path(sqlite_path, place: str) -> str:
    """Datasette's JSON for the same 50 rows; no row count or facets, as the API has none."""
    return (
        f"/{sqlite_path.stem}/claims.json?place_slug={place}&_sort=updated_at&_size=50"
        "&_shape=objects&_nocount=1&_nofacet=1"
    )


def measure(
    server: servers.Server, path: str, headers: tuple[str, ...], options
) -> load.LoadResult:
    url = server.base + path
    log(f"wrk {options.seconds} s: {url} {' '.join(headers)}")
    problem = answer_problem(url, headers)
    result = warm_then_load(server, url, options.seconds, options, headers)
    if problem:
        result.errors = "; ".join(filter(None, [problem, result.errors]))
    return result


def warm_then_load(server, url: str, seconds: int, options, headers=()) -> load.LoadResult:
    """An unmeasured run (every worker past its first requests), a pause until the server is
    idle, then the measured run."""
    load.wrk(url, seconds=options.warm_seconds, connections=options.connections, headers=headers)
    server.settle()
    return load.wrk(url, seconds=seconds, connections=options.connections, headers=headers)


def answer_problem(url: str, headers: tuple[str, ...]) -> str:
    """What is wrong with the answer to one request, if anything (a 304 is expected exactly
    when the request is conditional)."""
    expected = 304 if any(h.startswith("If-None-Match") for h in headers) else 200
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return "" if status == expected else f"answered {status}, not {expected}"


def measure_sweep(data: Dataset, api_path: str, options) -> list[SweepPoint]:
    points = []
    for caches in ("on", "off"):
        for workers, threads in SWEEP:
            env = config.production_env(
                data.url,
                WEB_CONCURRENCY=str(workers),
                WEB_THREADS=str(threads),
                **(CACHES_OFF if caches == "off" else {}),
            )
            name = f"sweep-{workers}x{threads}-caches-{caches}"
            with servers.gunicorn(name, APP, env, ready_path="/healthz") as app:
                log(f"sweep: {workers} workers × {threads} threads, caches {caches}")
                result = warm_then_load(app, app.base + api_path, options.sweep_seconds, options)
            points.append(SweepPoint(workers, threads, caches, result))
    return points


def measure_exports(data: Dataset, found: dict, options) -> list[ExportFigure]:
    """Each export streamed whole by one fresh worker, and COPY of the same rows; ``found`` is
    what the app said to export (benchmarks/probe.py, "exports")."""
    # One worker, so "the worker's memory" is the memory of the one that served the export.
    # gunicorn kills a sync worker that is busy for longer than its timeout, even while it is
    # streaming; the timeout is raised to the deadline so that the whole export is measured.
    env = config.production_env(
        data.url, WEB_CONCURRENCY="1", WEB_TIMEOUT=str(options.export_deadline)
    )
    figures = []
    for name, path in found["urls"].items():
        with servers.gunicorn(f"export-{name}", APP, env, ready_path="/healthz") as app:
            urllib.request.urlopen(f"{app.base}{path}?{found['warm_query']}", timeout=60).read()
            (worker,) = app.worker_pids()
            log(f"export {name}: {found['claims']:,} claims")
            served = load.download(
                app.base + path, worker_pid=worker, deadline=options.export_deadline
            )
        log(f"COPY for {name}")
        copied = load.copy_out(data.url, found["copy"][name])
        figures.append(ExportFigure(found["claims"], name, served, copied))
    return figures
