"""CSV imports: claims (``import_claims``) and verifications (``import_verifications``)."""

from claims.imports.claims import import_file
from claims.imports.verifications import import_file as import_verifications_file

__all__ = ["import_file", "import_verifications_file"]
