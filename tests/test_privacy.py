"""Anonymous readers never see who in the newsroom did what; editors and leads do.

The walk requests every URL pattern of the site as an anonymous reader, after named editors
have taken, verified, edited and created records, and fails on any of their usernames or names.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Place, Source, Verification
from tests.conftest import _user_in

pytestmark = pytest.mark.django_db

EDITOR = {"username": "okhrytsenko", "first_name": "Oksana", "last_name": "Hrytsenko"}
LEAD = {"username": "tmelnyk-lead", "first_name": "Taras", "last_name": "Melnyk"}


def newsroom_user(group, details):
    user = _user_in(group, details["username"])
    user.first_name, user.last_name = details["first_name"], details["last_name"]
    user.save()
    return user


def secrets_of(details) -> list[str]:
    return [
        details["username"],
        f"{details['first_name']} {details['last_name']}",
        details["last_name"],
    ]


@pytest.fixture
def newsroom_at_work(demo_data):
    editor = newsroom_user("Editors", EDITOR)
    lead = newsroom_user("Verification leads", LEAD)
    queued = Claim.objects.filter(status=Status.UNREVIEWED).order_by("pk")
    first, second = queued[0], queued[1]
    services.claim_take_into_review(claim=first, expected_version=first.version, user=editor)
    first.refresh_from_db()
    services.claim_take_into_review(
        claim=first, expected_version=first.version, user=lead, take_over=True
    )
    first.refresh_from_db()
    services.verification_record(
        claim=first,
        expected_version=first.version,
        status=Status.DISPUTED,
        rationale="Footage places the other side's units in the centre.",
        new_evidence=[
            services.CitationInput(
                url="https://example.org/footage",
                title="Footage",
                publisher=Actor.objects.get(slug="cnn"),
            )
        ],
        user=lead,
    )
    services.claim_update(
        claim=second,
        expected_version=second.version,
        summary="A corrected summary.",
        reason="Wording",
        user=editor,
    )
    services.source_create(title="A desk source", kind="article", user=editor)
    return editor, lead


def every_url(resolver=None, prefix=""):
    """Each URL pattern of the site, with the demo data's records filled in."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                yield "/admin/"
                continue
            yield from every_url(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + fill(route)


def fill(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    route = route.replace("(?P<version>v1)", "v1")
    if "<slug:slug>" in route:
        model = Actor if route.startswith("actors") or "/actors/" in route else Place
        route = route.replace("<slug:slug>", model.objects.order_by("pk").first().slug)
    if "<id:pk>" in route:
        if "verifications/<id" in route:
            model = Verification
        elif "sources/" in route:
            model = Source
        else:
            model = Claim
        route = route.replace("<id:pk>", str(model.objects.order_by("-pk").first().pk))
    for name in ("<uidb64>", "<token>"):
        route = route.replace(name, "x")
    return route


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_no_anonymous_endpoint_shows_an_editors_username_or_name(newsroom_at_work):
    urls = sorted(set(every_url()))
    assert len(urls) > 30 and "/api/v1/verifications/" in urls
    client = Client()
    leaks = []
    for url in urls:
        for query in ("", "?format=json"):
            response = client.get(url + query)
            assert response.status_code < 500, url
            text = body_of(response)
            leaks += [(url, s) for s in secrets_of(EDITOR) + secrets_of(LEAD) if s in text]
    assert not leaks


def test_editors_and_leads_see_who_recorded_what(newsroom_at_work, token_for):
    editor, lead = newsroom_at_work
    verification = Verification.objects.filter(recorded_by=lead).latest("recorded_at")
    url = f"/api/v1/verifications/{verification.pk}/"
    assert Client().get(url).json()["recorded_by"] is None
    assert token_for(editor).get(url).json()["recorded_by"] == LEAD["username"]
    as_editor = Client()
    as_editor.force_login(editor)
    page = as_editor.get(verification.claim.get_absolute_url()).text
    assert "Taras Melnyk" in page
