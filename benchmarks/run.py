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

Steps 3, 5 and 6 are in benchmarks/runs.py.

``--only search`` measures the search page's database time alone (a minute, no servers) and
rewrites only its table; ``--only exports`` streams the exports at 200,000 claims alone and
prints them.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

import redis

from benchmarks import config, dataset, goals, imports, load, mixed, report, runs
from benchmarks.config import log
from benchmarks.dataset import Dataset

MAIN = Dataset(config.MAIN_DATABASE, places=2000, claims=200_000)
MILLION = Dataset("claimtracker_bench_1m", places=2000, claims=1_000_000)
DOC = config.ROOT / "docs" / "benchmarks.md"


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
    if options.only == "exports":
        return main_exports(options, started, load_at_start)
    datasets = [MAIN] if options.skip_million or options.only else [MAIN, MILLION]
    for data in datasets:
        dataset.ensure(data)
    log("collecting static files (production storage)")
    dataset.manage(MAIN.url, "collectstatic", "--no-input", "-v0")
    sqlite_path = config.WORK_DIR / f"{MAIN.name}-{_digest(MAIN.label)}.sqlite3"
    found = probe("requests", MAIN, str(sqlite_path))
    figures = runs.measure_requests(MAIN, found, sqlite_path, options)
    if options.only:
        print_only(figures, found, options, started)
        return
    breaking = mixed.run(MAIN, options)
    sweep = runs.measure_sweep(MAIN, found["urls"]["api_place"], options)
    exported = [
        figure
        for data in datasets
        for figure in runs.measure_exports(data, probe("exports", data), options)
    ]
    reached = goals.evaluate(figures, exported, found, breaking)
    facts = report.facts(MAIN, options, found, load_at_start)
    report.write(DOC, facts, figures, sweep, exported, found, reached)
    report.write_mixed(DOC, mixed_facts(facts, options), breaking, goals.mixed_goals(breaking))
    measure_import(options)
    share = goals.share(figures, "app_api", "floor_api")
    say_finished(reached, started, "targets", f"claims API at {share:.0%} of the floor's req/s")


def main_mixed(options, started: float, load_at_start: float) -> None:
    """`--only mixed`: the breaking-news run alone, rewriting only its section of the page."""
    dataset.ensure(MAIN)
    log("collecting static files (production storage)")
    dataset.manage(MAIN.url, "collectstatic", "--no-input", "-v0")
    breaking = mixed.run(MAIN, options)
    reached = goals.mixed_goals(breaking)
    facts = report.facts(MAIN, options, {"claims": MAIN.claims}, load_at_start)
    report.write_mixed(DOC, mixed_facts(facts, options), breaking, reached)
    say_finished(
        reached,
        started,
        "breaking-news targets",
        f"hit ratio {breaking.mixed.hit_ratio:.1%} while writing, p99 "
        f"{breaking.mixed.p99_ms:.1f} ms against {breaking.read_only.p99_ms:.1f} ms read-only",
    )


def main_exports(options, started: float, load_at_start: float) -> None:
    """`--only exports`: the exports at 200,000 claims against COPY of the same statement,
    printed; docs/benchmarks.md is left alone."""
    dataset.ensure(MAIN)
    exported = runs.measure_exports(MAIN, probe("exports", MAIN), options)
    reached = goals.export_goals(exported)
    print(report.exports_table(exported))
    print()
    print(report.goals_table(reached))
    minutes = (time.monotonic() - started) / 60
    print(
        f"bench --only exports: {sum(goal.met for goal in reached)}/{len(reached)} targets met "
        f"in {minutes:.0f} min; load average {load_at_start:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end"
    )


def say_finished(reached, started: float, targets: str, headline: str) -> None:
    """A run's one summary line: how many of its ``targets`` were met, its ``headline``
    figures, and where and how long it took to write them."""
    met = sum(goal.met for goal in reached)
    minutes = (time.monotonic() - started) / 60
    print(
        f"bench: {met}/{len(reached)} {targets} met; {headline}; "
        f"wrote {DOC.relative_to(config.ROOT)} in {minutes:.0f} min"
    )


def mixed_facts(facts: dict, options) -> dict:
    return {
        **facts,
        "Data": facts["Data"].split(";")[0] + "; a copy made for the run, which the editor "
        "writes to",
        "Server": f"{facts['Server']}; one background worker (manage.py worker)",
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
        choices=sorted({*runs.ONLY, "mixed", "import", "search", "exports"}),
        help="run one part alone: mixed = breaking news (minutes), import = the bulk import, "
        "search = the search page's database time (a minute), misses = what a cache miss costs, "
        "exports = the exports at 200,000 claims against COPY (these two printed; "
        "docs/benchmarks.md left alone)",
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
    figures = imports.measure(options.import_rows)
    report.write_part(DOC, "import", imports.render(figures), report.load_note())
    for figure in figures:
        print(
            f"bench import ({figure.kind}): {figure.rows:,} rows in {figure.seconds:.1f} s "
            f"({figure.rows / figure.seconds:,.0f} rows/s, "
            f"{figure.seconds / figure.copy_seconds:.0f}× COPY's {figure.copy_seconds:.1f} s), "
            f"memory growth {figure.growth_mb:.0f} MB: target {'met' if figure.met else 'missed'}"
        )


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


if __name__ == "__main__":
    main()
