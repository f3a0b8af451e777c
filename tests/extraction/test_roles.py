"""Speakers read the way news copy introduces them (claims/extraction/roles.py): a person with a
role, the same person by surname, a role named a few sentences before the person, a body of a
side that is not on file."""

from datetime import date

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

GAZETTEER = Gazetteer.from_records(
    sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
    places=[
        {"slug": "pokrovsk", "name": "Pokrovsk", "kind": "city"},
        {"slug": "kupiansk", "name": "Kupiansk", "kind": "city"},
        {"slug": "myrnohrad", "name": "Myrnohrad", "kind": "city"},
        {"slug": "kharkiv-oblast", "name": "Kharkiv region", "kind": "oblast"},
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
            "slug": "general-staff",
            "name": "General Staff of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Ukraine's General Staff"],
        },
        {
            "slug": "lykhovyi",
            "name": "Dmytro Lykhovyi",
            "kind": "spokesperson",
            "side": "ukraine",
            "names": ["Lykhovyi"],
        },
        {
            "slug": "gerasimov",
            "name": "Valery Gerasimov",
            "kind": "military_command",
            "side": "russia",
            "names": ["Gerasimov"],
        },
        {"slug": "putin", "name": "Vladimir Putin", "kind": "head_of_state", "side": "russia"},
        {
            "slug": "khortytsia",
            "name": "Khortytsia group of forces",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Khortytsia group"],
        },
    ],
)
WEDNESDAY = date(2025, 12, 3)
MONDAY = date(2025, 12, 1)


def run(text):
    return extract(text, published=WEDNESDAY, gazetteer=GAZETTEER, publisher="reuters")


def test_a_person_named_with_a_role_speaks_not_the_body_the_role_names():
    [claim] = run(
        "Ukrainian troops hold about half of Myrnohrad, Oleh Petrenko, a spokesman for the "
        "Khortytsia group, said on Wednesday."
    ).claims
    assert (claim.claimant, claim.claimant_known) == ("Oleh Petrenko", False)
    assert claim.claimant_side == "ukraine"  # from the group his role names


def test_a_person_named_after_the_office_they_head_is_the_claimant():
    [claim] = run(
        "Ukrainian units still hold Pokrovsk, the head of the Donetsk Regional Military "
        "Administration, Vadym Filashkin, said on Wednesday."
    ).claims
    assert (claim.claimant, claim.claimant_known) == ("Vadym Filashkin", False)
    assert claim.claimant_kind == "government_official"


def test_a_title_written_before_a_new_person_s_name_is_not_part_of_it():
    [claim] = run(
        "Governor Oleh Petrenko said Russian troops had pulled out of Kupiansk on Wednesday."
    ).claims
    assert (claim.claimant, claim.claimant_kind) == ("Oleh Petrenko", "government_official")
    assert (claim.verb, claim.side) == (Verb.WITHDREW, "russia")


def test_a_new_person_called_again_by_surname_is_the_same_claimant():
    first, second = run(
        "Oleh Petrenko, a Ukrainian army spokesman, said fighting continued in Myrnohrad.\n"
        '"The enemy has not captured Kupiansk," Petrenko said.'
    ).claims
    assert second.claimant == first.claimant == "Oleh Petrenko"
    assert (second.verb, second.side, second.claimant_side) == (Verb.DENIED, "russia", "ukraine")


def test_a_role_in_the_lead_is_the_person_the_body_names_with_it():
    denial, capture = run(
        "A spokesman for Ukraine's General Staff on Wednesday rejected reports that Russian "
        "forces had taken Pokrovsk.\n"
        "Valery Gerasimov had told Putin on Monday that Pokrovsk had been captured.\n"
        "Dmytro Lykhovyi told a news agency the situation was difficult."
    ).claims
    # Gerasimov is of the other side, so the spokesman is the Ukrainian named after him.
    assert (denial.claimant, denial.verb, denial.side) == ("lykhovyi", Verb.DENIED, "russia")
    assert capture.claimant == "gerasimov"


def test_a_role_never_named_afterwards_keeps_the_body():
    [claim] = run(
        "A spokesman for Ukraine's General Staff on Wednesday rejected reports that Russian "
        "forces had taken Pokrovsk."
    ).claims
    assert claim.claimant == "general-staff"


