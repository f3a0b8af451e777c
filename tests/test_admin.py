"""The back office: every model is registered and its pages render; claims are read-only; a
password set there revokes the account's API tokens."""

import pytest
from django.contrib import admin
from django.urls import reverse
from knox.models import AuthToken

from claims.models import Actor, Citation, Claim, Place, PlaceName, Side, Source, Verification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = [Side, Place, PlaceName, Actor, Source, Claim, Citation, Verification]


@pytest.fixture
def admin_client(client, demo_data):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_changelist_search_and_change_page_render(admin_client, model):
    info = model._meta.app_label, model._meta.model_name
    changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "Soledar"})
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert change.status_code == 200


def test_every_model_with_user_data_is_registered():
    for model in REGISTERED:
        assert admin.site.is_registered(model)


def test_claims_cannot_be_edited_in_the_admin(admin_client):
    claim = Claim.objects.first()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client.post(url, {"summary": "Rewritten in the admin."})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.summary != "Rewritten in the admin."


def test_a_place_edited_in_the_admin_goes_through_the_services(admin_client):
    from claims import selectors

    place = Place.objects.get(slug="soledar")
    before = selectors.data_version().version
    url = reverse("admin:claims_place_change", args=[place.pk])
    data = {
        "name": "Soledar",
        "slug": "soledar",
        "kind": "town",
        "parent": place.parent_id,
        "latitude": "48.68330",
        "longitude": "38.06670",
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert selectors.data_version().version > before
    assert place.history.first().history_user.username == "admin"


def test_a_side_edited_in_the_admin_keeps_its_history(admin_client):
    side = Side.objects.get(slug="russia")
    url = reverse("admin:claims_side_change", args=[side.pk])
    data = {"name": "Russia", "slug": "russia", "colour": "#aa0000", "position": side.position}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    change = side.history.first()
    assert (change.colour, change.history_user.username) == ("#aa0000", "admin")


def test_a_password_an_administrator_sets_revokes_the_tokens_too(client, editor, token_for):
    from django.contrib.auth import get_user_model

    token_for(editor)
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "root pass")
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {
            "usable_password": "true",
            "password1": "set by the admin 42",
            "password2": "set by the admin 42",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    editor.refresh_from_db()
    assert editor.check_password("set by the admin 42")
    assert not AuthToken.objects.filter(user=editor).exists()
