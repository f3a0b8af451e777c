"""POST /api/v1/extract/ (claims.api.extraction): the desk's proposals for an article, as JSON,
with a token; nothing is written, and bad input is a 400 naming the field."""

import pytest

from claims.models import Claim, Source
from tests.extraction.articles import ARTICLE, file_the_ministrys_alias

pytestmark = pytest.mark.django_db

URL = "/api/v1/extract/"


def test_an_alias_added_on_file_is_matched_as_the_claimant(demo_data, token_for, editor):
    client = token_for(editor)
    before = client.post(URL, {"text": ARTICLE, "published": "2023-01-13"}, format="json")
    assert "russian-mod" not in [c["claimant"] for c in before.json()["claims"]]
    file_the_ministrys_alias()
    after = client.post(URL, {"text": ARTICLE, "published": "2023-01-13"}, format="json")
    assert "russian-mod" in [c["claimant"] for c in after.json()["claims"]]


def test_api_returns_claims_answers_and_verifications_and_writes_nothing(
    aliases, token_for, editor
):
    counts = (Claim.objects.count(), Source.objects.count())
    response = token_for(editor).post(
        URL, {"text": ARTICLE, "published": "2023-01-13", "publisher": "reuters"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    capture, denial = body["claims"]
    assert capture == {
        **capture,
        "place": "soledar",
        "claimant": "russian-mod",
        "claimant_side": "russia",
        "verb": "captured",
        "side": "russia",
        "stated_at": "2023-01-13",
        "effective_at": "2023-01-12",
        "answers": None,
    }
    assert capture["quote"].startswith("On Friday Russia's Defence Ministry said")
    assert 0 < capture["confidence"] <= 1
    assert denial["claimant"] == "serhii-cherevaty"
    assert (denial["verb"], denial["side"], denial["answers"]) == ("denied", "russia", 0)
    assert [
        (v["claim"], v["verifier"], v["status"], v["decided_at"], v["evidence_kind"])
        for v in body["verifications"]
    ] == [
        (0, "reuters", "unconfirmed", "2023-01-13", ""),
        (1, "reuters", "unconfirmed", "2023-01-13", ""),
    ]
    assert (Claim.objects.count(), Source.objects.count()) == counts


def test_api_needs_a_token(demo_data, api_client):
    response = api_client.post(URL, {"text": ARTICLE, "published": "2023-01-13"}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"published": "2023-01-13"}, "text"),
        ({"text": ARTICLE}, "published"),
        ({"text": ARTICLE, "published": "13/01/2023"}, "published"),
        ({"text": ARTICLE, "published": "2999-01-01"}, "published"),
        ({"text": "x" * (200 * 1024 + 1), "published": "2023-01-13"}, "text"),
        ({"text": "<p>\u200f</p>", "published": "2023-01-13"}, "text"),
        ({"text": "nul \x00", "published": "2023-01-13"}, "text"),
        ({"text": ARTICLE, "published": "2023-01-13", "publisher": "no such"}, "publisher"),
        ({"text": ["a list"], "published": "2023-01-13"}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(demo_data, token_for, editor, payload, field):
    response = token_for(editor).post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
