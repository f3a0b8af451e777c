"""Every change to webhook subscriptions, for the API and the account page alike.

Each function is atomic and validated. Callers find the subscription among the user's own
(``owned_by``), so nobody can see or change another account's endpoints.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_filters import MultipleChoiceFilter

from claims.filtersets import ClaimFilterSet
from claims.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from claims.models.webhooks import SUBSCRIBABLE_EVENTS, DeliveryState, SubscriptionState
from claims.text import check_text_field, single_line_text
from claims.webhooks import events, safety, signing, tasks

MAX_PER_ACCOUNT = 20
DESCRIPTION_MAX_LENGTH = 200
# The claims list's parameters, less the one that only makes sense for a single request.
FILTER_PARAMETERS = [name for name in ClaimFilterSet.base_filters if name != "updated_since"]
MAX_FILTER_VALUES = 20
MAX_VALUE_LENGTH = 200


def owned_by(user):
    """The user's subscriptions, each with how many messages wait for it."""
    pending = Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING))
    return WebhookSubscription.objects.filter(owner=user).annotate(pending=pending)


def clean_filter(raw) -> dict[str, list[str]]:
    """Claims-list parameters as the claims list itself validates them."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValidationError({"filter": "Give an object of claims-list parameters."})
    cleaned, errors = {}, {}
    for name, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if name not in FILTER_PARAMETERS:
            errors[f"filter.{name}"] = (
                f"Unknown parameter. Known ones: {', '.join(FILTER_PARAMETERS)}."
            )
        elif not values or len(values) > MAX_FILTER_VALUES or not all(map(_plain, values)):
            errors[f"filter.{name}"] = (
                f"Give 1 to {MAX_FILTER_VALUES} strings of 1 to {MAX_VALUE_LENGTH} characters, "
                "with no control characters."
            )
        elif len(values) > 1 and not isinstance(
            ClaimFilterSet.base_filters[name], MultipleChoiceFilter
        ):
            errors[f"filter.{name}"] = "Give this parameter once."
        else:
            cleaned[name] = values
    if not errors:
        filterset = ClaimFilterSet(events.query_dict(cleaned))
        if not filterset.is_valid():
            for name, messages in filterset.errors.items():
                errors[f"filter.{name}"] = list(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _plain(value) -> bool:
    """A value the filters can take to the database (which cannot compare a NUL)."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_VALUE_LENGTH:
        return False
    try:
        single_line_text(value)
    except ValidationError:
        return False
    return True


def clean_event_types(raw) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(e, str) for e in raw):
        raise ValidationError(
            {"events": f"Choose one or more of: {', '.join(SUBSCRIBABLE_EVENTS)}."}
        )
    unknown = sorted(set(raw) - set(SUBSCRIBABLE_EVENTS))
    if unknown:
        raise ValidationError(
            {"events": f"Unknown: {', '.join(unknown)}. Known: {', '.join(SUBSCRIBABLE_EVENTS)}."}
        )
    return [e for e in SUBSCRIBABLE_EVENTS if e in raw]


@transaction.atomic
def subscription_create(
    *, owner, url: str, event_types, claim_filter=None, description: str = ""
) -> WebhookSubscription:
    """Register an endpoint. Its signing secret is made here; show it to the owner once."""
    if not owner.is_authenticated or not owner.is_active:
        raise PermissionDenied("Only active accounts can have webhooks.")
    errors = {}

    def checked(field: str, clean, value):
        try:
            return clean(value)
        except ValidationError as invalid:
            errors.update(
                invalid.message_dict
                if hasattr(invalid, "error_dict")
                else {field: invalid.messages}
            )
            return value

    url = checked("url", safety.validate_url, url)
    event_types = checked("events", clean_event_types, event_types)
    claim_filter = checked("filter", clean_filter, claim_filter)
    description = (description or "").strip()
    checked(
        "description",
        lambda text: check_text_field("description", text, max_length=DESCRIPTION_MAX_LENGTH),
        description,
    )
    if errors:
        raise ValidationError(errors)
    # Counted under a lock on the account, so two requests at once cannot both take the last one.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    if WebhookSubscription.objects.filter(owner=owner).count() >= MAX_PER_ACCOUNT:
        raise ValidationError(
            {"url": f"An account can have {MAX_PER_ACCOUNT} webhooks; delete one first."}
        )
    return WebhookSubscription.objects.create(
        owner=owner,
        url=url,
        description=description,
        event_types=event_types,
        claim_filter=claim_filter,
        secret=signing.new_secret(),
    )


@transaction.atomic
def subscription_pause(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Stop sending. Messages keep being stored and wait for the subscription to be resumed."""
    subscription = _locked(subscription)
    if subscription.state == SubscriptionState.ACTIVE:
        subscription.state = SubscriptionState.PAUSED
        subscription.paused_reason = "Paused by its owner."
        subscription.paused_at = timezone.now()
        subscription.save(update_fields=["state", "paused_reason", "paused_at"])
    return subscription


@transaction.atomic
def subscription_resume(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Send again, starting now with each lane's oldest waiting message."""
    subscription = _locked(subscription)
    if subscription.state == SubscriptionState.ACTIVE:
        return subscription
    now = timezone.now()
    subscription.state = SubscriptionState.ACTIVE
    subscription.paused_reason = ""
    subscription.paused_at = None
    subscription.failing_since = None
    subscription.save(update_fields=["state", "paused_reason", "paused_at", "failing_since"])
    waiting = WebhookDelivery.objects.filter(subscription=subscription, state=DeliveryState.PENDING)
    heads = waiting.values("lane").annotate(first=Min("id"))
    WebhookDelivery.objects.filter(id__in=[h["first"] for h in heads]).update(next_attempt_at=now)
    for head in heads:
        tasks.deliver.enqueue(subscription.pk, head["lane"])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Remove the endpoint with its waiting messages and its attempts."""
    _locked(subscription).delete()


@transaction.atomic
def subscription_send_test(*, subscription: WebhookSubscription) -> WebhookEvent:
    """Queue a ``webhook.test`` message for this endpoint alone."""
    return events.test_message(_locked(subscription))


def _locked(subscription: WebhookSubscription) -> WebhookSubscription:
    return WebhookSubscription.objects.select_for_update(no_key=True).get(pk=subscription.pk)
