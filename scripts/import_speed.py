"""Import speed: generate a claims file of ROWS rows (claims.synthetic.claims_csv) and import it
into the database DATABASE_URL names, printing one line: rows, seconds, rows/s, and how long
the import held the version lock every other write needs (how long they could have waited).

    DATABASE_URL=postgres://… .venv/bin/python scripts/import_speed.py 50000 [--prefix bench]

The database must be migrated; each run needs its own --prefix (slugs and URLs are new).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")

import django

django.setup()

from claims import services  # noqa: E402
from claims.imports import import_file  # noqa: E402
from claims.synthetic import claims_csv  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("--prefix", default=f"speed-{int(time.time())}")
    options = parser.parse_args()
    text = claims_csv(rows=options.rows, prefix=options.prefix)
    locked = []
    begin = services.begin_bulk_write

    def timed(**options):
        locked.append(time.monotonic())
        return begin(**options)

    services.begin_bulk_write = timed
    started = time.monotonic()
    report = import_file(io.StringIO(text), source_name="speed.csv")
    ended = time.monotonic()
    seconds = ended - started
    print(
        f"{options.rows} rows: {'ok' if report.ok else report.errors[:3]}, {report.created} "
        f"created in {seconds:.1f} s ({options.rows / seconds:.0f} rows/s); version lock held "
        f"{ended - locked[-1]:.1f} s; {len(locked)} attempt(s); 1-minute load average "
        f"{os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
