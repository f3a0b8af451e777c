"""Cue words of claims/extraction/lexicon.py, each read in a sentence of its own."""

from datetime import date

import pytest

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

from .test_roles import run


@pytest.mark.parametrize(
    "sentence",
    [
        "Dmytro Lykhovyi disputed the claim about Pokrovsk on Wednesday.",
        "Dmytro Lykhovyi said talk of Russian troops encircling Pokrovsk was a fabrication.",
        "Dmytro Lykhovyi said Moscow's account of Kupiansk was a fantasy.",
    ],
)
def test_disputes_fabrications_and_fantasies_are_denials(sentence):
    [claim] = run(sentence).claims
    assert (claim.claimant, claim.verb, claim.side) == ("lykhovyi", Verb.DENIED, "russia")


def test_built_up_areas_engulfed_by_fighting_are_contested():
    [claim] = run(
        "Dmytro Lykhovyi said built-up areas of Myrnohrad were engulfed by fighting."
    ).claims
    assert claim.verb == Verb.CONTESTED


def test_troops_moved_into_positions_in_a_town_partly_hold_it():
    [claim] = run(
        "Russia's Defence Ministry said its troops had moved into more advantageous positions "
        "in Pokrovsk."
    ).claims
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "russia")


def test_control_of_a_plant_in_a_town_is_control_of_part_of_it():
    [claim] = run(
        "Ukrainian forces remain in control of the chemical plant in Pokrovsk, Dmytro Lykhovyi "
        "said on Wednesday."
    ).claims
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "ukraine")


def test_troops_that_advanced_in_a_town_partly_hold_it():
    [claim] = run(
        "The DeepState project reported on Wednesday that Russian troops had advanced in "
        "Pokrovsk over the past day, Dmytro Lykhovyi said."
    ).claims
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "russia")


@pytest.mark.parametrize(
    "sentence",
    [
        "Dmytro Lykhovyi said Pokrovsk is ours.",
        "Dmytro Lykhovyi said there were no Russian troops in Pokrovsk.",
    ],
)
def test_ours_and_no_enemy_troops_in_a_town_mean_the_speaker_s_side_holds_it(sentence):
    [claim] = run(sentence).claims
    assert (claim.verb, claim.side) == (Verb.HOLDS, "ukraine")


def test_fighting_opposite_a_town_only_locates_it():
    assert run("Dmytro Lykhovyi said paratroopers are fighting opposite Pokrovsk.").claims == []


def test_an_assault_on_part_of_a_town_contests_it():
    [claim] = run(
        "Dmytro Lykhovyi said on Monday that Russian troops had begun an assault on the "
        "northern part of Pokrovsk."
    ).claims
    assert claim.verb == Verb.CONTESTED


def test_failing_to_oust_troops_from_a_town_means_they_hold_it():
    [claim] = run(
        '"The enemy conducted assault operations, unsuccessfully trying to oust Russian troops '
        "from Pokrovsk,\" Russia's Defence Ministry said."
    ).claims
    assert (claim.verb, claim.side) == (Verb.HOLDS, "russia")


def test_fighting_is_the_backdrop_of_a_withdrawal_in_the_same_sentence():
    [claim] = run(
        "Dmytro Lykhovyi said he had told troops still fighting in Pokrovsk to pull back."
    ).claims
    assert (claim.verb, claim.side) == (Verb.WITHDREW, "ukraine")


def test_pulling_soldiers_out_to_keep_them_from_being_surrounded_is_a_withdrawal():
    [claim] = run(
        "Dmytro Lykhovyi said on Monday that Ukraine had pulled its soldiers out of Pokrovsk to "
        "keep them from being fully surrounded."
    ).claims
    assert (claim.verb, claim.side) == (Verb.WITHDREW, "ukraine")


def test_surrounded_but_managed_to_get_out_is_a_withdrawal():
    [claim] = run(
        "Dmytro Lykhovyi said Ukrainian units had for a time been surrounded in Pokrovsk but "
        "had managed to get out."
    ).claims
    assert (claim.verb, claim.side) == (Verb.WITHDREW, "ukraine")


def test_managing_to_capture_a_town_is_a_capture():
    [claim] = run(
        "Lykhovyi said Russian assault groups had managed to capture Myrnohrad after weeks of "
        "shelling."
    ).claims
    assert (claim.verb, claim.side) == (Verb.CAPTURED, "russia")


def test_what_a_statement_does_not_mean_is_not_claimed():
    [claim] = run(
        "Lykhovyi said Ukrainian units had pulled out of parts of Myrnohrad. "
        '"That does not mean that we have left Myrnohrad," he said.'
    ).claims
    assert claim.verb == Verb.PARTIALLY_HOLDS


