from django.urls import path, re_path

import claims.converters  # noqa: F401 - registers the <id:…> converter
from claims import feeds
from claims.caching import anonymous_page, by_place
from claims.views import desk, exports, extraction, names, pages, pickers

app_name = "claims"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("places/", pages.place_list, name="place_list"),
    path("places/new/", desk.place_new, name="place_new"),
    path("places/<slug:slug>/", pages.place_detail, name="place_detail"),
    path("places/<slug:slug>/edit/", desk.place_edit, name="place_edit"),
    path("places/<slug:slug>/names/", names.place_names, name="place_names"),
    path(
        "places/<slug:slug>/feed.atom",
        anonymous_page(feeds.PlaceFeed(), scope=by_place),
        name="place_feed",
    ),
    path("claims/", pages.claim_list, name="claim_list"),
    path("claims/new/", desk.claim_new, name="claim_new"),
    path("claims/extract/", extraction.extract, name="claim_extract"),
    path("claims/<id:pk>/", pages.claim_detail, name="claim_detail"),
    path("claims/<id:pk>/edit/", desk.claim_edit, name="claim_edit"),
    path("claims/<id:pk>/verify/", desk.claim_verify, name="claim_verify"),
    path("claims/<id:pk>/take/", desk.claim_take, name="claim_take"),
    path("claims/<id:pk>/release/", desk.claim_release, name="claim_release"),
    path("review/", desk.review_queue, name="review"),
    path("desk/pick/sources/", pickers.sources, name="pick_sources"),
    path("desk/pick/claims/", pickers.answerable_claims, name="pick_claims"),
    path("actors/", pages.actor_list, name="actor_list"),
    path("actors/new/", desk.actor_new, name="actor_new"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor_detail"),
    path("actors/<slug:slug>/edit/", desk.actor_edit, name="actor_edit"),
    path("actors/<slug:slug>/names/", names.actor_names, name="actor_names"),
    path("sides/", names.sides, name="sides"),
    path("sources/new/", desk.source_new, name="source_new"),
    path("sources/<id:pk>/", pages.source_detail, name="source_detail"),
    path("sources/<id:pk>/edit/", desk.source_edit, name="source_edit"),
    path("search/", pages.search, name="search"),
    re_path(r"^suggest/(?P<kind>place|actor)/$", pages.suggest, name="suggest"),
    path("feeds/claims.atom", feeds.ClaimsFeed(), name="claims_feed"),
    path("feeds/verifications.atom", feeds.VerificationsFeed(), name="verifications_feed"),
    path("export/claims.csv", exports.claims_csv, name="export_claims_csv"),
    path("export/claims.jsonl", exports.claims_jsonl, name="export_claims_jsonl"),
    path(
        "export/verifications.csv",
        exports.verifications_csv,
        name="export_verifications_csv",
    ),
    path("export/places.geojson", exports.places_geojson, name="export_places_geojson"),
    path("embed/places/<slug:slug>/", pages.embed_place, name="embed_place"),
]
