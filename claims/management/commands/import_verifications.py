from claims.imports import import_verifications_file
from claims.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import dated verdicts from a CSV file in the verifications export's format "
        "(docs/csv-format.md). Every bad row is reported with all of its problems, and nothing "
        "is written unless every row is good."
    )
    what = "verification"
    run = staticmethod(import_verifications_file)
