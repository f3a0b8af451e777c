"""Events: stored in the transaction of the write that causes them.

The services call one function each (``claim_created``, ``claim_changed``,
``verification_recorded``, and ``watching_place_pictures`` around the rebuild of places'
pictures). Each finds the subscriptions that want the event, builds the body once from the API's
own representation (``claims.representations``), and stores the event, one delivery per
subscription and one task per delivery. All of it commits or rolls back with the write; nothing
is sent here, so a write never waits on an endpoint.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import orjson
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from claims import representations as rep
from claims.choices import Status
from claims.filtersets import ClaimFilterSet
from claims.models import (
    Claim,
    Place,
    PlaceState,
    Verification,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from claims.models.webhooks import EventType, SubscriptionState
from claims.webhooks import tasks

TEST_LANE = "test"
# Pictures are compared in batches, so a big import does not build one enormous IN list.
BATCH = 500


def claim_created(claim: Claim) -> None:
    _claim_event(EventType.CLAIM_CREATED, claim)


def claim_changed(claim: Claim) -> None:
    _claim_event(EventType.CLAIM_CHANGED, claim)


def verification_recorded(verification: Verification) -> None:
    claim = verification.claim
    wanting = _matching(
        _subscriptions(EventType.VERIFICATION_RECORDED), Claim.objects.filter(pk=claim.pk)
    )
    if wanting:
        rows = list(
            Verification.objects.filter(pk=verification.pk).values(*rep.VERIFICATION_COLUMNS)
        )
        data = _without_identities(rep.verification_dicts(rows, _links())[0])
        _store(EventType.VERIFICATION_RECORDED, _place_lane(claim.place_id), data, wanting)


def claims_created(claims: Iterable[Claim]) -> None:
    """``claim_created`` for each of many claims (an import): one query when nobody listens."""
    if _subscriptions(EventType.CLAIM_CREATED):
        for claim in claims:
            claim_created(claim)


def verifications_recorded(verifications: Iterable[Verification]) -> None:
    if _subscriptions(EventType.VERIFICATION_RECORDED):
        for verification in verifications:
            verification_recorded(verification)


@contextmanager
def watching_place_pictures(place_ids: Iterable[int]) -> Iterator[None]:
    """Send ``place.picture_changed`` for each place whose stored picture the block changes."""
    subscriptions = _subscriptions(EventType.PLACE_PICTURE_CHANGED)
    if not subscriptions:
        yield
        return
    place_ids = list(place_ids)
    before = picture_signatures(place_ids)
    yield
    after = picture_signatures(place_ids)
    place_pictures_changed([p for p in place_ids if before.get(p) != after.get(p)], subscriptions)


def picture_signatures(place_ids: list[int]) -> dict[int, tuple]:
    """What ``place.picture_changed`` compares, as stored for each place: whether it is
    contested, its verdict, and each side's standing position with its status and whether its
    own claimants contradict each other."""
    signatures = {}
    for start in range(0, len(place_ids), BATCH):
        batch = place_ids[start : start + BATCH]
        for place_id, contested, verdict, stored in PlaceState.objects.filter(
            place_id__in=batch
        ).values_list("place_id", "contested", "verdict", "picture"):
            positions = frozenset(
                (p["side"], p["control"], p["status"], p["contradicted_within_side"])
                for p in (stored or {}).get("positions", [])
            )
            signatures[place_id] = (contested, verdict, positions)
    return signatures


def place_pictures_changed(place_ids: list[int], subscriptions: list | None = None) -> None:
    if subscriptions is None:
        subscriptions = _subscriptions(EventType.PLACE_PICTURE_CHANGED)
    for place_id in place_ids:
        wanting = _matching(subscriptions, Claim.objects.filter(place_id=place_id))
        if wanting:
            rows = list(Place.objects.filter(pk=place_id).values(*rep.PLACE_COLUMNS))
            data = rep.place_dicts(rows, _links())[0]
            _store(EventType.PLACE_PICTURE_CHANGED, _place_lane(place_id), data, wanting)


def test_message(subscription: WebhookSubscription) -> WebhookEvent:
    """A message for one subscription only, sent on its owner's request."""
    data = {
        "subscription": subscription.pk,
        "message": "A test message from ClaimTracker: this endpoint receives its webhooks.",
    }
    return _store(EventType.TEST, TEST_LANE, data, [subscription])


def _claim_event(event_type: str, claim: Claim) -> None:
    wanting = _matching(_subscriptions(event_type), Claim.objects.filter(pk=claim.pk))
    if wanting:
        rows = list(Claim.objects.filter(pk=claim.pk).values(*rep.CLAIM_COLUMNS))
        data = rep.claim_dicts(rows, _links())[0]
        _store(event_type, _place_lane(claim.place_id), data, wanting)


def _subscriptions(event_type: str) -> list[WebhookSubscription]:
    """Subscriptions that want this kind of event. Paused ones too: their messages wait for
    them to be resumed, so pausing never makes a subscriber miss anything."""
    return [
        subscription
        for subscription in WebhookSubscription.objects.filter(owner__is_active=True)
        if event_type in subscription.event_types
    ]


def _matching(subscriptions: list[WebhookSubscription], claims) -> list[WebhookSubscription]:
    """Those whose claim filter matches at least one of ``claims`` (a one- or few-row queryset)."""
    wanting = []
    for subscription in subscriptions:
        if subscription.claim_filter:
            filterset = ClaimFilterSet(query_dict(subscription.claim_filter), queryset=claims)
            # A filter that no longer validates (its place was deleted) matches nothing.
            if not filterset.is_valid() or not filterset.qs.exists():
                continue
        wanting.append(subscription)
    return wanting


def query_dict(claim_filter: dict[str, list[str]]) -> QueryDict:
    parameters = QueryDict(mutable=True)
    for name, values in claim_filter.items():
        parameters.setlist(name, values)
    return parameters


def _store(event_type: str, lane: str, data: dict, subscriptions) -> WebhookEvent:
    now = timezone.now()
    body = orjson.dumps(
        {"type": event_type, "timestamp": now, "data": data}, option=orjson.OPT_UTC_Z
    )
    event = WebhookEvent.objects.create(type=event_type, occurred_at=now, body=body.decode())
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=event, lane=lane, next_attempt_at=now)
        for subscription in subscriptions
    )
    for subscription in subscriptions:
        if subscription.state == SubscriptionState.ACTIVE:
            tasks.deliver.enqueue(subscription.pk, lane)
    return event


def _place_lane(place_id: int) -> str:
    return f"place:{place_id}"


def _links() -> rep.Links:
    return rep.links_for(settings.SITE_URL + "/")


def _without_identities(verification: dict) -> dict:
    """The API's verification without who recorded it: payloads go to outside systems, which
    must never learn editors' identities. Taking a claim into review writes the editor's name
    into the rationale, so that rationale is replaced too."""
    verification.pop("recorded_by", None)
    if verification["status"] == Status.IN_REVIEW:
        verification["rationale"] = "Taken into review."
    return verification
