"""What the two import commands share: reading the file, a progress bar on a terminal, and the
report of every bad row."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class ImportCommand(BaseCommand):
    what = "record"
    run = None  # the import function: (handle, *, source_name, dry_run, create_missing, progress)

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create places, actors and sides the file names only by slug.",
        )

    def handle(self, *args, file: Path, dry_run: bool, create_missing: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        with file.open(encoding="utf-8-sig", newline="") as handle:
            try:
                rows = sum(1 for _ in handle)
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{file}: not UTF-8 text (byte {error.start}); save it as UTF-8 CSV."
                ) from None
            handle.seek(0)
            with tqdm(
                total=max(rows - 1, 0),
                unit="row",
                desc="Importing",
                disable=not sys.stderr.isatty(),
                file=sys.stderr,
            ) as progress:
                report = self.run(
                    handle,
                    source_name=file.name,
                    dry_run=dry_run,
                    create_missing=create_missing,
                    progress=progress,
                )
        for line, message in report.errors:
            self.stderr.write(f"{file.name}, line {line}: {message}")
        if not report.ok:
            raise CommandError(
                f"{len(report.errors)} bad row(s) in {file.name}; nothing was imported."
            )
        made = ", ".join(f"{n} {what}" for what, n in report.created_records.items() if n)
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.created} {self.what}(s); {report.present} already present"
                f"{f'; new records: {made}' if made else ''} ({report.rows} rows checked)."
            )
        )
