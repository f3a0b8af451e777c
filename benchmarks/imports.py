"""The bulk import (issue 17 point 4) against PostgreSQL's own ``COPY`` of the same file.

A claims file of ``rows`` new claims (``claims.synthetic.claims_csv``: 200 new places, 20
spokespeople of two sides, a new source per claim, a carried-over verdict on one claim in ten)
is imported with ``import_file`` into a freshly migrated database of its own, in a child process
that reports its time and how much its resident memory grew; the baseline is ``COPY`` of the
same file into a staging table of text columns, in the same run. Run alone with
``python -m benchmarks.run --only import``.

The child: ``python -m benchmarks.imports FILE OUT.json`` (inside Django, production settings).
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks import config, dataset
from benchmarks.config import log

DATABASE = "claimtracker_bench_import"
# Issue 17's target: this many claims in under two minutes, memory growing under 200 MB.
ROWS = 100_000
TARGET_SECONDS = 120
TARGET_GROWTH_MB = 200


@dataclass
class ImportFigure:
    rows: int
    created: int
    seconds: float
    rss_before_mb: float
    peak_rss_mb: float
    copy_seconds: float
    errors: list

    @property
    def growth_mb(self) -> float:
        return self.peak_rss_mb - self.rss_before_mb

    @property
    def met(self) -> bool:
        return (
            not self.errors
            and self.created == self.rows
            and self.seconds < TARGET_SECONDS
            and self.growth_mb < TARGET_GROWTH_MB
        )


def measure(rows: int = ROWS) -> ImportFigure:
    url = config.database_url(DATABASE)
    log(f"import: a fresh database {DATABASE}, migrated")
    dataset._recreate(DATABASE)
    dataset.manage(url, "migrate", "--no-input", "-v0")
    path = config.WORK_DIR / f"import-{rows}.csv"
    output = config.WORK_DIR / "import.json"
    log(f"import: writing a file of {rows:,} claims")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from claims.synthetic import claims_csv; "
            f"open({str(path)!r}, 'w', encoding='utf-8').write("
            f"claims_csv(rows={rows}, prefix='bench'))",
        ],
        cwd=config.ROOT,
        env=config.production_env(url),
        check=True,
    )
    log(f"import: importing {path.name}")
    subprocess.run(
        [sys.executable, "-m", "benchmarks.imports", str(path), str(output)],
        cwd=config.ROOT,
        env=config.production_env(url),
        check=True,
    )
    found = json.loads(output.read_text())
    log("import: COPY of the same file into a staging table")
    copy_seconds = copy_in(url, path)
    return ImportFigure(**found, copy_seconds=copy_seconds)


def copy_in(url: str, path: Path) -> float:
    """PostgreSQL's ``COPY`` of the file into a table of text columns: the import's floor."""
    header = path.open(encoding="utf-8").readline().strip().split(",")
    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in header)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE TEMPORARY TABLE staging ({})").format(columns))
        started = time.monotonic()
        with (
            cursor.copy("COPY staging FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as handle,
        ):
            while block := handle.read(1 << 16):
                copy.write(block)
        connection.commit()
        return time.monotonic() - started


def render(figure: ImportFigure) -> str:
    verdict = "met" if figure.met else "**missed**"
    return "\n".join(
        [
            f"Import of {figure.rows:,} claims (`import_file`, PostgreSQL) against `COPY` of the "
            "same file into a staging table, in the same run:",
            "",
            "| | time | rows/s | memory growth |",
            "| --- | --- | --- | --- |",
            f"| `COPY` into a staging table | {figure.copy_seconds:.1f} s | "
            f"{figure.rows / figure.copy_seconds:,.0f} | |",
            f"| import ({figure.created:,} created{', errors' if figure.errors else ''}) | "
            f"{figure.seconds:.1f} s ({figure.seconds / figure.copy_seconds:.0f}× `COPY`) | "
            f"{figure.rows / figure.seconds:,.0f} | {figure.growth_mb:.0f} MB |",
            "",
            f"Target: under {TARGET_SECONDS} s and under {TARGET_GROWTH_MB} MB of growth: "
            f"{verdict}.",
        ]
    )


def child(path: str, output: str) -> None:
    """Import ``path`` in this process, timing it and watching its own memory."""
    import django

    django.setup()
    from benchmarks.load import _memory_kb, _reset_peak
    from claims.imports import import_file

    before = _memory_kb(os.getpid(), "VmRSS")
    _reset_peak(os.getpid())
    started = time.monotonic()
    with open(path, encoding="utf-8", newline="") as handle:
        report = import_file(handle, source_name=Path(path).name)
    seconds = time.monotonic() - started
    found = {
        "rows": report.rows,
        "created": report.created,
        "seconds": seconds,
        "rss_before_mb": before / 1024,
        "peak_rss_mb": _memory_kb(os.getpid(), "VmHWM") / 1024,
        "errors": [f"line {line}: {message}" for line, message in report.errors[:5]],
    }
    Path(output).write_text(json.dumps(found))


if __name__ == "__main__":
    child(*sys.argv[1:])
