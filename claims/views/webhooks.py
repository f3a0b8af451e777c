"""Webhooks on the account page: subscribe, pause, resume, test, delete, see the attempts.

The same services as /api/v1/webhooks/; only the account's own subscriptions are reachable.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from claims.filtersets import ClaimFilterSet
from claims.labels import TranslatedLabels
from claims.models import WebhookAttempt
from claims.models.webhooks import SUBSCRIBABLE_EVENTS, EventType
from claims.webhooks import subscriptions

FILTER_PREFIX = "filter"
# The claims list's filters most useful for a subscription; the API takes all of them.
FILTER_FIELDS = ("place", "region", "side", "claimant", "verb", "status")
ATTEMPTS_SHOWN = 100


class WebhookForm(TranslatedLabels, forms.Form):
    url = forms.CharField(
        max_length=1000,
        label=_("Endpoint URL"),
        widget=forms.URLInput(attrs={"placeholder": "https://example.org/claimtracker-hook"}),
        help_text=_("HTTPS on a public address. Redirects are not followed."),
    )
    description = forms.CharField(
        max_length=subscriptions.DESCRIPTION_MAX_LENGTH, required=False, label=_("Description")
    )
    events = forms.MultipleChoiceField(
        choices=[(value, EventType(value).label) for value in SUBSCRIBABLE_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        initial=SUBSCRIBABLE_EVENTS,
        label=_("Events"),
    )


def filter_form(data=None):
    """The claims list's own filter fields, to narrow a subscription down."""
    form = ClaimFilterSet(data, prefix=FILTER_PREFIX).form
    for name in list(form.fields):
        if name not in FILTER_FIELDS:
            del form.fields[name]
    return form


def section_context(user, *, form=None, filters=None) -> dict:
    """What the account page's webhook section shows."""
    return {
        "webhooks": subscriptions.owned_by(user).order_by("-created_at"),
        "webhook_form": form or WebhookForm(),
        "webhook_filters": filters or filter_form(),
        "webhook_limit": subscriptions.MAX_PER_ACCOUNT,
    }


@require_POST
@login_required
def webhook_create(request):
    form = WebhookForm(request.POST)
    filters = filter_form(request.POST)
    # The filter form refuses an unknown place itself; asking the service too would repeat it.
    if form.is_valid() and filters.is_valid():
        claim_filter = {
            name: values
            for name in FILTER_FIELDS
            if (values := [v for v in request.POST.getlist(f"{FILTER_PREFIX}-{name}") if v])
        }
        try:
            created = subscriptions.subscription_create(
                owner=request.user,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["events"],
                claim_filter=claim_filter,
                description=form.cleaned_data["description"],
            )
        except ValidationError as invalid:
            _show_errors(invalid, form, filters)
        else:
            context = {"subscription": created, "section": "account"}
            return render(request, "claims/webhook_created.html", context)
    context = {"webhook_form": form, "webhook_filters": filters, "section": "account"}
    return render(request, "claims/webhook_new.html", context, status=400)


def _show_errors(invalid: ValidationError, form, filters) -> None:
    for name, problems in invalid.message_dict.items():
        field = name.removeprefix("filter.")
        if name.startswith("filter.") and field in filters.fields:
            filters.add_error(field, problems)
        elif name in form.fields:
            form.add_error(name, problems)
        else:
            form.add_error(None, problems)


ACTIONS = {
    "pause": (subscriptions.subscription_pause, _("Paused: nothing is sent until you resume it.")),
    "resume": (
        subscriptions.subscription_resume,
        _("Resumed: waiting messages are on their way."),
    ),
    "test": (subscriptions.subscription_send_test, _("A test message is on its way.")),
    "delete": (subscriptions.subscription_delete, _("Deleted, with its waiting messages.")),
}


@require_POST
@login_required
def webhook_action(request, pk, action):
    subscription = get_object_or_404(subscriptions.owned_by(request.user), pk=pk)
    service, done = ACTIONS[action]
    service(subscription=subscription)
    messages.success(request, done)
    if action in ("test", "resume"):
        return redirect("webhook_detail", pk=pk)
    return redirect(reverse("account") + "#webhooks-heading")


@login_required
def webhook_detail(request, pk):
    subscription = get_object_or_404(subscriptions.owned_by(request.user), pk=pk)
    attempts = (
        WebhookAttempt.objects.filter(subscription=subscription)
        .select_related("delivery__event")
        .order_by("-attempted_at", "-id")[:ATTEMPTS_SHOWN]
    )
    context = {"subscription": subscription, "attempts": attempts, "section": "account"}
    return render(request, "claims/webhook_detail.html", context)
