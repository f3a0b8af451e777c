"""The map draws an offline basemap with place labels and clusters, and no flag."""

from playwright.sync_api import expect


def test_places_map_has_boundaries_labels_clusters_and_a_neutral_attribution(site, page):
    page.goto(f"{site}/places/")
    basemap = page.locator(".leaflet-basemap-pane path")
    expect(basemap).to_have_count(3)  # land, oblast boundaries, and the borders between countries
    # Bakhmut, its raion and Soledar lie close together: one cluster until zoomed in.
    expect(page.locator(".marker-cluster")).to_have_count(1)
    expect(page.locator(".leaflet-tooltip.place-label")).to_contain_text(["Donetsk Oblast"])
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution).to_have_text("Leaflet · Boundaries: Natural Earth (public domain)")
    expect(attribution.locator("svg, img")).to_have_count(0)
    legend = page.locator(".map-figure figcaption")
    expect(legend).to_contain_text("Russia alone claims control")
    expect(legend).to_contain_text("Contested")


def test_a_place_page_labels_its_place_on_the_basemap(site, page):
    page.goto(f"{site}/places/soledar/")
    expect(page.locator(".leaflet-tooltip.place-label")).to_have_text(["Soledar"])
    expect(page.locator(".leaflet-basemap-pane path")).to_have_count(3)
