"""/api/v1/webhooks/: a token holder's endpoints, their attempts, and test messages.

Each account sees and changes only its own subscriptions (another's is a 404). The views call
``claims.webhooks.subscriptions``, as the account page does.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from claims import parameters
from claims.api import idempotency
from claims.api.base import json_response, links
from claims.api.errors import as_drf_validation_error
from claims.api.idempotency import idempotent
from claims.api.webhook_serializers import (
    TestQueuedSerializer,
    WebhookAttemptPageSerializer,
    WebhookAttemptSerializer,
    WebhookCreatedSerializer,
    WebhookInputSerializer,
    WebhookSerializer,
)
from claims.models import WebhookAttempt
from claims.models.webhooks import DeliveryState
from claims.pagination import KeysetPaginator
from claims.webhooks import subscriptions

TAG = ["webhooks"]
NOT_YOURS = OpenApiResponse(description="No subscription of yours here.")
ANONYMOUS = OpenApiResponse(description="Send a token: Authorization: Token …")


def subscription_dict(subscription, request) -> dict:
    api_url = f"{links(request).base}/api/v1/webhooks/{subscription.pk}/"
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "description": subscription.description,
        "events": subscription.event_types,
        "filter": subscription.claim_filter,
        "state": subscription.state,
        "paused_reason": subscription.paused_reason,
        "paused_at": subscription.paused_at,
        "failing_since": subscription.failing_since,
        "last_success_at": subscription.last_success_at,
        "pending_messages": getattr(subscription, "pending", 0),
        "created_at": subscription.created_at,
        "api_url": api_url,
        "attempts_url": f"{api_url}attempts/",
    }


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as invalid:
        raise as_drf_validation_error(invalid) from None


class OwnSubscriptionView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return subscriptions.owned_by(self.request.user).order_by("id")

    def subscription(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)


@extend_schema(tags=TAG)
class WebhookList(OwnSubscriptionView):
    serializer_class = WebhookSerializer

    @extend_schema(
        summary="Your webhook subscriptions",
        responses={200: WebhookSerializer(many=True), 401: ANONYMOUS},
    )
    def get(self, request, **kwargs):
        return json_response([subscription_dict(s, request) for s in self.get_queryset()])

    @extend_schema(
        summary="Subscribe an endpoint",
        description=(
            "Messages follow the Standard Webhooks specification: headers `webhook-id`, "
            "`webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of "
            "`id.timestamp.body` with the secret returned here, once). Deliveries are retried "
            "with backoff while they fail; a subscription that fails for 3 days is paused."
        ),
        request=WebhookInputSerializer,
        parameters=[idempotency.PARAMETER],
        responses={201: WebhookCreatedSerializer, 422: idempotency.KEY_REUSED},
    )
    @idempotent
    def post(self, request, **kwargs):
        payload = WebhookInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        created = _call(
            subscriptions.subscription_create,
            owner=request.user,
            url=data["url"],
            event_types=data["events"],
            claim_filter=data["filter"],
            description=data.get("description", ""),
        )
        body = subscription_dict(created, request)
        body["secret"] = created.secret
        response = json_response(body, status=201)
        response["Location"] = body["api_url"]
        return response


@extend_schema(tags=TAG)
class WebhookDetail(OwnSubscriptionView):
    serializer_class = WebhookSerializer

    @extend_schema(
        summary="One of your subscriptions",
        responses={200: WebhookSerializer, 401: ANONYMOUS, 404: NOT_YOURS},
    )
    def get(self, request, pk, **kwargs):
        return json_response(subscription_dict(self.subscription(pk), request))

    @extend_schema(
        summary="Delete a subscription with its waiting messages",
        responses={204: OpenApiResponse(description="Deleted."), 404: NOT_YOURS},
    )
    def delete(self, request, pk, **kwargs):
        subscriptions.subscription_delete(subscription=self.subscription(pk))
        return HttpResponse(status=204)


def _action_schema(summary: str, description: str):
    """The schema of a POST that changes a subscription's state and answers with it."""
    return extend_schema(
        tags=TAG,
        summary=summary,
        description=description,
        request=None,
        responses={200: WebhookSerializer, 404: NOT_YOURS},
    )


class _Action(OwnSubscriptionView):
    serializer_class = None
    service = None

    def post(self, request, pk, **kwargs):
        changed = type(self).service(subscription=self.subscription(pk))
        return json_response(subscription_dict(self.subscription(changed.pk), request))


@_action_schema(
    "Pause a subscription",
    "Nothing is sent until it is resumed; messages keep being queued meanwhile.",
)
class WebhookPause(_Action):
    service = staticmethod(subscriptions.subscription_pause)


@_action_schema(
    "Resume a subscription",
    "Also after it was paused for failing: the waiting messages are sent, in order.",
)
class WebhookResume(_Action):
    service = staticmethod(subscriptions.subscription_resume)


@extend_schema(
    tags=TAG,
    summary="Send a test message",
    description="Queues a `webhook.test` message for this endpoint; its attempts show how it went.",
    request=None,
    responses={202: TestQueuedSerializer, 404: NOT_YOURS},
)
class WebhookTest(OwnSubscriptionView):
    serializer_class = None

    def post(self, request, pk, **kwargs):
        event = subscriptions.subscription_send_test(subscription=self.subscription(pk))
        return json_response(
            {"message_id": event.message_id, "detail": "Queued; a worker sends it shortly."},
            status=202,
        )


ATTEMPT_COLUMNS = (
    "id",
    "attempted_at",
    "succeeded",
    "status_code",
    "duration_ms",
    "error",
    "response_excerpt",
    "delivery__event_id",
    "delivery__event__type",
    "delivery__state",
)


@extend_schema(
    tags=TAG,
    summary="Delivery attempts, newest first",
    description="Every attempt of the last 30 days: the answer's status, time and first bytes.",
    responses={200: WebhookAttemptPageSerializer, 401: ANONYMOUS, 404: NOT_YOURS},
    parameters=[
        OpenApiParameter(
            "cursor", OpenApiTypes.STR, description="From a previous answer's `next`."
        ),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": parameters.MAX_PAGE_SIZE},
            description=f"Rows per page, 1 to {parameters.MAX_PAGE_SIZE}.",
        ),
    ],
)
class WebhookAttempts(OwnSubscriptionView):
    serializer_class = WebhookAttemptSerializer
    pagination_class = None

    def get(self, request, pk, **kwargs):
        subscription = self.subscription(pk)
        unknown = set(request.GET) - parameters.PAGING_PARAMETERS
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in sorted(unknown)})
        paginator = KeysetPaginator(
            "attempted_at", descending=True, page_size=parameters.page_size(request)
        )
        rows = WebhookAttempt.objects.filter(subscription=subscription).values(*ATTEMPT_COLUMNS)
        try:
            page = paginator.paginate(rows, request.GET.get("cursor"))
        except DjangoValidationError as invalid:
            raise ValidationError({"cursor": invalid.messages}) from None
        results = [
            {
                "id": row["id"],
                "message_id": f"msg_{row['delivery__event_id'].hex}",
                "event_type": row["delivery__event__type"],
                "attempted_at": row["attempted_at"],
                "succeeded": row["succeeded"],
                "status_code": row["status_code"],
                "duration_ms": row["duration_ms"],
                "error": row["error"],
                "response_excerpt": row["response_excerpt"],
                "message_delivered": row["delivery__state"] == DeliveryState.DELIVERED,
            }
            for row in page.items
        ]
        next_url = None
        if page.next_cursor:
            query = request.GET.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return json_response({"results": results, "next": next_url, "has_more": page.has_more})
