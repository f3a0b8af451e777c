"""The desk's type-ahead pickers: htmx asks these for the choices matching what was typed.

Each answers a fragment that replaces the picker's choices; without JavaScript the forms' own
"Find" buttons do the same search and render the whole page (see the desk views).
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import pickers, services
from claims.forms import ClaimForm, initial_from
from claims.models import Place
from claims.views.desk import permission_required


def find_query(data, name: str) -> str:
    return (data.get(name) or "")[: pickers.QUERY_MAX_LENGTH]


@require_GET
@permission_required(services.PERM_VERIFY)
def sources(request):
    """Tick boxes for the sources matching ``evidence_q``, keeping those already ticked."""
    found = pickers.find_sources(find_query(request.GET, "evidence_q"))
    ticked = request.GET.getlist("evidence")
    # Those ticked among earlier results stay, so a second search does not drop them.
    kept = {s.pk: s for s in [*pickers.sources_by_id(ticked), *found]}
    offered = [(s, pickers.source_label(s), str(s.pk) in ticked) for s in kept.values()]
    context = {"offered": offered, "query": request.GET.get("evidence_q", "")}
    return render(request, "includes/source_choices.html", context)


@require_GET
@permission_required(services.PERM_ADD_CLAIM)
def answerable_claims(request):
    """The options of the "answers" list: none, the one chosen, and the claims matching
    ``answers_q`` about the chosen place."""
    place = Place.objects.filter(slug=request.GET.get("place", "")[:200]).first()
    exclude = request.GET.get("exclude", "")
    found = pickers.find_answerable(
        find_query(request.GET, "answers_q"),
        place=place,
        exclude=int(exclude) if exclude.isdecimal() and exclude.isascii() else None,
    )
    form = ClaimForm(initial=initial_from(request.GET), found_answers=found)
    context = {"field": form["answers"], "count": len(found)}
    return render(request, "includes/answer_choices.html", context)
