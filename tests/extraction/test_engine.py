"""The article extraction as pure functions: text and a gazetteer in, proposals out."""

from datetime import date

from django.utils import translation

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

GAZETTEER = Gazetteer.from_records(
    sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
    places=[
        {"slug": "soledar", "name": "Soledar", "kind": "town", "names": ["Соледар"]},
        {"slug": "bakhmut", "name": "Bakhmut", "kind": "city", "names": ["Бахмут", "Artemivsk"]},
        {"slug": "avdiivka", "name": "Avdiivka", "kind": "town", "names": ["Авдіївка"]},
    ],
    actors=[
        {
            "slug": "russian-mod",
            "name": "Russian Ministry of Defence",
            "kind": "ministry",
            "side": "russia",
            "names": ["Russia's Defence Ministry", "Russian Defence Ministry"],
        },
        {
            "slug": "serhii-cherevaty",
            "name": "Serhii Cherevaty",
            "kind": "spokesperson",
            "side": "ukraine",
            "names": ["Cherevaty"],
        },
        {"slug": "reuters", "name": "Reuters", "kind": "news_organisation", "side": None},
        {"slug": "isw", "name": "ISW", "kind": "think_tank", "side": None},
    ],
)
FRIDAY = date(2023, 1, 13)


def run(text, published=FRIDAY):
    return extract(text, published=published, gazetteer=GAZETTEER, publisher="reuters")


def test_capture_claim_takes_claimant_side_and_both_dates_from_the_sentence():
    result = run(
        "On Friday Russia's Defence Ministry said its forces had completed the capture of "
        "Soledar on Thursday evening."
    )
    [claim] = result.claims
    assert (claim.place, claim.claimant, claim.verb, claim.side) == (
        "soledar",
        "russian-mod",
        Verb.CAPTURED,
        "russia",
    )
    assert claim.stated_at == FRIDAY
    assert claim.effective_at == date(2023, 1, 12)
    assert claim.quote.startswith("On Friday Russia's Defence Ministry")
    assert {m.role for m in claim.marks} >= {"place", "claimant", "verb", "stated", "effective"}
    assert any("completed the capture" in why for why in claim.why)


def test_the_reasons_are_worded_in_the_editors_language():
    with translation.override("uk"):
        [claim] = run(
            "On Friday Russia's Defence Ministry said its forces had completed the capture of "
            "Soledar on Thursday evening."
        ).claims
        [verification] = run(
            "Serhii Cherevaty said fighting continued in Soledar. Reuters could not "
            "independently verify the claim."
        ).verifications
    assert "населений пункт «Soledar» — це Soledar" in claim.why
    assert "заявлено «On Friday»" in claim.why
    assert verification.why[0].endswith("повідомляє, що заява не підтверджена")


def test_hedged_and_locating_mentions_are_not_claims():
    result = run(
        "Russia's Defence Ministry said taking Soledar would allow it to encircle Bakhmut. "
        "Cherevaty said shelling continued near Bakhmut."
    )
    assert result.claims == []


WITH_GENERAL_STAFF = Gazetteer.from_records(
    sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
    places=[
        {"slug": "soledar", "name": "Soledar", "kind": "town", "names": []},
        {"slug": "bakhmut", "name": "Bakhmut", "kind": "city", "names": []},
        {"slug": "donetsk", "name": "Donetsk", "kind": "city", "names": []},
    ],
    actors=[
        {
            "slug": "russian-mod",
            "name": "Russian Ministry of Defence",
            "kind": "ministry",
            "side": "russia",
            "names": ["Russia's Defence Ministry"],
        },
        {
            "slug": "ukrainian-general-staff",
            "name": "General Staff of the Armed Forces of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Ukraine's General Staff"],
        },
        {
            "slug": "armed-forces-of-ukraine",
            "name": "Armed Forces of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Ukraine's military"],
        },
    ],
)


def run_with_bodies(text):
    return extract(text, published=FRIDAY, gazetteer=WITH_GENERAL_STAFF, publisher=None)


def test_most_of_a_place_and_a_place_that_only_locates_another():
    result = run_with_bodies(
        "Russia's Defence Ministry said its forces had taken control of most of Bakhmut in Donetsk."
    )
    [claim] = result.claims
    assert (claim.place, claim.verb, claim.side) == ("bakhmut", Verb.PARTIALLY_HOLDS, "russia")


def test_denying_ones_own_troops_are_encircled_denies_the_other_sides_claim():
    result = run_with_bodies(
        "Ukraine's military denied on Friday that its troops were encircled in Bakhmut."
    )
    [claim] = result.claims
    assert (claim.verb, claim.side) == (Verb.DENIED, "russia")


def test_blocking_a_town_from_two_sides_is_an_encirclement_by_the_blockers():
    [claim] = run(
        "Russia's Defence Ministry said on Wednesday that its paratroopers had blocked Soledar "
        "from the north and the south."
    ).claims
    assert (claim.verb, claim.side) == (Verb.ENCIRCLED, "russia")


