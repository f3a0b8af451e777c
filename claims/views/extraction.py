"""The desk's article extraction: paste an article, review what it reports, accept some.

Nothing is written until the editor accepts: the review page carries the article and every
proposal in its form, and accepting records them in one transaction
(:func:`claims.services.article_claims_record`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims import selectors, services
from claims.extract_forms import (
    MAX_PROPOSALS,
    ArticleForm,
    ProposalForm,
    ProposedVerificationForm,
    article_initial,
    proposal_initial,
    verification_initial,
)
from claims.extraction import InputRefused
from claims.extraction.proposals import segments
from claims.models import Source
from claims.views.desk import permission_required


@permission_required(services.PERM_ADD_CLAIM)
def extract(request):
    if request.method != "POST":
        initial = {}
        if request.GET.get("source", "").isdecimal():
            initial = article_initial(get_object_or_404(Source, pk=request.GET["source"]))
        return _paste(request, ArticleForm(initial=initial))
    article = ArticleForm(request.POST)
    if not article.is_valid():
        return _paste(request, article, status=400)
    try:
        result = selectors.article_proposals(
            article.cleaned_data["text"],
            published=article.cleaned_data["published"],
            publisher=getattr(article.cleaned_data.get("publisher"), "slug", None),
        )
    except InputRefused as refused:
        article.add_error("text", str(refused))
        return _paste(request, article, status=400)
    # The pages that follow carry the text as it was read, not the paste with its debris (a NUL
    # in the page's HTML, markup): reading it again proposes the same.
    article.data = article.data.copy()
    article.data["text"] = result.text
    if request.POST.get("action") == "record":
        return _record(request, article, result)
    gazetteer = selectors.extraction_gazetteer()
    count = len(result.claims)
    claim_forms = [
        ProposalForm(prefix=f"c{i}", initial=proposal_initial(p, gazetteer), count=count)
        for i, p in enumerate(result.claims[:MAX_PROPOSALS])
    ]
    verification_forms = [
        ProposedVerificationForm(prefix=f"v{i}", initial=verification_initial(v))
        for i, v in enumerate(result.verifications[:MAX_PROPOSALS])
    ]
    return _review(request, article, result, claim_forms, verification_forms)


def _paste(request, form, status=200):
    context = {"form": form, "section": "review"}
    return render(request, "claims/extract_paste.html", context, status=status)


def _review(request, article, result, claim_forms, verification_forms, *, status=200, extra=None):
    rows = [
        {"form": form, "proposal": proposal, "pieces": segments(proposal.quote, proposal.marks)}
        for form, proposal in zip(claim_forms, result.claims, strict=False)
    ]
    checks = [
        {"form": form, "proposal": proposal, "pieces": segments(proposal.quote, proposal.marks)}
        for form, proposal in zip(verification_forms, result.verifications, strict=False)
    ]
    context = {
        "article": article,
        "result": result,
        "rows": rows,
        "checks": checks,
        "section": "review",
        **(extra or {}),
    }
    return render(request, "claims/extract_review.html", context, status=status)


def _record(request, article, result):
    count = len(result.claims)
    claim_forms = [
        ProposalForm(request.POST, prefix=f"c{i}", count=count)
        for i in range(min(count, MAX_PROPOSALS))
    ]
    verification_forms = [
        ProposedVerificationForm(request.POST, prefix=f"v{i}")
        for i in range(min(len(result.verifications), MAX_PROPOSALS))
    ]
    valid = all(f.is_valid() for f in claim_forms + verification_forms)
    if not valid:
        return _review(request, article, result, claim_forms, verification_forms, status=400)
    published_at = article.published_at()
    accepted = [
        form.proposed(i, published_at=published_at)
        for i, form in enumerate(claim_forms)
        if form.accepted
    ]
    checks = [f.proposed(published_at=published_at) for f in verification_forms if f.accepted]
    duplicates = _duplicates(claim_forms, accepted)
    if duplicates:
        extra = {"duplicates": duplicates}
        return _review(
            request, article, result, claim_forms, verification_forms, status=409, extra=extra
        )
    try:
        recorded = services.article_claims_record(
            article=article.article_input(),
            claims=accepted,
            verifications=checks,
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        _attach(error, article, claim_forms, verification_forms, checks)
        return _review(request, article, result, claim_forms, verification_forms, status=400)
    messages.success(
        request,
        _("Recorded %(claims)s and %(verifications)s from “%(source)s”.")
        % {
            "claims": ngettext("%(count)d claim", "%(count)d claims", len(recorded.claims))
            % {"count": len(recorded.claims)},
            "verifications": ngettext(
                "%(count)d verification", "%(count)d verifications", len(recorded.verifications)
            )
            % {"count": len(recorded.verifications)},
            "source": recorded.source.title,
        },
    )
    return redirect(recorded.source.get_absolute_url())


def _duplicates(claim_forms, accepted) -> list[tuple[int, list]]:
    """Accepted proposals whose claimant said something about the place that day already."""
    found = []
    for item in accepted:
        form = claim_forms[item.index]
        data = item.data
        # A place or claimant created with the claim has nothing on file to duplicate.
        if form.cleaned_data.get("not_a_duplicate") or data.claimant is None or data.place is None:
            continue
        same = list(
            services.likely_duplicates(
                claimant=data.claimant, place=data.place, stated_at=data.stated_at
            ).select_related("claimant", "side", "place")
        )
        if same:
            form.add_error("not_a_duplicate", "A claim like this is on file: see above.")
            found.append((item.index + 1, same))
    return found


def _attach(error, article, claim_forms, verification_forms, checks) -> None:
    """A service error shown on the proposal it concerns."""
    if isinstance(error, PermissionDenied):
        article.add_error(None, str(error))
        return
    accepted_checks = [i for i, f in enumerate(verification_forms) if f.accepted]
    for key, problems in error.message_dict.items():
        kind, _, number = key.partition("-")
        if kind == "claim" and number.isdecimal() and int(number) < len(claim_forms):
            claim_forms[int(number)].add_error(None, problems)
        elif kind == "verification" and number.isdecimal() and int(number) < len(checks):
            verification_forms[accepted_checks[int(number)]].add_error(None, problems)
        elif key in article.fields:
            article.add_error(key, problems)
        else:
            article.add_error(None, [f"{key}: {p}" if key != "__all__" else p for p in problems])
