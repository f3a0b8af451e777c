"""The editor desk: review queue, verification, claim entry and editing, catalogue records.

Views collect input with a form, call one service and report its outcome. The rules (who may
record what, what evidence a verdict needs, stale versions) are enforced by the services.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from claims import pickers, selectors, services
from claims.filtersets import ClaimFilterSet
from claims.forms import (
    ActorForm,
    CitationFormSet,
    EditClaimForm,
    NewClaimForm,
    PlaceForm,
    SourceForm,
    VerificationForm,
    citation_initial,
    claim_initial,
    initial_from,
)
from claims.languages import local_name
from claims.models import Actor, Claim, Place, Source
from claims.numbers import whole_number
from claims.pagination import KeysetPaginator
from claims.views import merging

QUEUE_PAGE_SIZE = 50


def permission_required(permission: str):
    """Anonymous visitors go to the login page; logged-in users without ``permission`` get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(
                    _("Your account cannot do this (%(permission)s).") % {"permission": permission}
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form's fields where it has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = getattr(form, "service_fields", {})
    for name, errors in error.message_dict.items():
        name = renamed.get(name, name)
        target = name if name in form.fields else None
        for message in errors:
            # A field the form does not show is named; the record as a whole is not.
            named = target or name == NON_FIELD_ERRORS
            form.add_error(target, message if named else f"{name}: {message}")


# --- Review queue ---------------------------------------------------------------------------


@permission_required(services.PERM_VERIFY)
def review_queue(request):
    filterset = ClaimFilterSet(request.GET, queryset=selectors.review_queue(), request=request)
    context = {"filterset": filterset, "section": "review"}
    if not filterset.is_valid():
        return render(request, "claims/review_queue.html", context, status=400)
    paginator = KeysetPaginator("stated_at", descending=False, page_size=QUEUE_PAGE_SIZE)
    try:
        context["page"] = paginator.paginate(filterset.qs, request.GET.get("cursor"))
    except ValidationError as invalid:
        context["cursor_error"] = invalid.messages[0]
        return render(request, "claims/review_queue.html", context, status=400)
    return render(request, "claims/review_queue.html", context)


@require_POST
@permission_required(services.PERM_VERIFY)
def claim_take(request, pk):
    claim = get_object_or_404(
        Claim.objects.select_related("current_verification__recorded_by"), pk=pk
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("claims:review")
    version = whole_number(request.POST.get("version", ""))
    if version is None:
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect(reverse("claims:review"))
    try:
        services.claim_take_into_review(
            claim=claim,
            expected_version=version,
            user=request.user,
            take_over=request.POST.get("take_over") == "yes",
        )
    except services.HeldByAnother as held:
        context = {"claim": claim, "held": held, "next": next_url, "section": "review"}
        return render(request, "claims/take_over.html", context, status=409)
    except services.StaleVersion as stale:
        messages.error(
            request,
            _(
                "Someone changed claim %(number)s before you took it: it is now “%(status)s”. "
                "Nothing was changed."
            )
            % {"number": claim.pk, "status": stale.claim.get_status_display()},
        )
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(
            request, _("You have taken claim %(number)s into review.") % {"number": claim.pk}
        )
        return redirect(next_url)
    return redirect(reverse("claims:review"))


@require_POST
@permission_required(services.PERM_VERIFY)
def claim_release(request, pk):
    """Hand a claim one holds back to the review queue."""
    claim = get_object_or_404(Claim.objects.select_related("current_verification"), pk=pk)
    version = whole_number(request.POST.get("version", ""))
    if version is None:
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect(reverse("claims:review"))
    try:
        services.claim_release(claim=claim, expected_version=version, user=request.user)
    except services.StaleVersion as stale:
        messages.error(
            request,
            _(
                "Someone changed claim %(number)s meanwhile: it is now “%(status)s”. Nothing "
                "was changed."
            )
            % {"number": claim.pk, "status": stale.claim.get_status_display()},
        )
    except (ValidationError, PermissionDenied) as refused:
        messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
    else:
        messages.success(
            request,
            _("Claim %(number)s is back in the review queue, held by no one.") % {"number": pk},
        )
    return redirect(reverse("claims:review"))


# --- Verification ---------------------------------------------------------------------------


@permission_required(services.PERM_VERIFY)
def claim_verify(request, pk):
    claim = get_object_or_404(Claim.objects.with_related(), pk=pk)
    candidates = selectors.evidence_candidates(claim)
    options = {"claim": claim, "user": request.user, "candidates": candidates}
    status, changes, field_changes, found = 200, None, [], []
    if request.method == "POST" and request.POST.get("find") == "evidence":
        # The search button of the evidence picker, for browsers without JavaScript.
        found = pickers.find_sources(request.POST.get("evidence_q", ""))
        form = VerificationForm(initial=initial_from(request.POST), **options)
    elif request.method == "POST":
        form = VerificationForm(request.POST, **options)
        if form.is_valid():
            try:
                services.verification_record(
                    claim=claim, user=request.user, **form.service_arguments()
                )
            except services.StaleVersion as stale:
                changes = selectors.changes_since(stale.claim, stale.expected)
                field_changes = stale.changes
                form = _rebased(VerificationForm, request.POST, stale.claim, options)
                status = 409
            except PermissionDenied as denied:
                form.add_error("status", str(denied))
                status = 403
            except ValidationError as invalid:
                add_service_errors(form, invalid)
                status = 400
            else:
                messages.success(request, _("Verification recorded."))
                return redirect(claim.get_absolute_url())
        else:
            status = 400
    else:
        form = VerificationForm(initial={"version": claim.version}, **options)
    context = {
        "claim": claim,
        "form": form,
        "changes": changes,
        "field_changes": field_changes,
        "evidence_offered": form.evidence_offered(found),
        "found": found,
        "section": "review",
    }
    return render(request, "claims/claim_verify.html", context, status=status)


def _rebased(form_class, data, current: Claim, options):
    """The editor's input unchanged, on top of the claim's current version, ready to resubmit."""
    data = data.copy()
    data["version"] = str(current.version)
    form = form_class(data, **options)
    form.is_valid()
    return form


# --- Claims ---------------------------------------------------------------------------------


def _answers(request, exclude=None):
    """The "Find" button of the answers picker, for browsers without JavaScript."""
    place = Place.objects.filter(slug=request.POST.get("place", "")[:200]).first()
    return pickers.find_answerable(request.POST.get("answers_q", ""), place=place, exclude=exclude)


@permission_required(services.PERM_ADD_CLAIM)
def claim_new(request):
    place = Place.objects.filter(slug=request.GET.get("place", "")).first()
    duplicates = []
    if request.method == "POST" and request.POST.get("find") == "answers":
        form = NewClaimForm(initial=initial_from(request.POST), found_answers=_answers(request))
        citations = CitationFormSet(request.POST, prefix="citations")
        status = 200
    elif request.method == "POST":
        form = NewClaimForm(request.POST)
        citations = CitationFormSet(request.POST, prefix="citations")
        if form.is_valid() and citations.is_valid():
            data = form.claim_input([c for c in (f.as_input() for f in citations) if c])
            try:
                claim = services.claim_create(
                    data=data,
                    user=request.user,
                    allow_duplicate=form.cleaned_data["not_a_duplicate"],
                )
            except services.LikelyDuplicate as likely:
                duplicates = list(likely.duplicates.select_related("claimant", "side"))
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            else:
                messages.success(request, _("Claim recorded."))
                return redirect(claim.get_absolute_url())
        status = 400

    else:
        initial = {"place": place.slug} if place else {}
        form = NewClaimForm(initial=initial)
        citations = CitationFormSet(prefix="citations")
        status = 200
    context = {
        "form": form,
        "citations": citations,
        "duplicates": duplicates,
        "title": _("New claim"),
        "section": "review",
    }
    return render(request, "claims/claim_form.html", context, status=status)


@permission_required(services.PERM_CHANGE_CLAIM)
def claim_edit(request, pk):
    claim = get_object_or_404(Claim.objects.with_related(), pk=pk)
    options = {"place": claim.place}
    status, conflict = 200, None
    if request.method == "POST" and request.POST.get("find") == "answers":
        found = _answers(request, exclude=claim.pk)
        form = EditClaimForm(initial=initial_from(request.POST), found_answers=found, **options)
        citations = CitationFormSet(request.POST, prefix="citations")
    elif request.method == "POST":
        form = EditClaimForm(request.POST, **options)
        citations = CitationFormSet(request.POST, prefix="citations")
        if form.is_valid() and citations.is_valid():
            mine = form.claim_values()
            mine_citations = [c for c in (f.as_input() for f in citations) if c]
            try:
                services.claim_update(
                    claim=claim,
                    expected_version=form.cleaned_data["version"],
                    seen_version=form.cleaned_data["seen_version"],
                    choices=form.choices(),
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    citations=mine_citations,
                    **mine,
                )
            except services.StaleVersion as stale:
                conflict = merging.Conflict.build(stale, {**mine, "citations": mine_citations})
                data = merging.rebased_data(request.POST, stale, conflict)
                form = EditClaimForm(data, conflicts=stale.conflicts, **options)
                citations = CitationFormSet(data, prefix="citations")
                form.is_valid()
                citations.is_valid()
                status = 409
            except ValidationError as invalid:
                add_service_errors(form, invalid)
                status = 400
            else:
                messages.success(request, _("Claim updated."))
                return redirect(claim.get_absolute_url())
        else:
            status = 400
    else:
        form = EditClaimForm(initial=claim_initial(claim), **options)
        citations = CitationFormSet(initial=citation_initial(claim), prefix="citations")
    context = {
        "form": form,
        "citations": citations,
        "claim": claim,
        "conflict": conflict,
        "title": _("Edit claim %(number)s") % {"number": claim.pk},
        "section": "review",
    }
    return render(request, "claims/claim_form.html", context, status=status)


# --- Catalogue: places, actors, sources -----------------------------------------------------


def _catalogue_form(request, form_class, instance, *, title, cancel_url):
    """Create or edit one catalogue record through services.catalogue_save."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            record = form.save(commit=False)
            if record.pk is None and hasattr(record, "slug") and not record.slug:
                record.slug = services.unique_slug(type(record), record.name)
            seen = form.seen() if instance is not None else None
            try:
                services.catalogue_save(instance=record, user=request.user, seen=seen)
            except ValidationError as invalid:
                add_service_errors(form, invalid)
                if instance is not None:
                    form.show_now()
            except PermissionDenied as denied:
                # A field this editor may not change (a source's publisher, once set): the form
                # says so beside it and keeps the rest of the edit.
                form.add_error("publisher" if "publisher" in form.fields else None, str(denied))
            else:
                messages.success(request, _("Saved %(record)s.") % {"record": record})
                return redirect(record.get_absolute_url())
        status = 400
    else:
        form = form_class(instance=instance)
    context = {"form": form, "title": title, "cancel_url": cancel_url, "section": "review"}
    return render(request, "claims/catalogue_form.html", context, status=status)


def _catalogue_views(model, form_class, *, new_title, list_url, named=local_name):
    """The "new" and "edit" views of one catalogue model, under its add and change permissions;
    the edit view finds the record by the URL's ``slug`` or ``pk``."""
    label = f"{model._meta.app_label}.%s_{model._meta.model_name}"

    @permission_required(label % "add")
    def new(request):
        return _catalogue_form(
            request, form_class, None, title=str(new_title), cancel_url=reverse(list_url)
        )

    @permission_required(label % "change")
    def edit(request, **lookup):
        record = get_object_or_404(model, **lookup)
        title = _("Edit %(record)s") % {"record": named(record)}
        return _catalogue_form(
            request, form_class, record, title=title, cancel_url=record.get_absolute_url()
        )

    return new, edit


place_new, place_edit = _catalogue_views(
    Place, PlaceForm, new_title=gettext_lazy("New place"), list_url="claims:place_list"
)
actor_new, actor_edit = _catalogue_views(
    Actor, ActorForm, new_title=gettext_lazy("New actor"), list_url="claims:actor_list"
)
source_new, source_edit = _catalogue_views(
    Source,
    SourceForm,
    new_title=gettext_lazy("New source"),
    list_url="claims:claim_list",
    named=str,
)
