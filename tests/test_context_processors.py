"""Site-wide template values (claims.context_processors): every page names the site from
settings."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from claims.context_processors import site

pytestmark = pytest.mark.django_db


def test_the_site_name_comes_from_settings(settings):
    settings.SITE_NAME = "Frontline Claims"
    assert site(RequestFactory().get("/")) == {"SITE_NAME": "Frontline Claims"}


def test_every_page_heads_and_signs_itself_with_the_site_name(client, settings):
    settings.SITE_NAME = "Frontline Claims"
    # The log-in page is never cached, so it is rendered with the setting as it is now.
    html = client.get(reverse("login")).text
    assert "· Frontline Claims</title>" in html
    assert "<strong>Frontline Claims</strong>" in html
    assert "ClaimTracker" not in html
