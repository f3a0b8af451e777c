"""The API and the command line return the desk's proposals and write nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Actor, Claim, Place, Source

pytestmark = pytest.mark.django_db

URL = "/api/v1/extract/"
ARTICLE = (
    "On Friday Russia's Defence Ministry said its forces had completed the capture of Soledar "
    "on Thursday evening. Serhii Cherevaty, spokesman for Ukraine's eastern forces, said the "
    "claim was not true and that fighting in the town continued. Reuters could not "
    "independently verify either account."
)


@pytest.fixture
def aliases(demo_data):
    services.actor_name_add(
        actor=Actor.objects.get(slug="russian-mod"),
        name="Russia's Defence Ministry",
        language="en",
        kind="official",
    )


def test_an_alias_added_on_file_is_matched_as_the_claimant(demo_data, token_for, editor):
    client = token_for(editor)
    before = client.post(URL, {"text": ARTICLE, "published": "2023-01-13"}, format="json")
    assert "russian-mod" not in [c["claimant"] for c in before.json()["claims"]]
    services.actor_name_add(
        actor=Actor.objects.get(slug="russian-mod"),
        name="Russia's Defence Ministry",
        language="en",
        kind="official",
    )
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


def test_command_prints_proposals_as_json(aliases, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    call_command("extract_claims", str(article), "--published", "2023-01-13", "--json")
    body = json.loads(capsys.readouterr().out)
    assert [c["verb"] for c in body["claims"]] == ["captured", "denied"]
    assert body["claims"][1]["answers"] == 0


def test_command_prints_a_readable_list_with_reasons(aliases, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    call_command("extract_claims", str(article), "--published", "2023-01-13")
    out = capsys.readouterr().out
    assert "#1 russian-mod [russia] captured russia · soledar · stated 2023-01-13" in out
    assert "answers #1" in out
    assert "“completed the capture” reads as captured" in out


def test_command_refuses_unreadable_files_clearly(demo_data, tmp_path):
    binary = tmp_path / "article.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("extract_claims", str(binary), "--published", "2023-01-13")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("extract_claims", str(tmp_path / "missing.txt"), "--published", "2023-01-13")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract_claims", str(binary), "--published", "Friday")


@pytest.mark.parametrize("extra", [0, 30])
def test_gazetteer_is_read_in_six_queries_at_any_size_then_reused(
    demo_data, django_assert_num_queries, extra
):
    from claims import selectors
    from tests.factories import ActorFactory, PlaceFactory

    for n in range(extra):
        ActorFactory(name=f"Spokesperson {n}", slug=f"spokesperson-{n}")
        place = PlaceFactory(name=f"Village {n}", slug=f"village-{n}")
        services.place_name_add(place=place, name=f"Село {n}", language="uk", kind="official")
    # the data version; sides; places; their names; actors with their side; the actors' names
    with django_assert_num_queries(6):
        gazetteer = selectors.extraction_gazetteer()
    assert len(gazetteer.places) >= 4 + extra
    assert any("Село 0" in p.names for p in gazetteer.places) == bool(extra)
    # the data version, unchanged: the same gazetteer, matchers built
    with django_assert_num_queries(1):
        assert selectors.extraction_gazetteer() is gazetteer


def test_a_new_alias_is_matched_from_the_next_extraction_on(demo_data):
    from claims import selectors

    before = selectors.extraction_gazetteer()
    soledar = Place.objects.get(slug="soledar")
    services.place_name_add(place=soledar, name="Salt Town", language="en", kind="transliteration")
    after = selectors.extraction_gazetteer()
    assert after is not before
    assert any("Salt Town" in p.names for p in after.places)
