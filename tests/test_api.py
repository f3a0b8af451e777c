"""The JSON API: what it returns, how it filters and pages, conditional requests, and writes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Source

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def body(response):
    return response.json()


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


class TestBadParameters:
    @pytest.mark.parametrize(
        ("params", "named"),
        [
            ({"sid": "russia"}, "sid"),
            ({"side": "mars"}, "side"),
            ({"verb": "annexed"}, "verb"),
            ({"stated_after": "13/01/2023"}, "stated_after"),
            ({"stated_after": "2023-01-14", "stated_before": "2023-01-13"}, "stated_before"),
            ({"updated_since": "yesterday"}, "updated_since"),
            ({"updated_since": "2023-01-13T00:00:00+99:00"}, "updated_since"),
            ({"updated_since": "0001-01-01T00:00:00-14:00"}, "updated_since"),
            ({"page_size": "0"}, "page_size"),
            ({"page_size": "1000000000000000000000"}, "page_size"),
            ({"cursor": "!!"}, "cursor"),
            ({"q": "a\x00b"}, "q"),
            ({"place": ["soledar", "bakhmut"]}, "place"),
        ],
    )
    def test_a_bad_parameter_is_a_400_naming_it(self, api_client, demo_data, params, named):
        response = api_client.get(CLAIMS, params)
        assert response.status_code == 400
        assert named in body(response)

    def test_a_cursor_made_for_another_list_is_refused(self, api_client, demo_data):
        cursor = body(api_client.get("/api/v1/verifications/", {"page_size": 1}))["cursor"]
        response = api_client.get(CLAIMS, {"cursor": cursor})
        assert response.status_code == 400
        assert "ordering" in body(response)["cursor"][0]

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/claims/0/",
            "/api/v1/claims/99999999999999999999999/",
            "/api/v1/places/atlantis/",
            "/api/v1/nothing/",
        ],
    )
    def test_unknown_resources_are_json_404s(self, api_client, url):
        response = api_client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")


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

    @pytest.mark.parametrize("as_of", ["13-01-2023", "2023-02-30", "tomorrow", "1800-01-01"])
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

    def test_schema_and_docs_are_served_without_a_cdn(self, client):
        schema = client.get("/api/schema/")
        assert schema.status_code == 200
        docs = client.get("/api/docs/").text
        assert "/static/drf_spectacular_sidecar/" in docs
        assert "cdn" not in docs.lower() and "//unpkg" not in docs


class TestConditionalRequests:
    def test_a_repeat_with_if_none_match_is_304(self, api_client, demo_data):
        first = api_client.get(CLAIMS, {"place": "soledar"})
        assert first["ETag"] and first["Last-Modified"]
        again = api_client.get(CLAIMS, {"place": "soledar"}, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]

    def test_a_repeat_with_if_modified_since_is_304(self, api_client, demo_data):
        first = api_client.get("/api/v1/places/soledar/")
        again = api_client.get(
            "/api/v1/places/soledar/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        assert again.status_code == 304

    def test_any_write_changes_the_etag(self, api_client, demo_data, editor):
        first = api_client.get(CLAIMS)
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        services.claim_take_into_review(claim=claim, expected_version=claim.version, user=editor)
        again = api_client.get(CLAIMS, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_other_parameters_have_other_etags(self, api_client, demo_data):
        assert (
            api_client.get(CLAIMS, {"place": "soledar"})["ETag"]
            != api_client.get(CLAIMS, {"place": "bakhmut"})["ETag"]
        )


class TestWrites:
    def claim_payload(self, **overrides):
        payload = {
            "place": "soledar",
            "claimant": "serhii-cherevaty",
            "verb": "holds",
            "side": "ukraine",
            "stated_at": "2023-01-14T10:00:00+02:00",
            "stated_precision": "day",
            "summary": "Ukraine's army said it still held the town.",
            "citations": [{"url": "https://example.org/statement", "title": "Statement"}],
        }
        payload.update(overrides)
        return payload

    def test_an_editor_posts_a_claim_with_a_token(self, token_for, demo_data, editor):
        response = token_for(editor).post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 201, response.content
        claim = body(response)
        assert response["Location"] == claim["url"]
        assert claim["stated_at"] == "2023-01-14T08:00:00Z"
        assert claim["status"] == Status.UNREVIEWED
        assert claim["citations"][0]["source"]["url"] == "https://example.org/statement"

    def test_writing_needs_a_token(self, api_client, demo_data):
        response = api_client.post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 401

    def test_a_reader_token_cannot_write(self, token_for, demo_data, reader):
        response = token_for(reader).post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"verb": "captured", "side": None}, "side"),
            ({"stated_at": "2023-01-14T10:00:00+99:00"}, "stated_at"),
            ({"effective_at": "2023-01-15T00:00:00Z"}, "effective_at"),
            ({"summary": "bell \x07 ringing"}, "summary"),
            ({"summary": "x" * 2001}, "summary"),
            ({"place": "atlantis"}, "place"),
            ({"answers": 10**30}, "answers"),
            ({"citations": [{"title": "no url"}]}, "citations"),
        ],
    )
    def test_bad_claims_get_a_400_naming_the_field(
        self, token_for, demo_data, editor, overrides, field
    ):
        before = Claim.objects.count()
        response = token_for(editor).post(CLAIMS, self.claim_payload(**overrides), format="json")
        assert response.status_code == 400, response.content
        assert field in body(response)
        assert Claim.objects.count() == before

    def test_a_likely_duplicate_is_a_409_unless_allowed(self, token_for, demo_data, editor):
        api = token_for(editor)
        duplicate = self.claim_payload(stated_at="2023-01-13T18:00:00Z")
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
        services.verification_record(
            claim=claim,
            expected_version=opened_at,
            status=Status.DISPUTED,
            rationale="A colleague was quicker.",
            user=second_editor,
        )
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

    def test_a_rationale_is_required(self, token_for, demo_data, editor):
        claim = Claim.objects.first()
        response = token_for(editor).post(
            self.verify_url(claim), {"version": claim.version, "status": "disputed"}, format="json"
        )
        assert response.status_code == 400
        assert "rationale" in body(response)


class TestTokens:
    def test_tokens_are_stored_hashed(self, editor):
        record, token = services.api_token_create(user=editor, days=30)
        stored = AuthToken.objects.get(pk=record.pk)
        assert token not in (stored.digest, stored.token_key)
        assert stored.expiry > timezone.now() + timedelta(days=29)

    def test_an_expired_token_is_refused(self, api_client, editor):
        record, token = services.api_token_create(user=editor, days=1)
        AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(minutes=1))
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.post(CLAIMS, {}, format="json").status_code == 401

    def test_the_account_page_creates_shows_once_and_revokes(self, client, editor):
        client.force_login(editor)
        created = client.post("/account/", {"days": "7"})
        token = created.context["new_token"]
        assert token and token in created.text
        assert token not in client.get("/account/").text
        record = AuthToken.objects.get(user=editor)
        client.post("/account/tokens/revoke/", {"token_key": record.token_key})
        assert not AuthToken.objects.filter(user=editor).exists()

    def test_the_command_creates_lists_and_revokes(self, editor, capsys):
        from django.core.management import call_command

        call_command("api_token", "create", "editor", "--days", "10")
        token = capsys.readouterr().out.strip()
        record = AuthToken.objects.get(user=editor)
        assert token.startswith(record.token_key)
        call_command("api_token", "list", "editor")
        assert record.token_key in capsys.readouterr().out
        call_command("api_token", "revoke", "editor", "--all")
        assert not AuthToken.objects.filter(user=editor).exists()
