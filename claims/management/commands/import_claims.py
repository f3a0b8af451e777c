from claims.imports import import_file
from claims.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import claims from a CSV file in the export's format (docs/csv-format.md). Every bad "
        "row is reported with all of its problems, and nothing is written unless every row is good."
    )
    what = "claim"
    run = staticmethod(import_file)
