"""The journalist pages: thin views that validate input, call a selector and render."""

import re
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from claims import (
    cards,
    control,
    formatting,
    jsonld,
    pictures,
    roles,
    selectors,
    sentences,
    services,
    timeline,
)
from claims.caching import anonymous_page, by_place
from claims.choices import Status, Verb
from claims.filtersets import (
    ActorFilterSet,
    ClaimFilterSet,
    PlaceFilterSet,
    ambiguities,
    as_of_date,
)
from claims.inputs import SearchField
from claims.languages import local_name
from claims.models import Actor, Claim, Place, Side, Source
from claims.pagination import KeysetPaginator
from claims.querysets import shown_through
from claims.selectors.markers import place_marker

CLAIMS_PER_PAGE = 50
PLACES_PER_PAGE = 50
ACTORS_PER_PAGE = 100


def _render(request, template, context, *, status=200, partial=None):
    """Render a page, or only its ``partial`` when htmx asks for a fragment."""
    if partial and request.htmx and not request.htmx.boosted:
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


@anonymous_page
def dashboard(request):
    return render(
        request, "claims/dashboard.html", {"data": selectors.dashboard(), "section": "home"}
    )


@anonymous_page
def place_list(request):
    filterset = PlaceFilterSet(
        request.GET,
        # A stored picture is read for each place listed; its stored disputes only by its page.
        queryset=Place.objects.select_related("parent", "state").defer("state__disputes"),
        request=request,
    )
    context = {"filterset": filterset, "section": "places"}
    if not filterset.is_valid():
        return _render(request, "claims/place_list.html", context, status=400, partial="results")
    places = filterset.qs.order_by(F("state__last_stated_at").desc(nulls_last=True), "name")
    page = Paginator(places, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    views = pictures.views(
        {p.pk: (p, pictures.stored(getattr(p, "state", None))) for p in page.object_list},
        claims=False,
    )
    context.update(
        page=page,
        pictures=views,
        markers=selectors.map_markers(places),
        map_tiles=_map_tiles(),
        # Every picture lists all the sides: the map's key reuses them rather than reading again.
        map_sides=next(iter(views.values())).sides if views else Side.objects.all(),
    )
    return _render(request, "claims/place_list.html", context, partial="results")


@anonymous_page(scope=by_place, parameters=("as_of",))
def place_detail(request, slug):
    place = selectors.page_place(slug)
    if place is None:
        raise Http404
    status, error = 200, None
    try:
        as_of = as_of_date(request.GET.get("as_of"))
    except ValidationError as invalid:
        as_of, status, error = None, 400, invalid.messages[0]
    unfold = request.GET.get("all") == "1"
    page = selectors.place_page(place, as_of, unfold=unfold)
    cards.attach(
        page.shown_entries, audience="newsroom" if roles.sees_editors(request.user) else "public"
    )
    context = {
        "page": page,
        "picture": page.picture,
        "sentence": sentences.for_place(page.picture),
        "as_of_error": error,
        "timeline": None if page.folded else _timeline(page),
        "unfold_url": _unfold_url(request.path, as_of),
        "markers": place_marker(place, page.stored, {side.pk: side for side in page.picture.sides}),
        "map_tiles": _map_tiles(),
        "map_sides": page.picture.sides,
        "statuses": Status.choices,
        "section": "places",
    }
    return render(request, "claims/place_detail.html", context, status=status)


def _timeline(page):
    rows = [
        (column.side.pk if column.side else None, _row_label(column.side))
        for column in page.columns
    ]
    return timeline.build(page.entries, rows, row_of=lambda e: e.claim.claimant_side_id)


def _unfold_url(path, as_of):
    """The place page with its folded parts in it, on the same day."""
    query = {"as_of": as_of.isoformat()} if as_of else {}
    return f"{path}?{urlencode({**query, 'all': '1'})}"


def _row_label(side):
    return local_name(side) if side else _("Third parties")


@anonymous_page
def claim_list(request):
    claims = Claim.objects.shown().select_related("current_verification")
    filterset = ClaimFilterSet(request.GET, queryset=claims, request=request)
    context = {"filterset": filterset, "section": "claims", "verbs": Verb, "statuses": Status}
    if not filterset.is_valid():
        # A name several records answer to is a question, not an error: offer the choices.
        context["ambiguous"] = ambiguities(filterset)
        return _render(request, "claims/claim_list.html", context, status=400, partial="results")
    paginator = KeysetPaginator("stated_at", descending=True, page_size=CLAIMS_PER_PAGE)
    try:
        page = paginator.paginate(filterset.qs, request.GET.get("cursor"))
    except ValidationError as invalid:
        context["cursor_error"] = invalid.messages[0]
        return _render(request, "claims/claim_list.html", context, status=400, partial="results")
    filtered = filterset.qs
    context.update(
        page=page,
        side_facets=selectors.facet_counts(
            filtered, "claimant__side__slug", "claimant__side__name"
        ),
        status_facets=selectors.facet_counts(filtered, "status"),
        verb_facets=selectors.facet_counts(filtered, "verb"),
        export_query=_without(request.GET, "cursor"),
    )
    return _render(request, "claims/claim_list.html", context, partial="results")


def _without(query, *names):
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


@anonymous_page
def claim_detail(request, pk):
    claim = get_object_or_404(
        Claim.objects.with_related().select_related(
            "place__parent",
            "claimant__parent",
            "answers__claimant__side",
            "answers__side",
            "implied_side",
        ),
        pk=pk,
    )
    page = selectors.claim_page(claim)
    url = request.build_absolute_uri(claim.get_absolute_url())
    review = jsonld.claim_review(
        claim, claim.current_verification, url=url, site_name=settings.SITE_NAME
    )
    context = {
        "claim": claim,
        "page": page,
        "sentence": sentences.for_claim(claim),
        "show_who": request.user.has_perm(services.PERM_VERIFY),
        "implied_text": control.describe(
            claim.implied_side.name if claim.implied_side_id else None, claim.implied_control
        ),
        "cite_text": formatting.citation_text(
            claim, permalink=url, site_name=settings.SITE_NAME, accessed=timezone.now()
        ),
        "claim_review": review,
        "permalink": url,
        "section": "claims",
    }
    return render(request, "claims/claim_detail.html", context)


@anonymous_page
def actor_list(request):
    filterset = ActorFilterSet(
        request.GET, queryset=Actor.objects.select_related("side", "parent"), request=request
    )
    context = {"filterset": filterset, "section": "actors"}
    if not filterset.is_valid():
        return _render(request, "claims/actor_list.html", context, status=400, partial="results")
    page = Paginator(filterset.qs.order_by("name"), ACTORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context["page"] = page
    return _render(request, "claims/actor_list.html", context, partial="results")


@anonymous_page
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.select_related("side", "parent"), slug=slug)
    claims = list(actor.claims.shown().order_by("-stated_at", "-id")[:CLAIMS_PER_PAGE])
    context = {
        "actor": actor,
        "claims": claims,
        "members": list(actor.members.select_related("side")),
        "track_record": selectors.actor_track_record(actor),
        "section": "actors",
    }
    return render(request, "claims/actor_detail.html", context)


@anonymous_page
def source_detail(request, pk):
    source = get_object_or_404(Source.objects.select_related("publisher", "publisher__side"), pk=pk)
    citations = list(
        source.citations.select_related(*shown_through("claim")).order_by("-claim__stated_at")
    )
    evidence = list(
        source.evidence_for.select_related(*shown_through("claim")).order_by("-decided_at")
    )
    context = {"source": source, "citations": citations, "evidence": evidence, "section": "claims"}
    return render(request, "claims/source_detail.html", context)


@anonymous_page
def search(request):
    field = SearchField(required=False)
    context = {"section": "search", "query": request.GET.get("q", "")}
    try:
        query = field.clean(context["query"])
    except ValidationError as invalid:
        context["error"] = invalid.messages[0]
        return render(request, "claims/search.html", context, status=400)
    if query.strip():
        results = context["results"] = selectors.search(query)
        # The claims list filters by the same verbs, so that its links keep what was asked.
        context["verb_query"] = urlencode([("verb", verb.value) for verb in results["verbs"]])
        context["verb_labels"] = ", ".join(str(verb.label) for verb in results["verbs"])
    return render(request, "claims/search.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.EMBED_FRAME_ANCESTORS})
@anonymous_page(scope=by_place, parameters=("as_of",))
def embed_place(request, slug):
    """The card a newsroom frames in its story; with ``as_of``, the picture of the story's day,
    so that the card does not change under the story later."""
    place = get_object_or_404(Place.objects.select_related("parent", "state"), slug=slug)
    try:
        as_of = as_of_date(request.GET.get("as_of"))
    except ValidationError as invalid:
        context = {"place": place, "as_of_error": invalid.messages[0]}
        return render(request, "claims/embed_place.html", context, status=400)
    if as_of is None:
        view = pictures.view(place, pictures.stored(getattr(place, "state", None)))
    else:
        view = pictures.view(place, pictures.place_picture(place, as_of), as_of=as_of)
    permalink = reverse("claims:place_detail", args=[slug])
    if as_of is not None:
        permalink += "?" + urlencode({"as_of": as_of.isoformat()})
    context = {
        "place": place,
        "picture": view,
        "sentence": sentences.for_place(view),
        "embed": True,
        # When the place's record last changed, not when this copy was drawn: a copy the worker
        # remade and one a reader's request made say the same (claims.remakes).
        "updated": place.updated_at,
        "permalink": request.build_absolute_uri(permalink),
    }
    return render(request, "claims/embed_place.html", context)


SUGGESTED = 10
SUGGESTION_ID = re.compile(r"[A-Za-z0-9_-]{1,80}-options")


def suggest(request, kind):
    """Names to offer while someone types into a place or claimant box: a datalist with the id
    htmx targets (``HX-Target``), from whichever parameter the box sends."""
    field = SearchField(required=False)
    try:
        text = field.clean(next(iter(request.GET.values()), ""))
    except ValidationError:
        text = ""
    target = request.htmx.target if request.htmx else None
    options = target if target and SUGGESTION_ID.fullmatch(target) else f"{kind}-options"
    records = []
    if text.strip():
        model = Place if kind == "place" else Actor
        records = list(model.objects.named(text).ranked_by_name(text)[:SUGGESTED])
    return render(request, "includes/suggestions.html", {"options": options, "records": records})


def _map_tiles():
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
