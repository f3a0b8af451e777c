from django.urls import path

import claims.converters  # noqa: F401 - registers the <id:…> converter
from claims.api import extraction, views, webhooks

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
    path("extract/", extraction.Extract.as_view(), name="extract"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<id:pk>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<id:pk>/pause/", webhooks.WebhookPause.as_view(), name="webhook-pause"),
    path("webhooks/<id:pk>/resume/", webhooks.WebhookResume.as_view(), name="webhook-resume"),
    path("webhooks/<id:pk>/test/", webhooks.WebhookTest.as_view(), name="webhook-test"),
    path("webhooks/<id:pk>/attempts/", webhooks.WebhookAttempts.as_view(), name="webhook-attempts"),
]
