"""docs/benchmarks.md: the generated tables between two markers, hand-written text around them."""

import importlib.metadata
import os
import platform
import runpy
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from benchmarks import config

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
NEW_DOCUMENT = f"""# Benchmarks

`make bench` measures ClaimTracker under gunicorn with production settings on PostgreSQL, each
figure against a baseline measured in the same run, and rewrites the part of this page between
the markers below; text outside them is kept. See README.md ("Benchmarks") for how to run it.

{START}
{END}
"""


def facts(data, options, found: dict, load_at_start: float) -> dict[str, str]:
    """The machine, software and settings the figures were measured with."""
    gunicorn = runpy.run_path(str(config.ROOT / "gunicorn.conf.py"))
    with psycopg.connect(data.url) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    versions = {
        "PostgreSQL": postgres.split()[0],
        "Python": platform.python_version(),
        **{name: importlib.metadata.version(name) for name in ("Django", "gunicorn", "datasette")},
        "wrk": (wrk.stdout or wrk.stderr).split()[1],
    }
    return {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Machine": f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_gib():.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        "Software": ", ".join(f"{name} {version}" for name, version in versions.items()),
        "Data": f"{found['claims']:,} claims over {data.places:,} places (synthetic, seed "
        f"{data.seed}); "
        + ("exports at 1,000,000 claims too" if not options.skip_million else "no 1M run"),
        "Server": f"gunicorn.conf.py: {_count(gunicorn['workers'], 'worker')} × "
        f"{_count(gunicorn['threads'], 'thread')} ({gunicorn['worker_class']}), DEBUG off, "
        "Redis cache, CONN_MAX_AGE default",
        "Load": f"wrk, 1 thread, {options.connections} connections, {options.seconds} s per "
        f"figure after {options.warm_seconds} s unmeasured",
        # Other work on the machine moves absolute figures; each ratio is measured back to back.
        "System load": f"1-minute load average {load_at_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end",
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def write(doc: Path, facts, figures, sweep, exported, found, goals) -> None:
    _replace(doc, START, END, render(facts, figures, sweep, exported, found, goals))


def write_mixed(doc: Path, facts, mixed, goals) -> None:
    """The breaking-news section, which `--only mixed` rewrites on its own."""
    _replace(doc, MIXED_START, MIXED_END, render_mixed(facts, mixed, goals))


def _replace(doc: Path, start: str, end: str, generated: str) -> None:
    text = doc.read_text() if doc.exists() else NEW_DOCUMENT
    if start not in text or end not in text:
        text = text.rstrip() + f"\n\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    doc.write_text(f"{before}{start}\n{generated}\n{end}{after}")


MIXED_START, MIXED_END = "<!-- bench-mixed:start -->", "<!-- bench-mixed:end -->"


def render_mixed(facts, mixed, goals) -> str:
    rows = [
        [
            name,
            f"{result.requests_per_second:,.0f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            f"{result.hit_ratio:.1%}",
            f"{result.cache_hits:,} / {result.cache_misses:,}",
            result.errors or "none",
        ]
        for name, result in (
            ("Zipf readers alone", mixed.read_only),
            (f"Zipf readers, an editor writing every {mixed.write_every:g} s", mixed.mixed),
        )
    ]
    hot, writes = mixed.hot, mixed.writes
    return "\n\n".join(
        [
            _table(["", ""], facts.items()),
            _table(
                ["target", "reached", ""],
                [(g.target, g.reached, "met" if g.met else "**missed**") for g in goals],
            ),
            _table(
                ["run", "req/s", "p50 ms", "p99 ms", "hit ratio", "hits / misses", "errors"],
                rows,
            ),
            f"{len(mixed.places)} places ({min(p['claims'] for p in mixed.places)} to "
            f"{max(p['claims'] for p in mixed.places)} claims each); the hottest, "
            f"`{hot['slug']}` ({hot['claims']} claims), is asked for in "
            f"{1 / sum(1 / r for r in range(1, len(mixed.places) + 1)):.0%} of requests. "
            f"Each run {mixed.seconds} s, from a full cache. The editor wrote "
            f"{len(writes.seconds)} verifications (median {writes.median_ms:.0f} ms each)"
            + (f"; failed: {', '.join(writes.errors)}" if writes.errors else ", none failed")
            + ".",
        ]
    )


def write_part(doc: Path, name: str, generated: str, note: str) -> None:
    """Rewrite the part of ``doc`` between ``<!-- bench:NAME:start -->`` and its end marker,
    which a run of one part alone (``--only NAME``) leaves the rest of the document as it was."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = doc.read_text() if doc.exists() else NEW_DOCUMENT
    if start not in text or end not in text:
        text = text.rstrip() + f"\n\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    doc.write_text(f"{before}{start}\n{note}\n\n{generated}\n{end}{after}")


def load_note() -> str:
    """When and on what a part was measured."""
    return (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_cpu_model()} "
        f"({os.cpu_count()} cores), 1-minute load average {os.getloadavg()[0]:.1f} at the end."
    )


def render(facts, figures, sweep, exported, found, goals) -> str:
    sections = [
        _table(["", ""], facts.items()),
        "### Targets\n\n" + goals_table(goals),
        requests_table(figures, found),
        exports_table(exported),
        _search(found["search"]),
        _place_queries(found),
        _sweep(sweep),
    ]
    return "\n\n".join(sections)


def _table(header, rows) -> str:
    lines = [_row(header), _row(["---"] * len(header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "–"


def goals_table(goals) -> str:
    return _table(
        ["target", "reached", ""],
        [(g.target, g.reached, "met" if g.met else "**missed**") for g in goals],
    )


def requests_table(figures, found) -> str:
    results = {figure.key: figure.result for figure in figures}
    labels = {figure.key: figure.label for figure in figures}
    rows = []
    for figure in figures:
        result, base = figure.result, results.get(figure.baseline)
        ratios = (
            [
                labels[figure.baseline],
                _ratio(result.requests_per_second, base.requests_per_second),
                _ratio(result.p50_ms, base.p50_ms),
                _ratio(result.p99_ms, base.p99_ms),
            ]
            if base
            else ["(baseline)", "", "", ""]
        )
        rows.append(
            [
                figure.label,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.1f}",
                f"{result.p99_ms:.1f}",
                *ratios,
                result.errors or "none",
            ]
        )
    place = found["place"]
    paths = "\n".join(f"- {figure.label}: `{figure.request}`" for figure in figures)
    return (
        "### Requests\n\n"
        + _table(
            [
                "request",
                "req/s",
                "p50 ms",
                "p99 ms",
                "baseline",
                "req/s ×",
                "p50 ×",
                "p99 ×",
                "errors",
            ],
            rows,
        )
        + f"\n\nThe place is `{place['slug']}` ({place['claims']} claims). Requests:\n\n{paths}\n\n"
        "The floor replays the SQL the app ran for the same request from an empty cache, and "
        "returns the rows through orjson. Queries per request in the app, from an empty cache "
        "and then repeated: "
        + ", ".join(
            f"{name} {counts['cold']} then {counts['warm']}"
            for name, counts in found["query_counts"].items()
        )
        + "."
    )


def exports_table(exported) -> str:
    rows = [
        [
            f"{figure.claims:,}",
            figure.format.upper(),
            f"{figure.served.seconds:.1f}",
            f"{figure.served.first_byte_ms:.0f}",
            f"{figure.served.megabytes:.0f}",
            f"{figure.copy.seconds:.1f}",
            f"{figure.copy.first_byte_ms:.0f}",
            f"{figure.copy.megabytes:.0f}",
            _ratio(figure.copy.seconds, figure.served.seconds).replace("×", ""),
            f"{figure.served.rss_before_mb:.0f}",
            f"{figure.served.peak_rss_mb:.0f}",
            f"{figure.served.growth_mb:.1f}",
            figure.served.error or "none",
        ]
        for figure in exported
    ]
    header = [
        "claims",
        "export",
        "total s",
        "first byte ms",
        "MB",
        "COPY s",
        "COPY first byte ms",
        "COPY MB",
        "throughput vs COPY",
        "worker RSS before MB",
        "peak MB",
        "growth MB",
        "errors",
    ]
    return (
        "### Exports\n\n"
        + _table(header, rows)
        + "\n\nEach export is streamed whole from a fresh single-worker server (after one small "
        "export to load the code); memory is that worker's resident size before, and its peak "
        "during (VmHWM, reset before the request). COPY is the export's own statement "
        "(claims/exports_pg.py: the same rows, columns and bytes, less the CSV's header), run "
        "alone after the same set-up by a psycopg client; throughput is COPY's time over the "
        "export's. For these runs gunicorn's worker timeout "
        "is raised to the export deadline: a sync worker busy for longer than `WEB_TIMEOUT` "
        "(120 s by default) is killed, even while it is streaming a download."
    )


SEARCH_HEADING = "### Search"


def _search(search) -> str:
    from benchmarks.goals import search_goals

    rows = [
        [
            name,
            f"`{figure['word']}`",
            f"{figure['matches']:,}",
            figure["statements"],
            f"{figure['db_ms']:.2f}",
            f"{figure['baseline_db_ms']:.2f}",
            _ratio(figure["baseline_db_ms"], figure["db_ms"]),
            "yes" if figure["gin_index_used"] else "no",
        ]
        for name, figure in search.items()
    ]
    header = ["query", "", "matching claims", "queries", "DB time ms", "no index ms", "faster"]
    goals = [(g.target, g.reached, "met" if g.met else "**missed**") for g in search_goals(search)]
    return (
        f"{SEARCH_HEADING}\n\n"
        + _table([*header, "tsvector index"], rows)
        + "\n\nThe search page (`/search/?q=…`: places, actors and claims by text and by their "
        "names in any spelling) from an empty cache. Database time is the sum of planning and "
        "execution time that `EXPLAIN ANALYZE` reports for every query of the page, median of "
        "five runs; the baseline runs the same statements, in the same run, with index and "
        "bitmap scans turned off. The misspelt name is a transliteration variant of a town's "
        "name, as a reader would type it. `make bench BENCH_ARGS='--only search'` measures this "
        "table alone and rewrites only it.\n\n" + _table(["target", "reached", ""], goals)
    )


def write_search(doc: Path, search: dict) -> None:
    """Rewrites the search table alone, inside the generated part, keeping the rest."""
    text = doc.read_text()
    before, rest = text.split(START, 1)
    generated, after = rest.split(END, 1)
    if SEARCH_HEADING in generated:
        head, tail = generated.split(SEARCH_HEADING, 1)
        following = tail.find("\n### ")
        tail = tail[following:] if following >= 0 else "\n"
        generated = f"{head}{_search(search)}\n{tail}"
    else:
        generated = f"{generated.rstrip()}\n\n{_search(search)}\n"
    doc.write_text(f"{before}{START}{generated}{END}{after}")


def _place_queries(found) -> str:
    rows = [
        [f"`{p['slug']}`", f"{p['claims']:,}", p["queries"]] for p in found["place_page_queries"]
    ]
    return (
        "### Place page queries\n\n"
        + _table(["place", "claims", "queries"], rows)
        + "\n\nCounted on the first request for each place, with an empty cache."
    )


def _sweep(sweep) -> str:
    rows = [
        [
            point.caches,
            point.workers,
            point.threads,
            f"{point.result.requests_per_second:,.0f}",
            f"{point.result.p50_ms:.1f}",
            f"{point.result.p99_ms:.1f}",
            point.result.errors or "none",
        ]
        for point in sweep
    ]
    best = [
        max(
            (point for point in sweep if point.caches == caches),
            key=lambda point: point.result.requests_per_second,
        )
        for caches in ("on", "off")
    ]
    return (
        "### gunicorn workers × threads (claims API by place)\n\n"
        + _table(["caches", "workers", "threads", "req/s", "p50 ms", "p99 ms", "errors"], rows)
        + "\n\nHighest rate: "
        + "; ".join(
            f"caches {point.caches}: {_count(point.workers, 'worker')} × "
            f"{_count(point.threads, 'thread')}"
            for point in best
        )
        + "."
    )
