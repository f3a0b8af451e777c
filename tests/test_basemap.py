"""The vendored basemap carries oblast boundaries, stays small, and takes no side over Crimea."""

import json
from pathlib import Path

from django.conf import settings

BASEMAP = Path(settings.BASE_DIR) / "static" / "vendor" / "basemap" / "basemap.geojson"
# The Perekop and Chonhar isthmuses, where Natural Earth's default edition puts a country border.
ISTHMUS = (33.4, 45.9, 35.2, 46.25)


def layers():
    shapes = json.loads(BASEMAP.read_text())
    return {f["properties"]["layer"]: f["geometry"]["coordinates"] for f in shapes["features"]}


def points(lines):
    return [point for line in lines for point in line]


def on_isthmus(point):
    west, south, east, north = ISTHMUS
    return west <= point[0] <= east and south <= point[1] <= north


def test_basemap_has_land_oblast_boundaries_and_country_borders_in_drawing_order():
    assert list(layers()) == ["land", "admin1", "borders"]


def test_basemap_stays_small_enough_for_a_phone():
    assert BASEMAP.stat().st_size < 300_000


def test_oblast_boundaries_run_through_ukraines_interior():
    # Kyiv city is an admin-1 unit of its own inside Kyiv oblast: its boundary lies within ~20 km.
    near_kyiv = [
        p for p in points(layers()["admin1"]) if abs(p[0] - 30.52) < 0.3 and abs(p[1] - 50.45) < 0.2
    ]
    assert near_kyiv


def test_no_country_border_is_drawn_across_crimea():
    assert not [p for p in points(layers()["borders"]) if on_isthmus(p)]
