"""The API's reads (claims.api.views, claims.api.base): what each resource returns, how it
filters and pages, and the 400s for bad parameters."""

from datetime import UTC, datetime

import pytest

from claims.choices import Status
from claims.models import Actor, Claim
from tests.api.answers import CLAIMS, body

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


class TestPageLinks:
    @pytest.mark.parametrize(
        "query",
        [
            {"page_size": "1"},
            {"updated_since": "2020-01-01T00:00:00+00:00", "page_size": "1"},
            {"status": ["unconfirmed", "unreviewed"], "page_size": "1"},
        ],
    )
    def test_next_is_the_request_with_the_cursor_encoded_as_a_query_dict_would(
        self, api_client, demo_data, query
    ):
        from django.http import QueryDict

        first = body(api_client.get(CLAIMS, query))
        assert first["has_more"]
        expected = QueryDict(mutable=True)
        for name, value in query.items():
            expected.setlist(name, value if isinstance(value, list) else [value])
        expected["cursor"] = first["next"].split("cursor=")[1]
        assert first["next"] == f"http://testserver{CLAIMS}?{expected.urlencode()}"

    def test_a_cursor_given_keeps_its_place_in_the_next_link(self, api_client, demo_data):
        first = body(api_client.get(CLAIMS, {"page_size": "1"}))
        cursor = first["next"].split("cursor=")[1]
        second = body(api_client.get(f"{CLAIMS}?cursor={cursor}&page_size=1"))
        assert second["next"].startswith(f"http://testserver{CLAIMS}?cursor=")
        assert second["next"].endswith("&page_size=1")
