"""Reads that span models. Each returns plain data the pages, the API and the exports share.

- :mod:`~claims.selectors.domain`: counts, versions, searches, the review queue: plain reads.
- :mod:`~claims.selectors.pages`: the objects the place page, claim page and dashboard render.
- :mod:`~claims.selectors.corrections`: a claim's corrections, and what changed since a version.
- :mod:`~claims.selectors.markers`: the map's coloured markers.
- :mod:`~claims.selectors.extraction`: the gazetteer and proposals of the article extraction.

Callers use ``selectors.<name>``; the names are gathered here so that a read can move between
these modules without touching them.
"""

from claims.selectors.corrections import ChangesSince, changes_since
from claims.selectors.domain import (
    actor_track_record,
    data_version,
    evidence_candidates,
    facet_counts,
    place_version,
    review_queue,
    search,
    verifications_as_of,
)
from claims.selectors.extraction import article_proposals, extraction_gazetteer
from claims.selectors.markers import map_markers
from claims.selectors.pages import (
    ENTRY_COLUMNS,
    claim_page,
    dashboard,
    page_place,
    place_page,
)

__all__ = [
    "ENTRY_COLUMNS",
    "ChangesSince",
    "actor_track_record",
    "article_proposals",
    "changes_since",
    "claim_page",
    "dashboard",
    "data_version",
    "evidence_candidates",
    "extraction_gazetteer",
    "facet_counts",
    "map_markers",
    "page_place",
    "place_page",
    "place_version",
    "review_queue",
    "search",
    "verifications_as_of",
]