def test_returning_under_a_sides_control_is_liberation_by_that_side():
    [claim] = run(
        "Cherevaty said on Friday that Bakhmut was returning under Ukrainian control."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == (
        "serhii-cherevaty",
        Verb.LIBERATED,
        "ukraine",
    )


def test_an_unnamed_officer_of_a_unit_is_proposed_as_a_new_claimant_named_by_the_unit():
    [claim] = run(
        "A press officer for Ukraine's 28th brigade, which has been fighting for Soledar, said "
        "Ukrainian forces were holding their positions on the town's outskirts."
    ).claims
    assert (claim.claimant, claim.claimant_known, claim.claimant_side) == (
        "28th Brigade press officer",
        False,
        "ukraine",
    )
    assert claim.verb == Verb.PARTIALLY_HOLDS


def test_a_denial_naming_no_place_answers_the_other_sides_claim_not_the_last_place_named():
    claims = run(
        "Russia's Defence Ministry said on Friday its forces had captured Soledar. ISW reported "
        "that Russian forces had taken control of most of Bakhmut. Cherevaty refuted the claims."
    ).claims
    denial = claims[-1]
    assert (denial.claimant, denial.place, denial.verb) == (
        "serhii-cherevaty",
        "soledar",
        Verb.DENIED,
    )


def test_pulling_out_of_parts_of_a_town_is_partial_control():
    [claim] = run("Cherevaty said Ukrainian forces had pulled out of parts of Soledar.").claims
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "ukraine")


def test_a_place_in_a_coordinated_clause_takes_that_clause_s_cue():
    denial, fighting = extract(
        "Cherevaty on Friday denied reports that Bakhmut had fallen, and Ukrainian units were "
        "still fighting in Soledar, he said.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    assert (denial.place, denial.verb, denial.side) == ("bakhmut", Verb.DENIED, "russia")
    assert (fighting.place, fighting.verb) == ("soledar", Verb.CONTESTED)


def test_a_cue_right_before_a_list_of_places_governs_each_of_them():
    claims = extract(
        "Cherevaty said Ukrainian units still held Bakhmut, with street battles under way in "
        "Soledar and Avdiivka.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    assert [(c.place, c.verb) for c in claims] == [
        ("bakhmut", Verb.HOLDS),
        ("soledar", Verb.CONTESTED),
        ("avdiivka", Verb.CONTESTED),
    ]


def test_a_ministry_spokesman_in_the_lead_is_the_spokesman_named_after_it():
    [claim] = extract(
        "Russian forces have taken Soledar, a Russian defence ministry spokesman said on "
        "Thursday.\n"
        '"Soledar has been liberated," spokesman Igor Konashenkov said.',
        published=FRIDAY,
        gazetteer=Gazetteer.from_records(
            sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
            places=[{"slug": "soledar", "name": "Soledar"}],
            actors=[
                {
                    "slug": "russian-mod",
                    "name": "Russian Defence Ministry",
                    "kind": "ministry",
                    "side": "russia",
                },
                {
                    "slug": "konashenkov",
                    "name": "Igor Konashenkov",
                    "kind": "spokesperson",
                    "side": "russia",
                },
            ],
        ),
    ).claims
    # One statement: the lead's, dated Thursday, and the quote's "liberated".
    assert (claim.claimant, claim.verb, claim.stated_at) == (
        "konashenkov",
        Verb.LIBERATED,
        date(2023, 1, 12),
    )


def test_both_villages_are_the_places_named_together_before():
    claims = extract(
        "Cherevaty said on Friday that Russian units had attacked Soledar and Avdiivka.\n"
        "Ukrainian forces remained in control of both towns, Cherevaty said.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    held = [(c.place, c.verb, c.side) for c in claims if c.verb == Verb.HOLDS]
    assert held == [("soledar", Verb.HOLDS, "ukraine"), ("avdiivka", Verb.HOLDS, "ukraine")]


def test_a_body_with_no_side_repeating_the_same_villages_takes_the_side_it_repeats():
    claims = extract(
        "Ukrainian troops have freed Soledar and Avdiivka, Cherevaty said on Friday.\n\n"
        "The Eastern Task Group said on Thursday its units had freed the same two towns.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    assert [(c.place, c.claimant, c.verb, c.side) for c in claims[2:]] == [
        ("soledar", "Eastern Task Group", Verb.LIBERATED, "ukraine"),
        ("avdiivka", "Eastern Task Group", Verb.LIBERATED, "ukraine"),
    ]


def test_partial_control_holds_for_each_place_a_cue_governs():
    claims = extract(
        "Cherevaty said on Friday that Ukrainian troops had pulled out of parts of Soledar and "
        "Bakhmut.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    assert [(c.place, c.verb) for c in claims] == [
        ("soledar", Verb.PARTIALLY_HOLDS),
        ("bakhmut", Verb.PARTIALLY_HOLDS),
    ]


def test_the_villages_named_together_before_are_the_places_a_denial_carries():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had captured Soledar and Bakhmut. "
        "Serhii Cherevaty denied on Friday that the villages had fallen."
    )
    denials = [c for c in result.claims if c.verb == Verb.DENIED]
    assert [(c.place, c.claimant, c.side) for c in denials] == [
        ("soledar", "serhii-cherevaty", "russia"),
        ("bakhmut", "serhii-cherevaty", "russia"),
    ]


def test_the_town_listed_with_new_places_is_the_town_named_before():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had captured the town of Soledar. "
        'The ministry said its troops had "liberated" the town and the villages of Krasna Hora '
        "and Pidhorodne."
    )
    assert [(c.place, c.verb) for c in result.claims] == [
        ("soledar", Verb.LIBERATED),
        ("Krasna Hora", Verb.LIBERATED),
        ("Pidhorodne", Verb.LIBERATED),
    ]