def test_a_role_named_later_as_a_new_person_takes_the_side_of_the_description():
    [claim] = run(
        "Russia's Defence Ministry said its troops had captured Kupiansk, but a spokesperson "
        "for the Ukrainian brigade defending it denied the claim.\n"
        '"Our positions are still in the city," Ivan Kovalchuk, a spokesperson for the 14th '
        "Brigade, told a news agency."
    ).claims[1:]
    assert (claim.claimant, claim.claimant_side) == ("Ivan Kovalchuk", "ukraine")
    assert (claim.verb, claim.side) == (Verb.DENIED, "russia")


def test_the_one_told_and_the_one_briefed_are_the_audience():
    told, briefed = run(
        "Russia's chief of the general staff told President Vladimir Putin on Monday that "
        "Russian forces had taken Kupiansk.\n"
        '"Our units have liberated Kupiansk," Gerasimov said.\n'
        "Vladimir Putin was briefed on Monday on what Moscow called the liberation of Pokrovsk."
    ).claims
    assert told.claimant == "gerasimov"
    assert told.verb == Verb.LIBERATED  # the quoted word of the same statement
    assert briefed.claimant == "russian-mod"  # "what Moscow called": the side's ministry


def test_a_body_of_a_side_not_on_file_is_proposed_as_new():
    [claim] = run(
        "Ukraine's Joint Forces Group said on Wednesday that reports of Russian troops in "
        "Kupiansk were not true."
    ).claims
    assert (claim.claimant, claim.claimant_known, claim.claimant_side) == (
        "Joint Forces Group",
        False,
        "ukraine",
    )
    assert (claim.verb, claim.side) == (Verb.DENIED, "russia")


def test_an_actor_inside_a_quotation_is_not_its_speaker():
    [claim] = run(
        '"The enemy keeps trying to push Ukraine\'s General Staff units out of Pokrovsk," '
        "Oleh Petrenko, a Ukrainian army spokesman, said, adding that fierce fighting continued "
        "in Pokrovsk."
    ).claims
    assert claim.claimant == "Oleh Petrenko"


def test_a_numbered_or_titled_body_not_on_file_is_proposed_as_new():
    numbered, titled = run(
        "Ukraine's 19th Army Corps on Wednesday rejected as false Russia's claim to Kupiansk.\n"
        "Operational Command East said separately that fighting was going on in Pokrovsk."
    ).claims
    assert (numbered.claimant, numbered.verb) == ("19th Army Corps", Verb.DENIED)
    assert (titled.claimant, titled.verb) == ("Operational Command East", Verb.CONTESTED)


def test_a_body_named_for_its_country_takes_that_side_and_keeps_it_in_its_name():
    [claim] = run("The Air Assault Command of Ukraine said its units had retaken Kupiansk.").claims
    assert (claim.claimant, claim.claimant_side, claim.verb, claim.side) == (
        "Air Assault Command of Ukraine",
        "ukraine",
        Verb.CAPTURED,
        "ukraine",
    )


def test_the_body_named_by_its_noun_is_the_latest_speaker_so_named_not_the_last_one():
    claims = run(
        "Ukraine's 19th Army Corps on Wednesday rejected Russia's claim to Kupiansk.\n"
        "Valery Gerasimov had told Putin on Monday that troops had taken Kupiansk.\n"
        '"Claims of control over part of Pokrovsk are also a myth," the corps said.'
    ).claims
    assert [(c.place, c.claimant) for c in claims] == [
        ("kupiansk", "19th Army Corps"),
        ("kupiansk", "gerasimov"),
        ("pokrovsk", "19th Army Corps"),
    ]


def test_the_side_said_is_the_person_quoted_next_not_the_body_in_his_title():
    [claim] = run(
        "Ukraine said on Wednesday that its troops were locked in fierce fighting for Pokrovsk.\n"
        '"There is fierce combat there," Ukraine\'s General Staff spokesman Dmytro Lykhovyi said.'
    ).claims
    assert (claim.claimant, claim.verb) == ("lykhovyi", Verb.CONTESTED)


