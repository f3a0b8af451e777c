"""`make bench`: ClaimTracker under gunicorn with production settings, every figure against a
baseline measured in the same run, written to docs/benchmarks.md.

1. Make (or reuse) PostgreSQL databases of synthetic claims: 200,000, and 1,000,000 for the
   export memory figure (``--skip-million`` leaves that one out, for quick iterations).
2. Ask the app, inside Django, for the URLs, ETag, deep cursor and SQL of each request.
3. Start the app, the floor (benchmarks/floor.py: the same SQL through psycopg and orjson, under
   the same gunicorn settings) and Datasette (an SQLite copy of the claim rows), and load each
   with wrk for a bounded time.
4. Breaking news (benchmarks/mixed.py): Zipf readers over 200 places, alone and while an
   editor writes every 2 s, on a copy of the database; ``--only mixed`` runs this alone.
5. Sweep gunicorn's worker and thread counts on the claims API.
6. Stream each export from a single worker, watching its memory, against PostgreSQL's COPY.
7. Import a file of 100,000 claims into a fresh database, against COPY of the same file
   (benchmarks/imports.py); ``--only import`` runs this step alone.

``--only search`` measures the search page's database time alone (a minute, no servers) and
rewrites only its table.
"""

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import redis

from benchmarks import config, dataset, goals, imports, load, mixed, report, servers
from benchmarks.config import log
from benchmarks.dataset import Dataset

MAIN = Dataset(config.MAIN_DATABASE, places=2000, claims=200_000)
MILLION = Dataset("claimtracker_bench_1m", places=2000, claims=1_000_000)
SWEEP = [(workers, threads) for threads in (1, 2) for workers in (2, 3, 4)]
APP = "claimtracker.wsgi"
FLOOR = "benchmarks.floor:application"
DOC = config.ROOT / "docs" / "benchmarks.md"
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


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    if options.only == "import":
        measure_import(options)
        return
    if options.only == "search":
        measure_search_only()
        return
    started = time.monotonic()
    load_at_start = os.getloadavg()[0]
    load.ensure_wrk()
    dataset.ensure_postgres()
    flush_cache()
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    if options.only == "mixed":
        return main_mixed(options, started, load_at_start)
    datasets = [MAIN] if options.skip_million or options.only else [MAIN, MILLION]
    for data in datasets:
        dataset.ensure(data)
    log("collecting static files (production storage)")
    dataset.manage(MAIN.url, "collectstatic", "--no-input", "-v0")
    sqlite_path = config.WORK_DIR / f"{MAIN.name}-{_digest(MAIN.label)}.sqlite3"
    found = probe("requests", MAIN, str(sqlite_path))
    figures = measure_requests(found, sqlite_path, options)
    if options.only:
        print_only(figures, found, options, started)
        return
    breaking = mixed.run(MAIN, options)
    sweep = measure_sweep(found["urls"]["api_place"], options)
    exported = [figure for data in datasets for figure in measure_exports(data, options)]
    reached = goals.evaluate(figures, exported, found, breaking)
    facts = report.facts(MAIN, options, found, load_at_start)
    report.write(DOC, facts, figures, sweep, exported, found, reached)
    report.write_mixed(DOC, mixed_facts(facts, options), breaking, goals.mixed_goals(breaking))
    measure_import(options)
    met = sum(goal.met for goal in reached)
    minutes = (time.monotonic() - started) / 60
    print(
        f"bench: {met}/{len(reached)} targets met; claims API at "
        f"{goals.share(figures, 'app_api', 'floor_api'):.0%} of the floor's req/s; "
        f"wrote {DOC.relative_to(config.ROOT)} in {minutes:.0f} min"
    )


def main_mixed(options, started: float, load_at_start: float) -> None:
    """`--only mixed`: the breaking-news run alone, rewriting only its section of the page."""
    dataset.ensure(MAIN)
    log("collecting static files (production storage)")
    dataset.manage(MAIN.url, "collectstatic", "--no-input", "-v0")
    breaking = mixed.run(MAIN, options)
    reached = goals.mixed_goals(breaking)
    facts = report.facts(MAIN, options, {"claims": MAIN.claims}, load_at_start)
    report.write_mixed(DOC, mixed_facts(facts, options), breaking, reached)
    met = sum(goal.met for goal in reached)
    minutes = (time.monotonic() - started) / 60
    print(
        f"bench: {met}/{len(reached)} breaking-news targets met; hit ratio "
        f"{breaking.mixed.hit_ratio:.1%} while writing, p99 {breaking.mixed.p99_ms:.1f} ms "
        f"against {breaking.read_only.p99_ms:.1f} ms read-only; wrote "
        f"{DOC.relative_to(config.ROOT)} in {minutes:.0f} min"
    )


