"""One declaration per outside format: see :mod:`claims.formats.base`."""

from claims.formats import catalogue, claims, verifications
from claims.formats.base import Column, Format

__all__ = ["Column", "Format", "catalogue", "claims", "verifications"]
