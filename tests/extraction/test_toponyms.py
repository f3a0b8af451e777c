"""Places an article introduces that are not on file (claims/extraction/toponyms.py)."""

import pytest

from claims.choices import Verb
from claims.extraction.toponyms import aliases, introduced

from .test_roles import GAZETTEER, run

KNOWN = GAZETTEER.known_words


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Troops entered the villages of Novoselivka, Lozova and Petrivka.",
            ["Novoselivka", "Lozova", "Petrivka"],
        ),
        (
            "It named three hamlets west of the river: Ivanivka, Stupky and Kurdiumivka.",
            ["Ivanivka", "Stupky", "Kurdiumivka"],
        ),
        ("Fighting went on around the Kalynivka brick works.", ["Kalynivka"]),
        ("Shelling hit Druzhkivka and Illinivka overnight, he said.", []),
        (
            "Its troops had advanced from Illinivka and near Druzhkivka.",
            ["Illinivka", "Druzhkivka"],
        ),
    ],
)
def test_a_name_is_a_place_when_copy_introduces_it_as_one(text, names):
    assert introduced(text, KNOWN) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Its units had seized Kamyanka, in the north-eastern corner of the Kharkiv region.",
            ["Kamyanka"],
        ),
        ("Troops reached Hlyboke, in Ukraine's Sumy region, on Monday.", ["Hlyboke"]),
        ("They took Kozacha and Vorozhba in the northern Sumy region.", ["Vorozhba"]),
        (
            "Its forces took Hrakove and Udy, villages a few kilometres from the border.",
            ["Hrakove", "Udy"],
        ),
        ("The ministry later said a third village, Kozacha Lopan, was secured.", ["Kozacha Lopan"]),
        ("He said Borshchova, another village nearby, was quiet.", ["Borshchova"]),
    ],
)
def test_a_name_is_a_place_when_copy_places_it_in_apposition(text, names):
    assert introduced(text, KNOWN) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Its units took Ternove, Lyptsi, Zelene, Vovchansk and Tsyrkuny, the ministry said.",
            ["Ternove", "Lyptsi", "Zelene", "Vovchansk", "Tsyrkuny"],
        ),
        (
            "Geolocated footage showed Russian troops in Lypove, west of Pokrovsk.",
            ["Lypove"],
        ),
        ("The ministry also claimed Vovche, a few kilometres from Kupiansk.", ["Vovche"]),
        (
            "Kamianka, one of the villages the ministry named, sits on the main road.",
            ["Kamianka"],
        ),
        (
            "It said three settlements were under its control, including Zelene, as well as "
            "Ternove and Mykolaivka.",
            ["Zelene", "Ternove", "Mykolaivka"],
        ),
        ("He said the situation was tense in Sviatohirsk as well.", ["Sviatohirsk"]),
    ],
)
def test_lists_appositions_and_town_endings_introduce_places(text, names):
    assert introduced(text, KNOWN) == names


@pytest.mark.parametrize(
    "text",
    [
        "Fighting went on in the Donetsk region, he said.",
        "Its troops would stay in Kharkiv as long as needed, he said.",
        "He said Putin, Shoigu and Gerasimov took the decision.",
    ],
)
def test_a_region_s_short_name_or_a_list_of_people_is_no_new_place(text):
    assert introduced(text, KNOWN) == []


def test_names_on_file_months_and_sides_are_never_introduced():
    text = "Troops near Pokrovsk, in June and from Ukraine pushed towards the town of Kupiansk."
    assert introduced(text, KNOWN) == []


def test_a_village_introduced_once_is_a_place_wherever_it_is_named_again():
    capture, holding = run(
        "Russia's Defence Ministry said its forces had captured the village of Novoselivka.\n"
        "Lykhovyi said on Wednesday that Ukrainian troops still controlled Novoselivka."
    ).claims
    assert (capture.place, capture.place_known, capture.verb) == (
        "Novoselivka",
        False,
        Verb.CAPTURED,
    )
    assert (holding.place, holding.verb, holding.side) == ("Novoselivka", Verb.HOLDS, "ukraine")


def test_each_village_of_a_list_is_a_claim_of_its_own():
    claims = run(
        "Russia's Defence Ministry said on Monday its troops had captured the settlements of "
        "Lozova, Petrivka and Stupky."
    ).claims
    assert [(c.place, c.verb) for c in claims] == [
        ("Lozova", Verb.CAPTURED),
        ("Petrivka", Verb.CAPTURED),
        ("Stupky", Verb.CAPTURED),
    ]


def test_a_russian_spelling_or_a_name_in_brackets_is_another_name_of_a_place():
    text = (
        "Russia said it had taken the village of Novenke. "
        '"Our units liberated the village of Novenkoye," the ministry said, using the Russian '
        "name for the village. Wagner said it took Yagodnoye (Yahidne)."
    )
    names = introduced(text, KNOWN)
    assert aliases(text, names, {"yahidne": "yahidne"}) == {
        "Yagodnoye": "yahidne",
        "Novenkoye": "Novenke",
    }


def test_names_that_only_look_alike_are_not_merged_without_a_word_saying_so():
    text = "Troops took the villages of Novoselivka and Novoselivske."
    assert aliases(text, introduced(text, KNOWN), {}) == {}
