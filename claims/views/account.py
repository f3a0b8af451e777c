"""The account page: an editor's API tokens and webhooks; changing the password."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from claims import logins, services
from claims.labels import TranslatedLabels
from claims.views import webhooks


class TokenForm(TranslatedLabels, forms.Form):
    days = forms.IntegerField(
        min_value=1,
        max_value=services.MAX_TOKEN_DAYS,
        initial=90,
        label=gettext_lazy("Valid for (days)"),
    )


@login_required
def account(request):
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if logins.is_locked_out(request, request.user.get_username()):
            # Whoever holds this session may be the one guessing the password.
            form.add_error(
                None,
                gettext_lazy(
                    "This account is locked after repeated wrong passwords, so no token can be "
                    "created now. Try again when the lock ends, or ask an administrator."
                ),
            )
        elif form.is_valid():
            try:
                _, new_token = services.api_token_create(
                    user=request.user, days=form.cleaned_data["days"]
                )
            except ValidationError as invalid:
                form.add_error("days", invalid.messages[0])
    else:
        form = TokenForm()
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    context = {
        "form": form,
        "tokens": tokens,
        "new_token": new_token,
        "now": timezone.now(),
        "section": "account",
        **webhooks.section_context(request.user),
    }
    return render(request, "claims/account.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def token_revoke(request):
    key = request.POST.get("token_key", "")[:25]
    if services.api_token_revoke(user=request.user, token_key=key):
        messages.success(request, gettext_lazy("Token revoked: it no longer works."))
    else:
        messages.error(request, gettext_lazy("No such token on your account."))
    return redirect("account")


class PasswordChange(PasswordChangeView):
    """Django's password change, through the service that also revokes the account's tokens."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        revoked = services.account_password_set(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(
            self.request,
            gettext_lazy(
                "Password changed. Your API tokens were revoked (%(count)s): create new ones "
                "below for the scripts that still need them."
            )
            % {"count": revoked},
        )
        return HttpResponseRedirect(self.get_success_url())
