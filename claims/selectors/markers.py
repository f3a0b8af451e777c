"""The map's markers: each place coloured by its picture now, with its page's address."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from claims import control
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
    controllers = defaultdict(list)
    for place_id, side_id, name, colour, held in PlacePosition.objects.filter(
        place_id__in=[r["id"] for r in rows], control__in=[Control.FULL, Control.PARTIAL]
    ).values_list("place_id", "side_id", "side__name", "side__colour", "control"):
        controllers[place_id].append((local_name_of("side", side_id, name), colour, held))
    markers = []
    for row in rows:
        claimed = controllers.get(row["id"], [])
        if row["state__contested"]:
            colour, label = CONTESTED_COLOUR, _("Contested: the sides' positions contradict")
        elif len(claimed) == 1:
            name, colour, held = claimed[0]
            label = f"{name} {control.POSITION_TEXT[held]}"
        else:
            colour, label = NO_SIDE_COLOUR, _("No side claims it alone")
        markers.append(
            {
                "slug": row["slug"],
                "name": local_name_of("place", row["id"], row["name"]),
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "colour": colour,
                "label": label,
                "verdict": str(control.VERDICT_TEXT[row["state__verdict"] or ""]),
                "url": reverse("claims:place_detail", args=[row["slug"]]),
            }
        )
    return markers
