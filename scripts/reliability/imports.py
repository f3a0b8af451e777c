"""The import check: a big ``manage.py import_claims`` while API clients keep posting claims."""

import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from reliability.common import (
    WORKERS,
    Outcome,
    Site,
    app_environment,
    free_port,
    manage,
    say,
    serving_site,
)
from reliability.fault import (
    WRITE_GIVE_UP_S,
    Journal,
    is_clean_unavailable,
    keep_writing,
    stored_writes,
)

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
