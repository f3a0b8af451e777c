"""Article to claims: propose the control claims and verifications a news story reports.

Pure functions over plain data (:class:`Gazetteer` in, :class:`Extraction` out); nothing is
read from or written to the database here. :func:`claims.selectors.extraction_gazetteer` builds
the gazetteer from the database, :mod:`claims.services` records what an editor accepts.
"""

from claims.extraction.cleaning import MAX_BYTES, InputRefused, clean_text
from claims.extraction.engine import extract
from claims.extraction.gazetteer import Gazetteer
from claims.extraction.proposals import ClaimProposal, Extraction, VerificationProposal

__all__ = [
    "MAX_BYTES",
    "ClaimProposal",
    "Extraction",
    "Gazetteer",
    "InputRefused",
    "VerificationProposal",
    "clean_text",
    "extract",
]
