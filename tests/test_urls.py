"""The site's addresses (claims.urls): each one is either public, answering anonymous readers, or
the desk's, sending them to log in; a new address must be placed on one side here."""

import pytest
from django.urls import reverse

from claims import urls
from claims.models import Claim, Source
from tests.responses import read_through

pytestmark = pytest.mark.django_db

DESK = {
    "place_new",
    "place_edit",
    "place_names",
    "claim_new",
    "claim_extract",
    "claim_edit",
    "claim_verify",
    "claim_take",
    "claim_release",
    "review",
    "pick_sources",
    "pick_claims",
    "actor_new",
    "actor_edit",
    "actor_names",
    "sides",
    "source_new",
    "source_edit",
}
PUBLIC = {
    "dashboard",
    "place_list",
    "place_detail",
    "place_feed",
    "claim_list",
    "claim_detail",
    "actor_list",
    "actor_detail",
    "source_detail",
    "search",
    "suggest",
    "claims_feed",
    "verifications_feed",
    "export_claims_csv",
    "export_claims_jsonl",
    "export_verifications_csv",
    "export_places_geojson",
    "embed_place",
}


def address(pattern) -> str:
    """The pattern's address, for a record of the demo data where it names one."""
    name = pattern.name
    if "kind" in pattern.pattern.regex.groupindex:
        kwargs = {"kind": "place"}
    elif "slug" in pattern.pattern.regex.groupindex:
        slug = "isw" if name.startswith("actor") else "soledar"
        kwargs = {"slug": slug}
    elif "pk" in pattern.pattern.regex.groupindex:
        model = Source if name.startswith("source") else Claim
        kwargs = {"pk": model.objects.order_by("pk").first().pk}
    else:
        kwargs = {}
    return reverse(f"claims:{name}", kwargs=kwargs)


def test_every_address_is_either_public_or_the_desks():
    assert {pattern.name for pattern in urls.urlpatterns} == DESK | PUBLIC
    assert not DESK & PUBLIC


@pytest.mark.parametrize("pattern", urls.urlpatterns, ids=lambda pattern: pattern.name)
def test_anonymous_readers_get_public_addresses_and_are_sent_to_log_in_from_the_desk(
    client, demo_data, pattern
):
    url = address(pattern)
    if pattern.name in ("claim_take", "claim_release"):  # POST only
        assert client.post(url)["Location"].startswith(reverse("login"))
    elif pattern.name in DESK:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        response = client.get(url)
        read_through(response)
        assert response.status_code == 200, url
