from django.urls import path

from claims.views import pages

app_name = "claims"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("places/", pages.place_list, name="place_list"),
    path("places/<slug:slug>/", pages.place_detail, name="place_detail"),
    path("claims/", pages.claim_list, name="claim_list"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim_detail"),
    path("actors/", pages.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor_detail"),
    path("sources/<int:pk>/", pages.source_detail, name="source_detail"),
    path("search/", pages.search, name="search"),
    path("embed/places/<slug:slug>/", pages.embed_place, name="embed_place"),
]
