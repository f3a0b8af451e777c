"""The article extraction as pure functions: text and a gazetteer in, proposals out."""

from datetime import date

import pytest
from django.utils import translation

from claims.choices import EvidenceKind, Status, Verb
from claims.extraction import Gazetteer, InputRefused, clean_text, extract
from claims.extraction.dates import find_dates, resolve
from claims.extraction.gazetteer import inflections

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


def test_denial_answers_the_capture_claim_and_takes_its_side():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Serhii Cherevaty, a Ukrainian army spokesman, said the claim was not true."
    )
    capture, denial = result.claims
    assert capture.verb == Verb.CAPTURED
    assert denial.verb == Verb.DENIED
    assert denial.answers == 0
    assert denial.side == "russia"
    assert denial.claimant_side == "ukraine"


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


def test_inflected_ukrainian_place_name_is_matched():
    result = run("Cherevaty said fierce fighting is going on під Бахмутом and in Авдіївці.")
    assert {c.place for c in result.claims} == {"bakhmut", "avdiivka"}
    assert {c.verb for c in result.claims} == {Verb.CONTESTED}


def test_hedged_and_locating_mentions_are_not_claims():
    result = run(
        "Russia's Defence Ministry said taking Soledar would allow it to encircle Bakhmut. "
        "Cherevaty said shelling continued near Bakhmut."
    )
    assert result.claims == []


def test_could_not_verify_either_account_marks_both_claims_unconfirmed_by_that_outlet():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Cherevaty said fighting in Soledar continued. "
        "Reuters could not independently verify either account."
    )
    assert [(v.claim, v.verifier, v.status) for v in result.verifications] == [
        (0, "reuters", Status.UNCONFIRMED),
        (1, "reuters", Status.UNCONFIRMED),
    ]


def test_geolocated_footage_partly_confirms_the_matching_sides_claim():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Cherevaty said fighting in Soledar continued. "
        "ISW said geolocated footage showed Russian troops in central Soledar."
    )
    [verification] = result.verifications
    assert verification.claim == 0
    assert verification.verifier == "isw"
    assert verification.status == Status.PARTIALLY_CONFIRMED
    assert verification.evidence_kind == EvidenceKind.GEOLOCATED_FOOTAGE


def test_relative_dates_resolve_against_publication_and_the_statement_before():
    [saturday] = find_dates("said on Saturday", date(2023, 5, 21))
    assert saturday.value == date(2023, 5, 20)
    [late] = find_dates("late Tuesday", date(2024, 10, 2))
    assert late.value == date(2024, 10, 1)
    [overnight] = find_dates("overnight", FRIDAY)
    assert overnight.value == FRIDAY
    [later] = find_dates("Hours later, Kyiv said", FRIDAY)
    assert resolve(later, date(2023, 1, 11)) == date(2023, 1, 11)
    [calendar] = find_dates("on Jan. 6", date(2025, 1, 7))
    assert calendar.value == date(2025, 1, 6)


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


def test_inflections_cover_common_case_endings():
    assert {"Бахмута", "Бахмутом", "Бахмуті"} <= set(inflections("Бахмут"))
    assert {"Авдіївки", "Авдіївку", "Авдіївці"} <= set(inflections("Авдіївка"))
    assert inflections("Bakhmut") == ["Bakhmut"]


def test_html_and_control_characters_are_cleaned_with_a_note():
    cleaned = clean_text("<p>Soledar\x07 fell</p><script>alert(1)</script>\u202eend")
    assert cleaned.text == "Soledar fell\nend"
    assert any("HTML" in note for note in cleaned.notes)
    assert any("control character" in note for note in cleaned.notes)
    assert any("direction mark" in note for note in cleaned.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * (200 * 1024 + 1), "at most 200 KB"),
        ("   \n\x00 ", "no text"),
        ("bad \ud800 text", "not valid Unicode"),
    ],
)
def test_unreadable_text_is_refused_with_a_reason(text, message):
    with pytest.raises(InputRefused, match=message):
        clean_text(text)


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


def test_a_second_speaker_joined_by_a_day_after_is_a_claim_of_its_own_dated_a_day_earlier():
    result = run_with_bodies(
        "Ukraine's military said on Friday that its troops had pulled back from Soledar, a day "
        "after Russia's Defence Ministry said its forces had captured the town."
    )
    found = {(c.claimant, c.verb, c.stated_at) for c in result.claims}
    assert found == {
        ("armed-forces-of-ukraine", Verb.WITHDREW, FRIDAY),
        ("russian-mod", Verb.CAPTURED, date(2023, 1, 12)),
    }


def test_an_unnamed_body_of_a_side_speaks_for_the_actor_whose_name_ends_so():
    result = run_with_bodies(
        "Ukrainian troops have left Soledar, a news site reported, citing a source in the "
        "General Staff."
    )
    [claim] = result.claims
    assert (claim.claimant, claim.verb) == ("ukrainian-general-staff", Verb.WITHDREW)


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


def test_the_claimants_quoted_word_for_a_taking_stands_over_the_reporters():
    [claim] = run(
        'Russian forces captured Soledar, "the settlement of Soledar has been liberated," '
        "Russia's Defence Ministry said."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.LIBERATED, "russia")


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


def test_a_side_named_as_speaker_with_no_body_quoted_after_speaks_through_its_ministry():
    [claim] = run("Russia said on Friday its forces had captured Soledar.").claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.CAPTURED, "russia")


def test_a_second_speaker_joined_by_and_makes_a_claim_of_their_own():
    claims = run(
        "On Friday Cherevaty dismissed reports of fighting in Bakhmut as propaganda, and the "
        "Russian Defence Ministry said its forces had captured Soledar."
    ).claims
    assert [(c.claimant, c.place, c.verb) for c in claims] == [
        ("serhii-cherevaty", "bakhmut", Verb.DENIED),
        ("russian-mod", "soledar", Verb.CAPTURED),
    ]


def test_as_of_a_day_dates_what_the_words_are_about_not_when_they_were_said():
    [claim] = run(
        "Cherevaty told Reuters that as of Thursday morning Ukrainian troops were still fighting "
        "in Soledar."
    ).claims
    assert claim.stated_at == FRIDAY
    assert claim.effective_at == date(2023, 1, 12)


def test_footage_after_a_denial_partly_confirms_the_claim_not_the_denial():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had captured Soledar. Cherevaty "
        "said the claim was not true. A video verified by Reuters showed Russian soldiers "
        "raising a flag in Soledar."
    )
    [check] = result.verifications
    assert result.claims[check.claim].verb == Verb.CAPTURED


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


@pytest.mark.parametrize("bound", ["since Monday", "by January 9", "until Tuesday"])
def test_the_bound_of_a_span_of_time_is_not_a_date_of_the_text(bound):
    assert find_dates(f"Troops held the line {bound}, he said.", FRIDAY) == []


def test_both_villages_are_the_places_named_together_before():
    claims = extract(
        "Cherevaty said on Friday that Russian units had attacked Soledar and Avdiivka.\n"
        "Ukrainian forces remained in control of both towns, Cherevaty said.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
    held = [(c.place, c.verb, c.side) for c in claims if c.verb == Verb.HOLDS]
    assert held == [("soledar", Verb.HOLDS, "ukraine"), ("avdiivka", Verb.HOLDS, "ukraine")]


def test_a_speaker_said_to_have_said_nothing_makes_no_claim():
    assert not extract(
        "Neither Cherevaty nor the army had said anything on Friday about a withdrawal from "
        "Soledar.",
        published=FRIDAY,
        gazetteer=GAZETTEER,
    ).claims
