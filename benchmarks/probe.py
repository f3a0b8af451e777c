"""Ask ClaimTracker itself what to measure: ``python -m benchmarks.probe KIND OUT.json [SQLITE]``.

Runs inside Django with the environment the servers get (the benchmark database, production
settings), so URLs, cursors, ETags and captured SQL are exactly what the served app produces.
KIND is ``requests`` (everything the request benchmarks need, and the SQLite copy for Datasette
at SQLITE), ``exports`` (what the export benchmarks need), ``mixed`` (the breaking-news run's
places, and an editor's token in the copy it writes to) or ``search`` (the search figures
alone, for ``--only search``).
"""

import json
import sys
from pathlib import Path

import django


def main(kind: str, output: str, sqlite_path: str | None = None) -> None:
    django.setup()
    from benchmarks import targets

    if kind == "requests":
        found = targets.request_targets(Path(sqlite_path))
    elif kind == "mixed":
        found = targets.mixed_targets()
    elif kind == "search":
        found = {"search": targets.search_targets()}
    else:
        found = targets.export_targets()
    Path(output).write_text(json.dumps(found, indent=2))


if __name__ == "__main__":
    main(*sys.argv[1:])
