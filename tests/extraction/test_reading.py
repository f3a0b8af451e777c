"""What a statement says (claims/extraction/reading.py): the day it was said, and its side."""

from datetime import date

import pytest

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

from .test_roles import WEDNESDAY, run

MONDAY = date(2025, 12, 1)
TUESDAY = date(2025, 12, 2)


def test_the_day_before_that_is_the_day_of_the_telling():
    [claim] = run(
        "Valery Gerasimov told Putin during a visit to a command post on Monday that troops "
        "had taken Kupiansk."
    ).claims
    assert claim.stated_at == MONDAY


def test_a_day_in_what_was_added_is_not_the_day_of_the_saying():
    [claim] = run(
        "Dmytro Lykhovyi said on Tuesday that fierce fighting continued in Pokrovsk.\n"
        '"The situation is difficult but under control," Lykhovyi told television, adding '
        "that civilians had left Pokrovsk on Monday."
    ).claims
    # One statement (the same claimant, place and day), dated by the first sentence.
    assert claim.stated_at == TUESDAY


def test_a_speaker_quoted_again_without_a_day_keeps_the_day_given_before():
    first, second = run(
        "Valery Gerasimov told Putin on Monday that Russian forces had taken Kupiansk.\n"
        "Gerasimov also said Russian troops controlled 70 percent of Pokrovsk."
    ).claims
    assert (second.place, second.verb) == ("pokrovsk", Verb.PARTIALLY_HOLDS)
    assert second.stated_at == first.stated_at == MONDAY


def test_a_speaker_never_dated_is_dated_by_publication():
    [claim] = run("Gerasimov said Russian troops controlled 70 percent of Pokrovsk.").claims
    assert claim.stated_at == WEDNESDAY


def test_a_side_named_as_the_subject_of_holding_is_the_side_held_for():
    [claim] = run(
        "Ukraine still controls around 60% of Pokrovsk, deputy governor Oleh Petrenko told "
        "television on Wednesday."
    ).claims
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "ukraine")


def test_forces_blocked_in_a_town_are_the_encircled_not_the_encircler():
    [claim] = run("Vladimir Putin said Ukrainian forces were blocked in Kupiansk.").claims
    assert (claim.verb, claim.side) == (Verb.ENCIRCLED, "russia")


def test_a_claimant_calls_only_its_own_side_s_taking_a_liberation():
    [claim] = run(
        '"The liberation of Kupiansk deprived the Kyiv regime of a hub," Russia\'s Defence '
        "Ministry said, adding that 15,000 Ukrainian troops had defended the city."
    ).claims
    assert (claim.verb, claim.side) == (Verb.LIBERATED, "russia")


def test_a_noun_cue_names_its_own_places():
    claims = run(
        "Russia's Defence Ministry said the liberation of Kupiansk and Myrnohrad deprived Ukraine "
        "of positions from which it shelled Pokrovsk."
    ).claims
    assert [c.place for c in claims] == ["kupiansk", "myrnohrad"]


def test_the_capture_of_a_hub_is_about_the_place_named_before_not_a_region_after():
    claims = run(
        "Dmytro Lykhovyi said Ukrainian troops were still holding part of Kupiansk.\n"
        "Moscow hailed the capture of an important logistics hub and said it would let its "
        "forces take the rest of the Kharkiv region faster.\n"
        '"Our troops are holding on in the western part of the town," Lykhovyi said.'
    ).claims
    assert {c.place for c in claims} == {"kupiansk"}
    assert [(c.claimant, c.verb) for c in claims] == [
        ("lykhovyi", Verb.PARTIALLY_HOLDS),
        ("russian-mod", Verb.CAPTURED),
    ]


def test_two_days_earlier_counts_back_from_the_statement_before():
    denial, capture = run(
        "Dmytro Lykhovyi on Wednesday rejected Russia's claim to Kupiansk.\n"
        "Two days earlier, Valery Gerasimov had reported to Putin that troops had taken "
        "Kupiansk."
    ).claims
    assert denial.stated_at == WEDNESDAY
    assert capture.stated_at == MONDAY


def test_a_taking_that_would_solve_problems_is_no_claim():
    assert (
        run(
            "Valery Gerasimov said encircling and then taking Pokrovsk would solve many problems."
        ).claims
        == []
    )


def test_the_day_next_to_a_denial_is_the_day_it_was_issued():
    [claim] = run(
        "Ukraine's General Staff says its forces are holding their positions, and on Monday it "
        "issued a denial that its troops were surrounded in Pokrovsk."
    ).claims
    assert (claim.verb, claim.stated_at, claim.effective_at) == (Verb.DENIED, MONDAY, None)


def test_could_not_confirm_one_side_s_report_judges_only_that_side_s_claims():
    result = run(
        "Dmytro Lykhovyi said on Monday that fighting continued in Pokrovsk.\n"
        "Reuters could not independently confirm the Russian report about a village nearby."
    )
    assert len(result.claims) == 1
    assert result.verifications == []


def test_a_checker_s_reading_of_footage_is_its_claim_as_well_as_a_check():
    result = run(
        "Valery Gerasimov said on Monday that Russian forces had taken Pokrovsk.\n"
        "Dmytro Lykhovyi said geolocated footage showed Russian forces occupying 70 percent of "
        "Pokrovsk."
    )
    assert [(c.claimant, c.verb) for c in result.claims] == [
        ("gerasimov", Verb.CAPTURED),
        ("lykhovyi", Verb.PARTIALLY_HOLDS),
    ]
    assert [(v.claim, v.evidence_kind) for v in result.verifications] == [(0, "geolocated_footage")]


