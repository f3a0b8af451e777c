"""Settlements not on file, named as places by the sentence (claims/extraction/new_places.py):
proposed as new places with the name as written, and read like known places for the rest."""

from datetime import date

import pytest

from claims.choices import Status, Verb
from claims.extraction import Gazetteer, extract
from claims.extraction.new_places import find_new_places, with_new_places

GAZETTEER = Gazetteer.from_records(
    sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
    places=[
        {"slug": "pokrovsk", "name": "Pokrovsk", "kind": "city", "names": ["Покровськ"]},
        {"slug": "sievierodonetsk", "name": "Sievierodonetsk", "kind": "city"},
        {"slug": "velyka-novosilka", "name": "Velyka Novosilka", "kind": "town"},
        {
            "slug": "donetsk-oblast",
            "name": "Donetsk Oblast",
            "kind": "oblast",
            "names": ["Donetsk region", "Донецька область"],
        },
    ],
    actors=[
        {
            "slug": "russian-mod",
            "name": "Russian Ministry of Defence",
            "kind": "ministry",
            "side": "russia",
            "names": ["Russia's Defence Ministry", "Міноборони Росії"],
        },
        {
            "slug": "general-staff",
            "name": "General Staff of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Ukraine's General Staff", "the General Staff", "Генштаб ЗСУ"],
        },
        {"slug": "reuters", "name": "Reuters", "kind": "news_organisation", "side": None},
    ],
)
TUESDAY = date(2025, 3, 11)


def run(text):
    return extract(text, published=TUESDAY, gazetteer=GAZETTEER, publisher="reuters")


def names(text):
    return [p.name for p in find_new_places(text, GAZETTEER)]


def test_a_village_named_after_the_village_of_is_claimed_as_a_new_place():
    [claim] = run(
        "Russia's Defence Ministry said on Tuesday its troops had seized the village of "
        "Lastivka after a week of assaults."
    ).claims
    assert (claim.place, claim.place_known) == ("Lastivka", False)
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.CAPTURED, "russia")
    assert any("not on file, proposed as a new place" in why for why in claim.why)
    assert [m.text for m in claim.marks if m.role == "place"] == ["Lastivka"]


def test_every_village_of_a_list_is_a_claim_of_its_own():
    claims = run(
        "Russia's Defence Ministry said its forces had taken control of the villages of "
        "Ternuvate, Pishchane and Nova Yakovlivka."
    ).claims
    assert [(c.place, c.verb, c.side) for c in claims] == [
        ("Ternuvate", Verb.CAPTURED, "russia"),
        ("Pishchane", Verb.CAPTURED, "russia"),
        ("Nova Yakovlivka", Verb.CAPTURED, "russia"),
    ]


def test_a_village_described_after_its_name_is_claimed_and_the_town_it_is_near_only_locates():
    [claim] = run(
        "Ukrainian troops still hold Novokrasne, a village west of Pokrovsk, Ukraine's General "
        "Staff said."
    ).claims
    assert (claim.place, claim.claimant, claim.verb, claim.side) == (
        "Novokrasne",
        "general-staff",
        Verb.HOLDS,
        "ukraine",
    )


def test_a_settlement_named_with_its_region_is_the_claimed_place_not_the_region():
    [claim] = run(
        "Russia's Defence Ministry said its units had captured Zelene Pole in the Donetsk region."
    ).claims
    assert (claim.place, claim.place_known, claim.verb) == ("Zelene Pole", False, Verb.CAPTURED)


def test_a_new_place_named_again_without_a_marker_is_the_same_place_for_denials_and_checks():
    result = run(
        "Russia's Defence Ministry said on Monday its forces had captured the village of "
        "Lastivka. Ukraine's General Staff denied that Lastivka had fallen. Reuters could not "
        "independently verify either account."
    )
    capture, denial = result.claims
    assert (capture.place, denial.place) == ("Lastivka", "Lastivka")
    assert capture.stated_at == date(2025, 3, 10)
    assert (denial.verb, denial.side, denial.answers) == (Verb.DENIED, "russia", 0)
    assert {(v.claim, v.verifier, v.status) for v in result.verifications} == {
        (0, "reuters", Status.UNCONFIRMED),
        (1, "reuters", Status.UNCONFIRMED),
    }


def test_hyphenated_names_and_descriptors_before_the_name():
    assert names("Troops entered the settlement of Novo-Oleksandrivka overnight.") == [
        "Novo-Oleksandrivka"
    ]
    assert names("Shelling hit Russian-held Lastivka, a small village north of the town.") == [
        "Lastivka"
    ]


def test_a_name_sharing_a_word_with_a_place_on_file_is_still_new():
    assert names("Troops entered the village of Velyka Shyshivka.") == ["Velyka Shyshivka"]
    assert names("Troops entered the town of Velyka Novosilka.") == []


def test_a_name_before_village_is_a_place_and_at_a_sentence_start_only_if_named_inside_one():
    assert names("Russian artillery shelled Lastivka village overnight.") == ["Lastivka"]
    assert names("Lastivka village came under fire.") == []
    assert names("Lastivka village came under fire. Troops still hold Lastivka.") == ["Lastivka"]


def test_settlements_listed_after_a_colon_are_places():
    assert names(
        "The army reported taking three settlements east of the river: Ivanivka, "
        "Petrivka and Stepove."
    ) == ["Ivanivka", "Petrivka", "Stepove"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Російські війська зайняли село Ластівка, заявило Міноборони Росії.", ["Ластівка"]),
        ("Бої тривають у селі Ластівці, повідомив Генштаб ЗСУ.", ["Ластівка"]),
        ("Бої точаться біля н.п. Новокрасне та Ластівка.", ["Новокрасне", "Ластівка"]),
        ("У населеному пункті Новокрасному тривають бої.", ["Новокрасне"]),
        ("Войска освободили населенный пункт Новокрасное.", ["Новокрасное"]),
        ("В селе Новокрасном идут бои.", ["Новокрасное"]),
        ("Село Ластівка перебуває під контролем ЗСУ.", ["Ластівка"]),
    ],
)
def test_ukrainian_and_russian_settlement_nouns_mark_places_in_the_nominative(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A capitalised word opening a sentence is no place without a marker of its own.
        "Lastivka was shelled overnight, the General Staff said.",
        "Fighting in the Donetsk region continued on Monday.",
        "Sunday, a village fair went ahead despite the shelling.",
        # Sides, actors, months and places on file (in any spelling) are never new places.
        "Shells fell on a Russian village and on the town of Pokrovsk.",
        "The city of Severodonetsk was cut off, the ministry said.",
        "Reuters, a news agency based in the city, reported the attack.",
        "Troops entered the villages of March and Ukraine's General Staff said so.",
        "The Donetsk region village was shelled; Покровськ в Донецькій області.",
    ],
)
def test_words_that_are_not_new_places_are_never_proposed(text):
    assert names(text) == []


def test_an_article_without_new_places_keeps_the_gazetteer_it_was_given():
    text = "Russia's Defence Ministry said its forces had captured Pokrovsk."
    assert with_new_places(text, GAZETTEER) is GAZETTEER
    [claim] = run(text).claims
    assert (claim.place, claim.place_known) == ("pokrovsk", True)


def test_known_and_new_places_in_one_article_keep_their_kind_of_reference():
    claims = run(
        "Russia's Defence Ministry said its forces had captured Pokrovsk and the village of "
        "Lastivka."
    ).claims
    assert [(c.place, c.place_known) for c in claims] == [
        ("pokrovsk", True),
        ("Lastivka", False),
    ]
