"""The bulk import (issue 17 point 4) against PostgreSQL's own ``COPY`` of the same file.

A claims file of ``rows`` new claims (``claims.synthetic.claims_csv``: 200 new places, 20
spokespeople of two sides, a new source per claim, a carried-over verdict on one claim in ten)
is imported with ``import_file`` into a freshly migrated database of its own, in a child process
that reports its time and how much its resident memory grew; the baseline is ``COPY`` of the
same file into a staging table of text columns, in the same run. Run alone with
``python -m benchmarks.run --only import``.

Then a file of ``rows`` dated verdicts on those claims (:func:`verdicts_csv`: one per claim,
each with an evidence article of its own by an independent monitor) is imported with
``import_verifications_file`` the same way, against ``COPY`` of that file.

The children (inside Django, production settings): ``python -m benchmarks.imports claims|
verifications FILE OUT.json`` imports and measures; ``python -m benchmarks.imports verdicts FILE
ROWS`` writes the verdicts file from the claims on file.
"""

import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks import config, dataset
from benchmarks.config import log

# Another name keeps a branch's runs apart from others' on the same server.
DATABASE = os.environ.get("BENCH_IMPORT_DATABASE", "claimtracker_bench_import")
# Issue 17's target: this many claims in under two minutes, memory growing under 200 MB.
ROWS = 100_000
TARGET_SECONDS = 120
TARGET_GROWTH_MB = 200


@dataclass
class ImportFigure:
    kind: str  # claims or verifications
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


def measure(rows: int = ROWS) -> tuple[ImportFigure, ImportFigure]:
    url = config.database_url(DATABASE)
    log(f"import: a fresh database {DATABASE}, migrated")
    dataset._recreate(DATABASE)
    dataset.manage(url, "migrate", "--no-input", "-v0")
    path = config.WORK_DIR / f"import-{rows}.csv"
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
    claims = _measured("claims", url, path)
    log(f"import: writing a file of {rows:,} verdicts on those claims")
    verdicts = config.WORK_DIR / f"import-{rows}-verdicts.csv"
    _child(url, "verdicts", verdicts, str(rows))
    return claims, _measured("verifications", url, verdicts)


def _measured(kind: str, url: str, path: Path) -> ImportFigure:
    output = config.WORK_DIR / "import.json"
    log(f"import: importing {path.name} ({kind})")
    _child(url, kind, path, output)
    found = json.loads(output.read_text())
    log(f"import: COPY of {path.name} into a staging table")
    return ImportFigure(kind=kind, **found, copy_seconds=copy_in(url, path))


def _child(url: str, *arguments) -> None:
    subprocess.run(
        [sys.executable, "-m", "benchmarks.imports", *map(str, arguments)],
        cwd=config.ROOT,
        env=config.production_env(url),
        check=True,
    )


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


def render(figures: tuple[ImportFigure, ...]) -> str:
    lines = []
    for figure in figures:
        verdict = "met" if figure.met else "**missed**"
        function = "import_file" if figure.kind == "claims" else "import_verifications_file"
        lines += [
            f"Import of {figure.rows:,} {figure.kind} (`{function}`, PostgreSQL) against `COPY` "
            "of the same file into a staging table, in the same run:",
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
            "",
        ]
    return "\n".join(lines[:-1])


def child(kind: str, path: str, output: str) -> None:
    """Import ``path`` (``kind``: claims or verifications) in this process, timing it and
    watching its own memory."""
    import django

    django.setup()
    from benchmarks.load import _memory_kb, _reset_peak
    from claims.imports import import_file, import_verifications_file

    run = import_file if kind == "claims" else import_verifications_file
    before = _memory_kb(os.getpid(), "VmRSS")
    _reset_peak(os.getpid())
    started = time.monotonic()
    with open(path, encoding="utf-8", newline="") as handle:
        report = run(handle, source_name=Path(path).name)
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


VERDICT_COLUMNS = (
    "claim_place",
    "claim_claimant",
    "claim_stated_at",
    "claim_verb",
    "claim_side",
    "status",
    "decided_at",
    "verifier",
    "verifier_name",
    "verifier_kind",
    "verifier_side",
    "rationale",
    "evidence_kind",
    "evidence_urls",
    "evidence_titles",
    "evidence_publishers",
    "evidence_publisher_names",
)


def verdicts_csv(path: str, rows: str) -> None:
    """A file of ``rows`` dated verdicts, one on each of the first claims on file: partly
    confirmed or disputed two days after the claim, by an independent monitor the file
    describes, each with an evidence article of its own by that monitor."""
    import django

    django.setup()
    from claims.choices import ActorKind, EvidenceKind, Status
    from claims.models import Claim

    claims = (
        Claim.objects.order_by("pk")
        .values_list("place__slug", "claimant__slug", "stated_at", "verb", "side__slug")
        .iterator(chunk_size=5000)
    )
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(VERDICT_COLUMNS)
        for n, (place, claimant, stated_at, verb, side) in enumerate(claims):
            if n == int(rows):
                break
            writer.writerow(
                [
                    place,
                    claimant,
                    stated_at.isoformat(),
                    verb,
                    side or "",
                    Status.PARTIALLY_CONFIRMED if n % 2 else Status.DISPUTED,
                    (stated_at + timedelta(days=2)).isoformat(),
                    "bench-monitor",
                    "Bench monitor",
                    ActorKind.THINK_TANK,
                    "",
                    f"Footage geolocated for verdict {n}.",
                    EvidenceKind.GEOLOCATED_FOOTAGE,
                    f"https://monitor.example.org/verdicts/{n}",
                    f"Verdict {n}",
                    "bench-monitor",
                    "Bench monitor",
                ]
            )


if __name__ == "__main__":
    if sys.argv[1] == "verdicts":
        verdicts_csv(*sys.argv[2:])
    else:
        child(*sys.argv[1:])
