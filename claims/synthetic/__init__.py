"""Synthetic data for benchmarks and reliability checks, the same for the same seed:
:mod:`~claims.synthetic.generator` writes it straight into the database,
:mod:`~claims.synthetic.claims_file` writes it as a claims file to import."""

from claims.synthetic.claims_file import claims_csv
from claims.synthetic.generator import COMMON_WORDS, RARE_WORDS, Generator, cyrillic

__all__ = ["COMMON_WORDS", "RARE_WORDS", "Generator", "claims_csv", "cyrillic"]
