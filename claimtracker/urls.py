from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import claims.converters  # noqa: F401 - registers the <id:…> converter
from claims.views import account, webhooks

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", account.account, name="account"),
    path("account/tokens/revoke/", account.token_revoke, name="token_revoke"),
    path("account/webhooks/", webhooks.webhook_create, name="webhook_create"),
    path("account/webhooks/<id:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    re_path(
        r"^account/webhooks/(?P<pk>[0-9]{1,18})/(?P<action>pause|resume|test|delete)/$",
        webhooks.webhook_action,
        name="webhook_action",
    ),
    # Only v1 exists; a loose pattern would also swallow /api/schema/.
    re_path(r"^api/(?P<version>v1)/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", RedirectView.as_view(pattern_name="api-docs", permanent=False)),
    path("", include("claims.urls")),
]

handler400 = "claims.views.errors.bad_request"
handler403 = "claims.views.errors.permission_denied"
handler404 = "claims.views.errors.not_found"
handler500 = "claims.views.errors.server_error"
