"""One filter definition per resource, shared by the HTML lists, the API and the exports.

Parameter names are part of the API: the pages' query strings work unchanged against
``/api/v1/`` and ``/export/``. Every filter validates its value, so a malformed one becomes a form
error (a message on a page, a 400 in the API), never a 500 and never silently ignored.
"""

from claims.filtersets.base import ambiguities, as_of_date
from claims.filtersets.resources import (
    ActorFilterSet,
    ClaimFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    VerificationFilterSet,
)

__all__ = [
    "ActorFilterSet",
    "ClaimFilterSet",
    "PlaceFilterSet",
    "SourceFilterSet",
    "VerificationFilterSet",
    "ambiguities",
    "as_of_date",
]
