from django.urls import path

import claims.converters  # noqa: F401 - registers the <id:…> converter
from claims.api import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<id:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path(
        "claims/<id:pk>/verifications/",
        views.ClaimVerifications.as_view(),
        name="claim-verifications",
    ),
    path("verifications/", views.VerificationList.as_view(), name="verification-list"),
    path("verifications/<id:pk>/", views.VerificationDetail.as_view(), name="verification-detail"),
    path("places/", views.PlaceList.as_view(), name="place-list"),
    path("places/<slug:slug>/", views.PlaceDetail.as_view(), name="place-detail"),
    path("actors/", views.ActorList.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetail.as_view(), name="actor-detail"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<id:pk>/", views.SourceDetail.as_view(), name="source-detail"),
]