def mixed_facts(facts: dict, options) -> dict:
    return {
        **facts,
        "Data": facts["Data"].split(";")[0] + "; a copy made for the run, which the editor "
        "writes to",
        "Load": f"wrk, 1 thread, {options.connections} connections, {options.mixed_seconds} s "
        "per run, Lua script choosing each request",
    }


def measure_search_only() -> None:
    dataset.ensure_postgres()
    flush_cache()
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    dataset.ensure(MAIN)
    # The page is rendered with production settings, which read the hashed static files.
    dataset.manage(MAIN.url, "collectstatic", "--no-input", "-v0")
    found = probe("search", MAIN)
    report.write_search(DOC, found["search"])
    reached = goals.search_goals(found["search"])
    print(
        f"bench search: {sum(g.met for g in reached)}/{len(reached)} targets met; "
        + "; ".join(f"{name} {f['db_ms']:.2f} ms" for name, f in found["search"].items())
        + f"; wrote {DOC.relative_to(config.ROOT)}"
    )


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--skip-million", action="store_true", help="leave out the 1,000,000-claim export run"
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--sweep-seconds", type=int, default=5, help="each worker/thread run")
    parser.add_argument("--warm-seconds", type=int, default=3, help="unmeasured run before each")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument(
        "--export-deadline", type=int, default=900, help="longest an export may stream (s)"
    )
    parser.add_argument(
        "--only",
        choices=sorted({*ONLY, "mixed", "import", "search"}),
        help="run one part alone: mixed = breaking news (minutes), import = the bulk import, "
        "search = the search page's database time (a minute), misses = what a cache miss costs "
        "(printed; docs/benchmarks.md left alone)",
    )
    parser.add_argument(
        "--mixed-seconds", type=int, default=30, help="each breaking-news run (read-only, mixed)"
    )
    parser.add_argument(
        "--write-every", type=float, default=2.0, help="seconds between the editor's writes"
    )
    parser.add_argument(
        "--import-rows", type=int, default=imports.ROWS, help="claims in the imported file"
    )
    return parser.parse_args(argv)


def measure_import(options) -> None:
    """The bulk import against COPY, written into its own part of docs/benchmarks.md."""
    dataset.ensure_postgres()
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    figure = imports.measure(options.import_rows)
    report.write_part(DOC, "import", imports.render(figure), report.load_note())
    print(
        f"bench import: {figure.rows:,} rows in {figure.seconds:.1f} s "
        f"({figure.rows / figure.seconds:,.0f} rows/s, {figure.seconds / figure.copy_seconds:.0f}"
        f"× COPY's {figure.copy_seconds:.1f} s), memory growth {figure.growth_mb:.0f} MB: "
        f"target {'met' if figure.met else 'missed'}"
    )


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


def print_only(figures, found, options, started) -> None:
    reached = goals.evaluate_requests(figures)
    print(report.requests_table(figures, found))
    print()
    print(report.goals_table(reached))
    minutes = (time.monotonic() - started) / 60
    met = sum(goal.met for goal in reached)
    print(f"bench --only {options.only}: {met}/{len(reached)} targets met in {minutes:.0f} min")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def flush_cache() -> None:
    """Start from an empty cache: nothing left from a previous run answers for the app."""
    try:
        redis.Redis.from_url(config.REDIS_URL).flushdb()
    except redis.ConnectionError:
        raise SystemExit(
            f"Redis does not answer at {config.REDIS_URL}; start it, or set BENCH_REDIS_URL."
        ) from None


def probe(kind: str, data: Dataset, *extra: str) -> dict:
    log(f"asking the app what to measure ({kind}, {data.name})")
    output = config.WORK_DIR / f"probe-{kind}-{data.name}.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", kind, str(output), *extra],
        cwd=config.ROOT,
        env=config.production_env(data.url),
        check=True,
    )
    return json.loads(output.read_text())


def measure_requests(found: dict, sqlite_path, options) -> list[Figure]:
    env = config.production_env(MAIN.url)
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


def measure_sweep(api_path: str, options) -> list[SweepPoint]:
    points = []
    for caches in ("on", "off"):
        for workers, threads in SWEEP:
            env = config.production_env(
                MAIN.url,
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


def measure_exports(data: Dataset, options) -> list[ExportFigure]:
    """Each export streamed whole by one fresh worker, and COPY of the same rows."""
    found = probe("exports", data)
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


if __name__ == "__main__":
    main()
