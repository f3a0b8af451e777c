"""What every API list shares (claims.api.base): strict parameters, refused with a 400 naming
the one at fault, and keyset pages whose links carry the request's own query."""

import pytest

from tests.api.answers import CLAIMS, body

pytestmark = pytest.mark.django_db


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

    @pytest.mark.parametrize("number", ["1.5", "1e0", "٣", " 3", "-1", "0"])
    def test_a_claim_number_is_ascii_digits_not_a_guess(self, api_client, demo_data, number):
        # "1.5" and "1e0" read as claim 1, "٣" as claim 3: another claim's verifications.
        response = api_client.get("/api/v1/verifications/", {"claim": number})
        assert response.status_code == 400
        assert "claim" in body(response)

    def test_verifications_take_a_place_by_any_name_as_claims_do(self, api_client, demo_data):
        by_name = body(api_client.get("/api/v1/verifications/", {"place": "Соледар"}))
        by_slug = body(api_client.get("/api/v1/verifications/", {"place": "soledar"}))
        assert by_name["results"] == by_slug["results"] != []

    @pytest.mark.parametrize(
        ("url", "params", "named"),
        [
            ("/api/v1/places/soledar/", {"as_of": ["2023-01-11", "2023-01-13"]}, "as_of"),
            ("/api/v1/places/soledar/", {"asof": "2023-01-11"}, "asof"),
            ("/api/v1/actors/isw/", {"fields": "name"}, "fields"),
            ("/api/v1/sources/1/", {"expand": "1"}, "expand"),
        ],
    )
    def test_a_detail_refuses_a_parameter_it_does_not_read_or_one_given_twice(
        self, api_client, demo_data, url, params, named
    ):
        response = api_client.get(url, params)
        assert response.status_code == 400
        assert named in body(response)

    def test_a_cursor_made_for_another_list_is_refused(self, api_client, demo_data):
        cursor = body(api_client.get("/api/v1/verifications/", {"page_size": 1}))["cursor"]
        response = api_client.get(CLAIMS, {"cursor": cursor})
        assert response.status_code == 400
        assert "ordering" in body(response)["cursor"][0]


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