def test_presence_yields_to_any_other_cue_in_the_sentence():
    [claim] = run(
        "Lykhovyi said Ukrainian units still in the area were engaged in heavy fighting for "
        "Myrnohrad."
    ).claims
    assert claim.verb == Verb.CONTESTED


def test_a_town_still_in_a_side_s_hands_is_held_by_it():
    [claim] = run("Lykhovyi said on Monday that Myrnohrad was still in Ukrainian hands.").claims
    assert (claim.verb, claim.side) == (Verb.HOLDS, "ukraine")


def test_a_speaker_reporting_capturing_a_town_claims_its_capture():
    [claim] = run("Russia's Defence Ministry on Monday reported capturing Myrnohrad.").claims
    assert (claim.verb, claim.side) == (Verb.CAPTURED, "russia")


def test_taking_the_town_of_a_place_is_its_capture():
    [claim] = run(
        "Russia's Defence Ministry said on Monday that its troops had taken the eastern mining "
        "town of Myrnohrad."
    ).claims
    assert (claim.verb, claim.side) == (Verb.CAPTURED, "russia")


@pytest.mark.parametrize(
    "sentence",
    [
        "Lykhovyi said on Monday that Russian troops were now in control of Myrnohrad.",
        'Lykhovyi said on Monday that Myrnohrad was now "fully under the occupation" of Russia.',
    ],
)
def test_control_said_to_be_now_held_is_a_capture(sentence):
    [claim] = run(sentence).claims
    assert (claim.verb, claim.side) == (Verb.CAPTURED, "russia")


def test_square_kilometres_of_a_region_are_part_of_it():
    [claim] = run(
        "Lykhovyi said on Monday that Ukrainian troops had seized 40 square kilometres (15 square "
        "miles) of land in the Kharkiv region."
    ).claims
    assert (claim.place, claim.verb, claim.side) == (
        "kharkiv-oblast",
        Verb.PARTIALLY_HOLDS,
        "ukraine",
    )


@pytest.mark.parametrize("where", ["just south of Pokrovsk", "about 10 km from the highway"])
def test_a_town_that_lies_somewhere_is_located_not_denied(where):
    [claim] = run(
        f"Russia's Defence Ministry said its troops had taken control of Myrnohrad, which lies "
        f"{where}."
    ).claims
    assert (claim.place, claim.verb, claim.side) == ("myrnohrad", Verb.CAPTURED, "russia")


def test_calling_a_claim_lies_is_still_a_denial():
    [claim] = run("Dmytro Lykhovyi said Moscow's reports about Myrnohrad were lies.").claims
    assert (claim.verb, claim.side) == (Verb.DENIED, "russia")


def test_a_place_said_to_lie_on_the_outskirts_of_a_city_only_locates_the_city():
    [claim] = run(
        "Russia's Defence Ministry said its forces had taken Myrnohrad, on the outskirts of the "
        "Russian-held city of Pokrovsk."
    ).claims
    assert (claim.place, claim.verb) == ("myrnohrad", Verb.CAPTURED)


def test_the_town_an_installed_leader_governs_is_his_office_not_a_claim():
    [claim] = run(
        "Oleh Petrenko, the Moscow-installed leader in Kupiansk, said on Wednesday that "
        "Myrnohrad had been liberated."
    ).claims
    assert (claim.place, claim.verb) == ("myrnohrad", Verb.LIBERATED)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia's Defence Ministry said on Wednesday that its forces had taken Pisky, near the "
        "border between the Luhansk and Donetsk oblasts.",
        "Russia's Defence Ministry said on Wednesday that units of the Donetsk People's "
        "Republic had taken Pisky.",
    ],
)
def test_a_city_named_in_plural_oblasts_or_a_people_s_republic_is_not_claimed(sentence):
    gazetteer = Gazetteer.from_records(
        sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
        places=[
            {"slug": "donetsk", "name": "Donetsk", "kind": "city"},
            {"slug": "pisky", "name": "Pisky", "kind": "village"},
        ],
        actors=[
            {
                "slug": "russian-mod",
                "name": "Russian Ministry of Defence",
                "kind": "ministry",
                "side": "russia",
                "names": ["Russia's Defence Ministry"],
            }
        ],
    )
    result = extract(sentence, published=date(2022, 8, 10), gazetteer=gazetteer)
    assert [(c.place, c.verb) for c in result.claims] == [("pisky", Verb.CAPTURED)]


def test_troops_remaining_in_their_positions_and_nobody_capturing_a_town_hold_it():
    [claim] = run(
        '"Our units remain in their positions, nobody has captured Pokrovsk," Dmytro Lykhovyi '
        "said on Wednesday."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("lykhovyi", Verb.HOLDS, "ukraine")


def test_a_town_said_to_be_mostly_destroyed_is_damage_not_control():
    assert run("Dmytro Lykhovyi said Pokrovsk was 80 percent destroyed.").claims == []
