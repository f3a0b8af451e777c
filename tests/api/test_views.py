"""The API's views (claims.api.views): what each resource returns and how it filters, the entry
point, and the writes: claims and verifications with a token, refused with a 400 or a 409 where
the services refuse. The generic list's parameters and paging are in tests/api/test_base.py, the
write serializers' field errors in tests/api/test_serializers.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Source
from tests.api.answers import CLAIMS, body, claim_payload
from tests.factories import judge

pytestmark = pytest.mark.django_db


class TestClaimRepresentation:
    def test_a_claim_carries_everything_a_consumer_needs(self, api_client, demo_data):
        capture = Claim.objects.get(claimant__slug="igor-konashenkov")
        claim = body(api_client.get(f"{CLAIMS}{capture.pk}/"))
        assert claim["place"] == {
            "slug": "soledar",
            "name": "Soledar",
            "url": "http://testserver/api/v1/places/soledar/",
        }
        assert claim["claimant"]["side"] == {"slug": "russia", "name": "Russia"}
        assert claim["verb"] == "captured"
        assert claim["implied_control"] == {"side": "russia", "control": "full"}
        assert claim["ambiguous"] is False
        assert claim["stated_at"] == "2023-01-13T09:00:00Z"
        assert claim["effective_precision"] == "approximate"
        assert claim["quote"].startswith("The liberation of the town")
        assert claim["status"] == Status.UNCONFIRMED
        assert claim["page_url"] == f"http://testserver/claims/{capture.pk}/"
        assert claim["url"] == f"http://testserver/api/v1/claims/{capture.pk}/"
        assert [c["source"]["publisher"] for c in claim["citations"]] == [
            "russian-mod",
            "new-york-post",
        ]
        assert [v["status"] for v in claim["verifications"]] == [
            "unreviewed",
            "in_review",
            "unconfirmed",
        ]

    def test_every_claim_about_bakhmut(self, api_client, demo_data):
        results = body(api_client.get(CLAIMS, {"place": "bakhmut"}))["results"]
        assert len(results) == Claim.objects.filter(place__slug="bakhmut").count()
        assert {c["place"]["slug"] for c in results} == {"bakhmut"}

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"side": "russia"}, {"claimant__side__slug": "russia"}),
            ({"side": "independent"}, {"claimant__side__isnull": True}),
            ({"claimant": "isw"}, {"claimant__slug": "isw"}),
            ({"verb": "denied"}, {"verb": "denied"}),
            (
                {"status": ["unconfirmed", "superseded"]},
                {"status__in": ["unconfirmed", "superseded"]},
            ),
            ({"region": "bakhmut-raion"}, {}),
            ({"q": "pullback"}, {"claimant__slug": "cnn"}),
        ],
    )
    def test_filters_match_the_pages(self, api_client, demo_data, params, expected):
        results = body(api_client.get(CLAIMS, params))["results"]
        assert sorted(c["id"] for c in results) == sorted(
            Claim.objects.filter(**expected).values_list("id", flat=True)
        )


class TestResources:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/places/",
            "/api/v1/places/soledar/",
            "/api/v1/actors/",
            "/api/v1/actors/isw/",
            "/api/v1/sources/",
            "/api/v1/verifications/",
            "/api/v1/places/?q=Артёмовск",
            "/api/v1/places/?contested=true",
            "/api/v1/actors/?side=independent",
        ],
    )
    def test_every_resource_reads(self, api_client, demo_data, url):
        assert api_client.get(url).status_code == 200

    def test_a_place_carries_its_names_and_picture(self, api_client, demo_data):
        place = body(api_client.get("/api/v1/places/soledar/"))
        assert {"name": "Соледар", "language": "uk", "kind": "official"} in place["names"]
        picture = place["picture"]
        assert (picture["as_of"], picture["contested"]) == (None, True)
        assert picture["last_statement_at"] == "2023-01-13T19:00:00Z"
        russia, ukraine = picture["positions"]
        assert (russia["side"], russia["control"], russia["status"]) == (
            "russia",
            "full",
            Status.UNCONFIRMED,
        )
        assert russia["since"] == "2023-01-11T08:00:00Z"
        assert russia["claims"] == list(
            Claim.objects.filter(
                place__slug="soledar", claimant__side__slug="russia", verb="captured"
            )
            .order_by("stated_at")
            .values_list("id", flat=True)
        )
        assert russia["verifiers"][0] == {
            "actor": None,
            "kind": "verification",
            "status": "unconfirmed",
            "decided_at": "2023-01-13T21:30:00Z",
            "claim": Claim.objects.get(claimant__slug="russian-mod").pk,
        }
        assert (ukraine["control"], ukraine["contradicted_within_side"]) == ("partial", False)
        assert {a["actor"] for a in picture["independent"]} >= {"cnn", "isw"}
        assert place["claims_url"] == "http://testserver/api/v1/claims/?place=soledar"

    def test_a_place_as_of_a_day_states_that_day_and_only_what_was_known(
        self, api_client, demo_data
    ):
        picture = body(api_client.get("/api/v1/places/soledar/", {"as_of": "2023-01-12"}))[
            "picture"
        ]
        assert picture["as_of"] == "2023-01-12"
        assert [(p["side"], p["control"]) for p in picture["positions"]] == [
            ("russia", "full"),
            ("ukraine", "unclear"),
        ]
        assert picture["contested"] is False

    @pytest.mark.parametrize(
        "as_of", ["13-01-2023", "2023-02-30", "tomorrow", "1800-01-01", "2199-01-01"]
    )
    def test_a_bad_as_of_is_a_400_naming_it(self, api_client, demo_data, as_of):
        response = api_client.get("/api/v1/places/soledar/", {"as_of": as_of})
        assert response.status_code == 400
        assert "as_of" in response.json()

    def test_contested_places_are_listed_live_disputes_first(self, api_client, demo_data):
        from claims import services
        from tests.factories import PlaceFactory

        quiet = PlaceFactory(slug="quiet")
        russia, ukraine = (
            Actor.objects.get(slug="russian-mod"),
            Actor.objects.get(slug="serhii-cherevaty"),
        )
        for claimant, verb in ((russia, "captured"), (ukraine, "holds")):
            services.claim_create(
                data=services.ClaimInput(
                    place=quiet,
                    claimant=claimant,
                    verb=verb,
                    side=claimant.side,
                    stated_at=datetime(2022, 6, 1, tzinfo=UTC),
                    summary="An old dispute nobody has spoken of since.",
                )
            )
        listed = body(api_client.get("/api/v1/places/", {"contested": "true"}))["results"]
        assert [p["slug"] for p in listed] == ["soledar", "quiet"]
        assert all(p["picture"]["contested"] for p in listed)


class TestWrites:
    def test_an_editor_posts_a_claim_with_a_token(self, token_for, demo_data, editor):
        response = token_for(editor).post(CLAIMS, claim_payload(), format="json")
        assert response.status_code == 201, response.content
        claim = body(response)
        assert response["Location"] == claim["url"]
        assert claim["stated_at"] == "2023-01-14T08:00:00Z"
        assert claim["status"] == Status.UNREVIEWED
        assert claim["citations"][0]["source"]["url"] == "https://example.org/statement"

    def test_writing_needs_a_token(self, api_client, demo_data):
        response = api_client.post(CLAIMS, claim_payload(), format="json")
        assert response.status_code == 401

    def test_a_reader_token_cannot_write(self, token_for, demo_data, reader):
        response = token_for(reader).post(CLAIMS, claim_payload(), format="json")
        assert response.status_code == 403

    def test_a_likely_duplicate_is_a_409_unless_allowed(self, token_for, demo_data, editor):
        api = token_for(editor)
        duplicate = claim_payload(stated_at="2023-01-13T18:00:00Z")
        response = api.post(CLAIMS, duplicate, format="json")
        assert response.status_code == 409
        assert body(response)["duplicates"][0]["claimant"]["slug"] == "serhii-cherevaty"
        allowed = api.post(CLAIMS, {**duplicate, "allow_duplicate": True}, format="json")
        assert allowed.status_code == 201

    def verify_url(self, claim):
        return f"{CLAIMS}{claim.pk}/verifications/"

    def test_an_editor_posts_a_verification(self, token_for, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        response = token_for(editor).post(
            self.verify_url(claim),
            {
                "version": claim.version,
                "status": "disputed",
                "rationale": "Contradicted by AP.",
                "new_evidence": [
                    {"url": "https://example.org/ap", "publisher": "associated-press"}
                ],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert body(response)["status"] == "disputed"
        assert body(response)["recorded_by"] == "editor"
        claim.refresh_from_db()
        assert claim.status == Status.DISPUTED

    def test_a_stale_version_is_a_409_with_the_current_state(
        self, token_for, demo_data, editor, second_editor
    ):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        opened_at = claim.version
        judge(claim, second_editor, rationale="A colleague was quicker.")
        response = token_for(editor).post(
            self.verify_url(claim),
            {"version": opened_at, "status": "unconfirmed", "rationale": "Mine."},
            format="json",
        )
        assert response.status_code == 409
        conflict = body(response)
        assert conflict["current"]["status"] == "disputed"
        assert conflict["current"]["version"] == opened_at + 1
        assert [c["rationale"] for c in conflict["verifications"]] == ["A colleague was quicker."]
        assert conflict["changes"] == [
            {"field": "status", "label": "Status", "before": "Unreviewed", "theirs": "Disputed"}
        ]

    def test_lead_verdicts_and_the_evidence_rule_hold_in_the_api(
        self, token_for, demo_data, editor, lead
    ):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        confirm = {"version": claim.version, "status": "confirmed", "rationale": "Seen."}
        assert (
            token_for(editor).post(self.verify_url(claim), confirm, format="json").status_code
            == 403
        )
        response = token_for(lead).post(self.verify_url(claim), confirm, format="json")
        assert response.status_code == 400
        assert "evidence" in body(response)
        reuters_report = Source.objects.get(title__startswith="Reuters")
        confirm["evidence"] = [reuters_report.pk]
        assert (
            token_for(lead).post(self.verify_url(claim), confirm, format="json").status_code == 201
        )

    def test_an_expired_token_is_refused(self, api_client, editor):
        record, token = services.api_token_create(user=editor, days=1)
        AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(minutes=1))
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.post(CLAIMS, {}, format="json").status_code == 401


def test_the_api_root_lists_its_endpoints(client):
    root = client.get("/api/v1/").json()
    assert root["endpoints"]["claims"] == "http://testserver/api/v1/claims/"
    assert set(root["endpoints"]) == {"claims", "verifications", "places", "actors", "sources"}
    assert root["schema"] == "http://testserver/api/schema/"
    for url in root["endpoints"].values():
        assert client.get(url).status_code == 200
