"""Every write to ClaimTracker, one function per action.

Each function is atomic, validates with ``full_clean()`` and enforces the newsroom's rules, so
the editor desk, the API, the importer and the demo loader cannot drift apart. Each checks
everything first, then bumps the data version (see :class:`claims.models.DataVersion`) just
before its first row, which queues concurrent writers for what is left and makes change
timestamps follow commit order, and stamps the version of every place
whose page the write changes (:func:`touch_places`), so that only those places' cached copies
go cold.

``user=None`` means the system itself (management commands); views and the API always pass the
requesting user, whose permissions are checked here.

One module per concern: ``writes``, ``catalogue``, ``claims``, ``verification``, ``state``,
``accounts``, ``articles``, ``sources``.
"""

from claims.services.accounts import (
    MAX_TOKEN_DAYS,
    account_password_set,
    api_token_create,
    api_token_revoke,
)
from claims.services.articles import (
    ArticleInput,
    ArticleRecorded,
    ProposedClaim,
    ProposedVerification,
    article_claims_record,
)
from claims.services.catalogue import (
    CATALOGUE_MODELS,
    NameInput,
    Seen,
    actor_create,
    actor_name_add,
    actor_update,
    catalogue_delete,
    catalogue_save,
    name_update,
    place_create,
    place_name_add,
    side_create,
    side_update,
)
from claims.services.claims import (
    CLAIM_FIELDS,
    DUPLICATE_MESSAGE,
    ActorInput,
    CitationInput,
    ClaimInput,
    LikelyDuplicate,
    PlaceInput,
    StaleVersion,
    check_citations_distinct,
    claim_build,
    claim_create,
    claim_update,
    first_verification,
    likely_duplicates,
)
from claims.services.sources import (
    save_completed_source,
    source_complete,
    source_completion,
    source_create,
)
from claims.services.state import (
    refresh_place_states,
)
from claims.services.verification import (
    HeldByAnother,
    check_evidence,
    check_verdict,
    claim_release,
    claim_take_into_review,
    independent_evidence,
    standing,
    verification_build,
    verification_record,
)
from claims.services.writes import (
    PERM_ADD_ACTOR,
    PERM_ADD_CLAIM,
    PERM_ADD_PLACE,
    PERM_ADD_SOURCE,
    PERM_CHANGE_ACTOR,
    PERM_CHANGE_CLAIM,
    PERM_CHANGE_PLACE,
    PERM_CHANGE_SIDE,
    PERM_CHANGE_SOURCE,
    PERM_VERDICT,
    PERM_VERIFY,
    QUERY_CANCELED,
    begin_bulk_write,
    limit_lock_waits,
    places_showing,
    touch_places,
    unique_slug,
)

__all__ = [
    "CATALOGUE_MODELS",
    "CLAIM_FIELDS",
    "DUPLICATE_MESSAGE",
    "MAX_TOKEN_DAYS",
    "PERM_ADD_ACTOR",
    "PERM_ADD_CLAIM",
    "PERM_ADD_PLACE",
    "PERM_ADD_SOURCE",
    "PERM_CHANGE_ACTOR",
    "PERM_CHANGE_CLAIM",
    "PERM_CHANGE_PLACE",
    "PERM_CHANGE_SIDE",
    "PERM_CHANGE_SOURCE",
    "PERM_VERDICT",
    "PERM_VERIFY",
    "QUERY_CANCELED",
    "ActorInput",
    "ArticleInput",
    "ArticleRecorded",
    "CitationInput",
    "ClaimInput",
    "HeldByAnother",
    "LikelyDuplicate",
    "NameInput",
    "PlaceInput",
    "ProposedClaim",
    "ProposedVerification",
    "Seen",
    "StaleVersion",
    "account_password_set",
    "actor_create",
    "actor_name_add",
    "actor_update",
    "api_token_create",
    "api_token_revoke",
    "article_claims_record",
    "begin_bulk_write",
    "catalogue_delete",
    "catalogue_save",
    "check_citations_distinct",
    "check_evidence",
    "check_verdict",
    "claim_build",
    "claim_create",
    "claim_release",
    "claim_take_into_review",
    "claim_update",
    "first_verification",
    "independent_evidence",
    "likely_duplicates",
    "limit_lock_waits",
    "name_update",
    "place_create",
    "place_name_add",
    "places_showing",
    "refresh_place_states",
    "save_completed_source",
    "side_create",
    "side_update",
    "source_complete",
    "source_completion",
    "source_create",
    "standing",
    "touch_places",
    "unique_slug",
    "verification_build",
    "verification_record",
]
