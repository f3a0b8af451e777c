from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import claims.converters  # noqa: F401 - registers the <id:…> converter
from claims import languages, logins
from claims.views import account, webhooks

urlpatterns = [
    # The admin's own password change too goes through the view that revokes tokens.
    path("admin/password_change/", account.PasswordChange.as_view()),
    path("admin/", admin.site.urls),
    path("language/", languages.switch, name="set_language"),
    # Only v1 exists; a loose pattern would also swallow /api/schema/.
    re_path(r"^api/(?P<version>v1)/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", RedirectView.as_view(pattern_name="api-docs", permanent=False)),
]
# Pages in English at their plain address and in Ukrainian under /uk/.
urlpatterns += i18n_patterns(
    # Log in, log out and change a password; nothing else of django.contrib.auth.urls. There is
    # no password reset by e-mail (README, "The editor desk"): an administrator sets a new one.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=logins.LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", account.PasswordChange.as_view(), name="password_change"),
    path("account/", account.account, name="account"),
    path("account/tokens/revoke/", account.token_revoke, name="token_revoke"),
    path("account/webhooks/", webhooks.webhook_create, name="webhook_create"),
    path("account/webhooks/<id:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    re_path(
        r"^account/webhooks/(?P<pk>[0-9]{1,18})/(?P<action>pause|resume|test|delete)/$",
        webhooks.webhook_action,
        name="webhook_action",
    ),
    path("", include("claims.urls")),
    prefix_default_language=False,
)

handler400 = "claims.views.errors.bad_request"
handler403 = "claims.views.errors.permission_denied"
handler404 = "claims.views.errors.not_found"
handler500 = "claims.views.errors.server_error"