def test_the_person_an_outlet_quoted_as_saying_is_the_claimant():
    [claim] = run(
        "On Monday, Russia's RIA news agency quoted Ivan Petrov, an adviser to the "
        "Russian-installed head of the region, as saying Russian forces had entered the suburbs "
        "of Pokrovsk."
    ).claims
    assert (claim.claimant, claim.claimant_side) == ("Ivan Petrov", "russia")
    assert (claim.verb, claim.side) == (Verb.PARTIALLY_HOLDS, "russia")


def test_a_person_with_a_role_who_had_claimed_is_the_claimant():
    [claim] = run(
        "A day earlier, Ivan Petrov, a Russian-backed official, had claimed that 400 Ukrainian "
        "fighters were trapped at a plant in Pokrovsk."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("Ivan Petrov", Verb.ENCIRCLED, "russia")


def test_a_report_relayed_by_a_speaker_is_a_claim_of_both():
    claims = run(
        "Vladimir Putin said on Wednesday that the chief of the general staff, Valery "
        'Gerasimov, had "reported the liberation of Kupiansk".'
    ).claims
    assert [(c.claimant, c.verb) for c in claims] == [
        ("putin", Verb.LIBERATED),
        ("gerasimov", Verb.LIBERATED),
    ]


def test_a_new_person_named_after_the_role_takes_the_side_of_the_role():
    [claim] = run(
        "Ukrainian soldiers have been blocked in Kupiansk, the Moscow-installed head of the "
        "region, Ivan Petrov, said on Wednesday."
    ).claims
    assert (claim.claimant, claim.claimant_side) == ("Ivan Petrov", "russia")
    assert (claim.verb, claim.side) == (Verb.ENCIRCLED, "russia")


def test_a_quotation_that_goes_on_after_its_attribution_is_the_same_speaker_s():
    [claim] = run(
        '"Some sources are spreading information suggesting that our units are surrounded in '
        'Pokrovsk," Ukraine\'s General Staff said on Monday. "This is absolutely not true."'
    ).claims
    # The claim the speaker quotes in order to deny it is not the speaker's own.
    assert (claim.claimant, claim.verb, claim.side) == ("general-staff", Verb.DENIED, "russia")
    assert claim.stated_at == MONDAY


def test_every_sentence_of_a_quotation_attributed_where_it_closes_is_the_speaker_s():
    [claim] = run(
        "The ministry spoke on Monday.\n"
        '"Myrnohrad has been liberated. Our units are clearing the last streets. The enemy '
        'is fleeing," Lykhovyi said.'
    ).claims
    assert (claim.place, claim.claimant, claim.verb) == ("myrnohrad", "lykhovyi", Verb.LIBERATED)


def test_a_quotation_with_no_attribution_where_it_closes_has_no_speaker():
    assert not run('"Myrnohrad has been liberated. The enemy is fleeing."').claims


def test_the_body_after_according_to_is_the_speaker():
    [claim] = run(
        "According to Ukraine's General Staff, Russian assault groups were still fighting in "
        "Pokrovsk on Monday."
    ).claims
    assert (claim.claimant, claim.verb) == ("general-staff", Verb.CONTESTED)


def test_a_body_not_on_file_is_named_in_full_with_of_and_its_own_side_word():
    [claim] = run(
        "Ukraine's Southern Defence Forces said fierce fighting continued in Pokrovsk."
    ).claims
    assert (claim.claimant, claim.claimant_side) == ("Southern Defence Forces", "ukraine")
    [claim] = run(
        "The Freedom of Russia Legion said on Wednesday that its units had entered Kupiansk."
    ).claims
    # The side word in the body's name says nothing about which side it fights for.
    assert (claim.claimant, claim.claimant_known, claim.claimant_side) == (
        "Freedom of Russia Legion",
        False,
        None,
    )


def test_a_person_on_file_named_after_the_office_they_hold_is_that_actor():
    [claim] = run(
        "The chief of Russia's General Staff, Valery Gerasimov, said on Wednesday that his "
        "forces had taken Kupiansk."
    ).claims
    assert (claim.claimant, claim.claimant_known, claim.side) == ("gerasimov", True, "russia")
