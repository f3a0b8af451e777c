"""Who makes a statement (claims/extraction/attribution.py)."""

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

from .test_engine import FRIDAY, GAZETTEER, run, run_with_bodies


def test_pronoun_points_back_to_the_last_speaker():
    result = run(
        "Serhii Cherevaty spoke on television on Friday. "
        "He said Ukrainian troops had withdrawn from Soledar."
    )
    [claim] = result.claims
    assert (claim.claimant, claim.verb, claim.side) == (
        "serhii-cherevaty",
        Verb.WITHDREW,
        "ukraine",
    )


def test_a_new_speaker_with_a_role_is_proposed_with_kind_and_side():
    result = run(
        "Yevhen Alkhimov, the press officer of a Ukrainian brigade, said Russian forces had not "
        "captured Soledar."
    )
    [claim] = result.claims
    assert claim.claimant == "Yevhen Alkhimov"
    assert not claim.claimant_known
    assert (claim.claimant_side, claim.claimant_kind) == ("ukraine", "spokesperson")
    assert (claim.verb, claim.side) == (Verb.DENIED, "russia")


def test_an_unnamed_body_of_a_side_speaks_for_the_actor_whose_name_ends_so():
    result = run_with_bodies(
        "Ukrainian troops have left Soledar, a news site reported, citing a source in the "
        "General Staff."
    )
    [claim] = result.claims
    assert (claim.claimant, claim.verb) == ("ukrainian-general-staff", Verb.WITHDREW)


def test_a_side_named_as_speaker_with_no_body_quoted_after_speaks_through_its_ministry():
    [claim] = run("Russia said on Friday its forces had captured Soledar.").claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.CAPTURED, "russia")


def test_a_side_opening_a_clause_after_a_subordinator_speaks_through_its_ministry():
    [claim] = run("Shelling went on as Russia said its forces had captured Soledar.").claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.CAPTURED, "russia")


def test_the_outlet_in_a_dateline_is_never_the_speaker():
    gazetteer = Gazetteer.from_records(
        sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
        places=[{"slug": "soledar", "name": "Soledar"}],
        actors=[
            {"slug": "reuters", "name": "Reuters", "kind": "news_organisation"},
            {
                "slug": "kyrylenko",
                "name": "Pavlo Kyrylenko",
                "kind": "government_official",
                "side": "ukraine",
            },
        ],
    )
    claims = extract(
        "Jan 13 (Reuters) - Ukrainian troops have pulled back from Soledar, the governor of the "
        "Donetsk region said on Friday.\n"
        "Governor Pavlo Kyrylenko told television the troops had moved to new positions.",
        published=FRIDAY,
        gazetteer=gazetteer,
        publisher="reuters",
    ).claims
    # The office in the lead is the governor named in the next paragraph.
    assert [(c.claimant, c.verb) for c in claims] == [("kyrylenko", Verb.WITHDREW)]


def test_the_ministry_after_a_side_that_spoke_is_that_sides_not_the_datelines_outlet():
    gazetteer = Gazetteer.from_records(
        sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
        places=[{"slug": "soledar", "name": "Soledar", "kind": "town"}],
        actors=[
            {"slug": "reuters", "name": "Reuters", "kind": "news_organisation"},
            {
                "slug": "russian-mod",
                "name": "Russian Ministry of Defence",
                "kind": "ministry",
                "side": "russia",
                "names": ["the Defence Ministry"],
            },
            {
                "slug": "ukrainian-mod",
                "name": "Ministry of Defence of Ukraine",
                "kind": "ministry",
                "side": "ukraine",
                "names": ["the Defence Ministry"],
            },
        ],
    )
    claims = extract(
        "KYIV (Reuters) - Russia said on Friday it was pressing on in eastern Ukraine.\n\n"
        "The Defence Ministry said on Telegram that its troops had seized Soledar.",
        published=FRIDAY,
        gazetteer=gazetteer,
        publisher="reuters",
    ).claims
    # "in eastern Ukraine" says where, so only Russia spoke in the sentence before.
    assert [(c.place, c.claimant, c.side) for c in claims] == [("soledar", "russian-mod", "russia")]


def test_a_speaker_said_to_have_said_nothing_makes_no_claim():
    assert not extract(
        "Neither Cherevaty nor the army had said anything on Friday about a withdrawal from "
        "Soledar.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims


def test_a_side_word_saying_who_holds_a_place_does_not_pick_the_ministry_that_speaks():
    gazetteer = Gazetteer.from_records(
        sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
        places=[
            {"slug": "soledar", "name": "Soledar", "kind": "town"},
            {"slug": "bakhmut", "name": "Bakhmut", "kind": "city"},
        ],
        actors=[
            {
                "slug": "russian-mod",
                "name": "Russian Ministry of Defence",
                "kind": "ministry",
                "side": "russia",
                "names": ["Russia's Defence Ministry", "the Defence Ministry"],
            },
            {
                "slug": "ukrainian-mod",
                "name": "Ministry of Defence of Ukraine",
                "kind": "ministry",
                "side": "ukraine",
                "names": ["Ukraine's Defence Ministry", "the Defence Ministry"],
            },
        ],
    )
    [claim] = extract(
        "Russia's Defence Ministry spoke of gains on Friday. The ministry said Soledar, north "
        "of the Ukrainian-held city of Bakhmut, was now under its control.",
        published=FRIDAY,
        gazetteer=gazetteer,
    ).claims
    assert (claim.place, claim.claimant, claim.side) == ("soledar", "russian-mod", "russia")


def test_whose_claim_a_person_rejects_is_not_the_speaker():
    [claim] = run(
        "Regional governor Ivan Marchenko on Jan. 12 rejected Russia's Defence Ministry's claim "
        "that its forces had taken Soledar, saying fighting there went on."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("Ivan Marchenko", Verb.DENIED, "russia")


def test_a_claim_noted_by_someone_else_is_the_claim_of_whom_it_is_by():
    [claim] = run(
        "Reuters noted a claim by Russia's Defence Ministry that its forces had taken Soledar."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.CAPTURED, "russia")


def test_a_claim_rejected_by_someone_else_is_still_answered_by_them():
    [claim] = run(
        "Serhii Cherevaty on Friday rejected a claim by Russia's Defence Ministry that its forces "
        "had taken Soledar."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("serhii-cherevaty", Verb.DENIED, "russia")
