"""Every page's HTML passes the Nu HTML checker (vnu.jar from npm, run with Java)."""

import pytest

from claims.models import Actor, Claim, Place, Source
from tests.tools import require_vnu, vnu_problems

pytestmark = pytest.mark.django_db


def test_every_page_is_valid_html(client, demo_data, tmp_path):
    require_vnu()
    claim = Claim.objects.get(claimant__slug="igor-konashenkov")
    urls = [
        "/",
        "/places/",
        "/places/?q=бахмут",
        Place.objects.get(slug="soledar").get_absolute_url(),
        "/places/soledar/?as_of=2023-01-11",
        "/places/soledar/?as_of=bad",
        "/claims/",
        "/claims/?side=mars",
        claim.get_absolute_url(),
        "/actors/",
        Actor.objects.get(slug="cnn").get_absolute_url(),
        Source.objects.first().get_absolute_url(),
        "/search/?q=Артёмовск",
        "/search/?q=Bachmut",
        "/claims/?place=Соледар",
        "/claims/?place=Bakh",
        "/accounts/login/",
        "/embed/places/soledar/",
        "/no-such-page/",
    ]
    pages = {url: client.get(url).content for url in urls}
    suggestions = client.get("/suggest/place/", {"place": "Бах"}).content
    pages["suggestions"] = (
        b"<!doctype html><html lang=en><title>t</title><input list=place-options>" + suggestions
    )
    problems = vnu_problems(pages, tmp_path)
    assert not problems, "\n".join(problems)


def test_every_desk_page_is_valid_html(client, demo_data, editor, second_editor, tmp_path):
    require_vnu()
    from claims import services
    from tests.views.desk_posts import edit_payload

    queued = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
    services.claim_take_into_review(
        claim=queued, expected_version=queued.version, user=second_editor
    )
    claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
    opened = edit_payload(claim, summary="Mine.", quote="My quote.")
    services.claim_update(
        claim=claim, expected_version=claim.version, user=second_editor, summary="Theirs."
    )
    client.force_login(editor)
    pages = {
        url: client.get(url).content
        for url in [
            "/review/",
            "/account/",
            "/places/new/",
            "/places/soledar/edit/",
            "/actors/new/",
            "/sources/new/",
            f"/claims/{claim.pk}/verify/",
            f"/claims/{claim.pk}/edit/",
            "/claims/new/",
            "/places/soledar/names/",
            "/actors/isw/names/",
            "/sides/",
            "/desk/pick/sources/?evidence_q=cnn",
            "/desk/pick/claims/?answers_q=soledar&place=soledar",
        ]
    }
    pages["conflict"] = client.post(f"/claims/{claim.pk}/edit/", opened).content
    pages["take over"] = client.post(f"/claims/{queued.pk}/take/", {"version": 2}).content
    pages["find"] = client.post(
        f"/claims/{claim.pk}/verify/", {"evidence_q": "cnn", "find": "evidence"}
    ).content
    fragments = {
        "/desk/pick/sources/?evidence_q=cnn",
        "/desk/pick/claims/?answers_q=soledar&place=soledar",
    }
    for name in fragments:
        pages[name] = b"<!doctype html><html lang=en><title>t</title>" + pages[name]
    problems = vnu_problems(pages, tmp_path)
    assert not problems, "\n".join(problems)