def test_the_settlement_is_the_place_named_last_before_it():
    claims = run(
        "Dmytro Lykhovyi said Russian forces had taken Kupiansk and most of Pokrovsk.\n"
        "Valery Gerasimov said troops held 89 percent of the settlement."
    ).claims
    assert (claims[-1].claimant, claims[-1].place) == ("gerasimov", "pokrovsk")


def test_advancing_towards_part_of_a_village_only_locates_it():
    [claim] = run(
        "Valery Gerasimov said on Monday that Russian forces had seized Pokrovsk and were "
        "advancing towards the southern part of Myrnohrad."
    ).claims
    assert claim.place == "pokrovsk"


def test_a_speaker_dated_in_a_sentence_without_a_claim_keeps_that_day():
    today, earlier = run(
        "Russian troops are trying to storm Pokrovsk, Dmytro Lykhovyi said on Wednesday.\n"
        '"As of now, Pokrovsk is ours," Lykhovyi said.\n'
        "On Monday, Lykhovyi had said there were no Russian troops in Pokrovsk."
    ).claims
    assert (today.stated_at, earlier.stated_at) == (WEDNESDAY, MONDAY)


def test_forces_named_beside_a_liberation_are_the_ones_driven_out():
    [claim] = run(
        "Russia's Defence Ministry said Kupiansk, long held by Ukrainian units, had been liberated."
    ).claims
    assert (claim.verb, claim.side) == (Verb.LIBERATED, "russia")


def test_a_liberation_by_named_forces_is_theirs():
    [claim] = run("Lykhovyi said Kupiansk had been liberated by Ukrainian troops on Monday.").claims
    assert (claim.verb, claim.side) == (Verb.LIBERATED, "ukraine")


def test_a_speaker_reporting_over_a_span_of_days_is_not_dated_by_its_last_statement():
    first, second = run(
        "Russia's Defence Ministry said on Monday its forces had captured Kupiansk.\n"
        "Over the past week, Russia's Defence Ministry has also reported capturing Myrnohrad."
    ).claims
    assert first.stated_at == MONDAY
    assert second.stated_at == WEDNESDAY  # publication: the text gives no day for it


def test_a_noun_cue_names_each_place_of_its_list():
    claims = run(
        "Gerasimov on Monday claimed the capture of Kupiansk and of the town of Myrnohrad."
    ).claims
    assert [(c.place, c.verb) for c in claims] == [
        ("kupiansk", Verb.CAPTURED),
        ("myrnohrad", Verb.CAPTURED),
    ]


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        (
            "Gerasimov said on Monday his forces shelled Ukrainian units trapped in Myrnohrad.",
            "russia",
        ),
        (
            "Lykhovyi said on Monday that Ukrainian troops encircled Russian units in Myrnohrad.",
            "ukraine",
        ),
    ],
)
def test_forces_followed_by_surrounded_in_are_the_encircled_side(sentence, side):
    [claim] = run(sentence).claims
    assert (claim.verb, claim.side) == (Verb.ENCIRCLED, side)


@pytest.mark.parametrize(
    "rebuttal",
    [
        "Ukraine's General Staff rejected the claim, saying its troops still controlled the town.",
        'Ukraine\'s General Staff dismissed the claim, saying Ukraine "fully controls" the town.',
    ],
)
def test_a_rebuttal_that_says_who_holds_the_place_is_that_claim(rebuttal):
    _, answer = run(
        f"Russia's Defence Ministry said on Wednesday its forces had captured Kupiansk. {rebuttal}"
    ).claims
    assert (answer.place, answer.claimant, answer.verb, answer.side) == (
        "kupiansk",
        "general-staff",
        Verb.HOLDS,
        "ukraine",
    )
    assert answer.answers == 0


def test_a_rebuttal_that_only_says_fighting_goes_on_stays_a_denial():
    _, answer = run(
        "Russia's Defence Ministry said on Wednesday its forces had captured Kupiansk. "
        "Ukraine's General Staff rejected the claim, saying fighting in the town went on."
    ).claims
    assert (answer.verb, answer.side) == (Verb.DENIED, "russia")


def test_the_forces_of_an_actor_on_file_fight_for_its_side():
    gazetteer = Gazetteer.from_records(
        sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
        places=[{"slug": "bakhmut", "name": "Bakhmut", "kind": "city"}],
        actors=[
            {"slug": "isw", "name": "Institute for the Study of War", "kind": "think_tank"},
            {"slug": "wagner", "name": "Wagner Group", "kind": "paramilitary", "side": "russia"},
        ],
    )
    [claim] = extract(
        "Wagner Group fighters hold most of Bakhmut, the Institute for the Study of War said.",
        published=WEDNESDAY,
        gazetteer=gazetteer,
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("isw", Verb.PARTIALLY_HOLDS, "russia")


def test_a_statement_that_an_announcement_came_days_after_is_dated_back_from_it():
    claims = run(
        "Russia said on Tuesday its forces had taken Kupiansk.\n\n"
        "The claim came two days after Moscow said its units had entered Myrnohrad."
    ).claims
    assert [(c.place, c.stated_at) for c in claims] == [
        ("kupiansk", TUESDAY),
        ("myrnohrad", date(2025, 11, 30)),
    ]
