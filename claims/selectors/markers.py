"""The map's markers: each place coloured by its picture now, with its page's address."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from claims import control, languages
from claims.choices import Control
from claims.languages import local_name_of
from claims.models import PlacePosition
from claims.models.actors import NO_SIDE_COLOUR

CONTESTED_COLOUR = "#9a4a00"
MAX_MARKERS = 5000


def map_markers(places) -> list[dict]:
    """One marker per place with coordinates, coloured by its picture now (two queries).

    Contested takes the contested colour; a place one side alone says it controls, fully or in
    part, takes that side's colour; anything else is neutral.
    """
    rows = list(
        places.filter(latitude__isnull=False)
        .order_by()
        .values(
            "id", "slug", "name", "latitude", "longitude", "state__contested", "state__verdict"
        )[:MAX_MARKERS]
    )
    language = languages.base()
    controllers = defaultdict(list)
    for place_id, side_id, name, colour, held in PlacePosition.objects.filter(
        place_id__in=[r["id"] for r in rows], control__in=[Control.FULL, Control.PARTIAL]
    ).values_list("place_id", "side_id", "side__name", "side__colour", "control"):
        controllers[place_id].append((local_name_of("side", side_id, name, language), colour, held))
    marker = _marker_maker(language)
    return [
        marker(
            row["id"],
            row["slug"],
            row["name"],
            (row["latitude"], row["longitude"]),
            (row["state__contested"], row["state__verdict"]),
            controllers.get(row["id"], []),
        )
        for row in rows
    ]


def place_marker(place, now, sides: dict) -> list[dict]:
    """The marker of one place's own map, from what its page has already read (no query): the
    place with its stored state, its stored picture ``now`` (whose positions are the rows
    :func:`map_markers` reads) and ``sides`` by id."""
    if place.latitude is None:
        return []
    language = languages.base()
    state = getattr(place, "state", None)
    claimed = [
        (
            local_name_of("side", p.side_id, sides[p.side_id].name, language),
            sides[p.side_id].colour,
            p.control,
        )
        for p in now.positions
        if p.control in (Control.FULL, Control.PARTIAL) and p.side_id in sides
    ]
    return [
        _marker_maker(language)(
            place.pk,
            place.slug,
            place.name,
            (place.latitude, place.longitude),
            (state.contested, state.verdict) if state else (None, None),
            claimed,
        )
    ]


# Stands for a slug in the one address reversed per map: a slug is made of ASCII letters,
# digits, hyphens and underscores (the path's converter), which reverse() leaves as they are.
_SLUG = "slug"


def _marker_maker(language: str):
    """The function that makes a marker, with what every marker of a map shares looked up once
    (the language, the words, the place pages' address): looked up for each of 2,000 markers,
    they were about a third of an uncached places page (docs/benchmarks.md)."""
    head, _slug, tail = reverse("claims:place_detail", args=[_SLUG]).rpartition(_SLUG)
    positions = control.translated(control.POSITION_TEXT)
    verdicts = control.translated(control.VERDICT_TEXT)
    contested_label = _("Contested: the sides' positions contradict")
    unclaimed_label = _("No side claims it alone")

    def marker(pk, slug, name, position, standing, claimed) -> dict:
        contested, verdict = standing
        if contested:
            colour, label = CONTESTED_COLOUR, contested_label
        elif len(claimed) == 1:
            side, colour, held = claimed[0]
            label = f"{side} {positions[held]}"
        else:
            colour, label = NO_SIDE_COLOUR, unclaimed_label
        return {
            "slug": slug,
            "name": local_name_of("place", pk, name, language),
            "lat": float(position[0]),
            "lon": float(position[1]),
            "colour": colour,
            "label": label,
            "verdict": verdicts[verdict or ""],
            "url": f"{head}{slug}{tail}",
        }

    return marker
