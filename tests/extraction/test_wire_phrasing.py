"""Control statements as wire copy words them in general (Reuters, AP, the Kyiv Independent,
ISW), written for these tests rather than taken from the corpus: how a side's voice is named,
how an outlet relays a body, whose tally a figure is, and what a place listed with another only
locates."""

from datetime import date

from claims.choices import Verb
from claims.extraction import Gazetteer, extract

GAZETTEER = Gazetteer.from_records(
    sides=[{"slug": "russia", "name": "Russia"}, {"slug": "ukraine", "name": "Ukraine"}],
    places=[
        {"slug": "pokrovsk", "name": "Pokrovsk", "kind": "city"},
        {"slug": "kupiansk", "name": "Kupiansk", "kind": "city"},
        {"slug": "myrnohrad", "name": "Myrnohrad", "kind": "city"},
        {"slug": "siversk", "name": "Siversk", "kind": "city"},
        {"slug": "donetsk", "name": "Donetsk", "kind": "city"},
        {"slug": "donetsk-oblast", "name": "Donetsk region", "kind": "oblast"},
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
            "slug": "ukrainian-mod",
            "name": "Ministry of Defence of Ukraine",
            "kind": "ministry",
            "side": "ukraine",
            "names": ["Ukraine's Defence Ministry"],
        },
        {
            "slug": "armed-forces",
            "name": "Armed Forces of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
        },
        {
            "slug": "general-staff",
            "name": "General Staff of Ukraine",
            "kind": "military_command",
            "side": "ukraine",
            "names": ["Ukraine's General Staff"],
        },
        {"slug": "deepstate", "name": "DeepState", "kind": "other"},
        {
            "slug": "isw",
            "name": "Institute for the Study of War",
            "kind": "think_tank",
            "names": ["ISW"],
        },
    ],
)
THURSDAY = date(2025, 11, 20)


def claims_of(text):
    result = extract(text, published=THURSDAY, gazetteer=GAZETTEER, publisher="reuters")
    return [(c.place, c.claimant, c.verb, c.side) for c in result.claims]


def test_a_sides_military_speaks_through_its_defence_ministry_when_no_military_is_on_file():
    text = "Russia's military said on Wednesday its troops had captured Siversk."
    assert claims_of(text) == [("siversk", "russian-mod", Verb.CAPTURED, "russia")]


def test_a_sides_military_is_its_armed_forces_when_they_are_on_file():
    text = "The Ukrainian military said its forces had recaptured Kupiansk."
    assert claims_of(text) == [("kupiansk", "armed-forces", Verb.CAPTURED, "ukraine")]


def test_military_bloggers_are_not_the_military():
    text = "Russian military bloggers said Russian forces had captured Siversk."
    assert all(claimant != "russian-mod" for _, claimant, _, _ in claims_of(text))


def test_an_outlet_quoting_a_body_as_saying_gives_the_body():
    text = (
        "MOSCOW, Nov 20 (Reuters) - Russian troops have taken control of Siversk, the TASS news "
        "agency quoted the Defence Ministry as saying on Thursday."
    )
    assert claims_of(text) == [("siversk", "russian-mod", Verb.CAPTURED, "russia")]


def test_an_outlet_citing_a_body_as_saying_gives_the_body():
    text = (
        "Russian forces have seized Siversk, the Interfax agency cited Russia's Defence "
        "Ministry as saying."
    )
    assert claims_of(text) == [("siversk", "russian-mod", Verb.CAPTURED, "russia")]


def test_issuing_a_denial_is_speaking():
    text = (
        "Ukraine's General Staff on Thursday issued a denial that its troops were surrounded "
        "in Pokrovsk."
    )
    assert claims_of(text) == [("pokrovsk", "general-staff", Verb.DENIED, "russia")]


def test_by_whose_count_names_the_speaker():
    text = "By ISW's count, Russian forces captured Siversk in December."
    assert claims_of(text) == [("siversk", "isw", Verb.CAPTURED, "russia")]


def test_a_second_reference_to_an_outlet_points_back_to_it():
    text = (
        "Russia's Defence Ministry said on Thursday its forces had captured Kupiansk. "
        '"Units have fully liberated Myrnohrad," the update said.'
    )
    assert ("myrnohrad", "russian-mod", Verb.LIBERATED, "russia") in claims_of(text)


def test_taking_districts_of_a_town_is_partial_control():
    text = "Russia's Defence Ministry said its forces had captured three districts of Pokrovsk."
    assert claims_of(text) == [("pokrovsk", "russian-mod", Verb.PARTIALLY_HOLDS, "russia")]


def test_places_in_a_described_area_only_locate():
    text = (
        "Russia's Defence Ministry said its forces had captured Siversk, a town on the road "
        "to the Russian-held parts of Luhansk and Donetsk."
    )
    assert claims_of(text) == [("siversk", "russian-mod", Verb.CAPTURED, "russia")]


def test_a_place_listed_with_one_that_locates_only_locates_too():
    text = (
        "Ukraine's General Staff said its forces had recaptured Kupiansk, fighting near "
        "Pokrovsk and Myrnohrad."
    )
    assert claims_of(text) == [("kupiansk", "general-staff", Verb.CAPTURED, "ukraine")]


def test_a_relative_clause_after_the_list_says_something_of_it():
    text = (
        "Ukraine's General Staff said Russian troops were trying to retake positions near "
        "Pokrovsk and Myrnohrad, which Ukrainian forces liberated on Friday."
    )
    assert ("myrnohrad", "general-staff", Verb.LIBERATED, "ukraine") in claims_of(text)


def test_occupied_said_by_a_speaker_of_no_known_side_is_russian_control():
    text = 'The whole of Siversk "is occupied," the town\'s mayor, Oleh Petrenko, said on Thursday.'
    assert claims_of(text) == [("siversk", "Oleh Petrenko", Verb.CAPTURED, "russia")]


def test_armoured_columns_are_forces_of_their_side():
    text = (
        "The DeepState monitoring project said three Russian armoured columns had entered "
        "Kupiansk before they were destroyed."
    )
    assert claims_of(text) == [("kupiansk", "deepstate", Verb.PARTIALLY_HOLDS, "russia")]


def test_the_only_side_a_sentence_names_is_the_side_of_the_claim():
    text = (
        "The DeepState monitoring project said small groups of Russian infiltrators had "
        "entered Kupiansk."
    )
    assert claims_of(text) == [("kupiansk", "deepstate", Verb.PARTIALLY_HOLDS, "russia")]


def test_an_unnamed_official_in_the_lead_is_the_person_named_with_an_office_later():
    text = (
        "A Ukrainian official on Nov. 19 denied that Russian forces had captured Pokrovsk. "
        "The town lies on a key supply road. Shelling went on through the night. "
        '"Pokrovsk has not been taken," Oksana Melnyk, head of the regional council, '
        "replied on Telegram."
    )
    assert claims_of(text)[0] == ("pokrovsk", "Oksana Melnyk", Verb.DENIED, "russia")


def test_a_state_centre_named_for_its_task_is_a_body_not_a_person():
    text = (
        "Ukraine's official Centre for Countering Disinformation said reports that Russian "
        "forces had entered Kupiansk were untrue."
    )
    assert claims_of(text) == [
        ("kupiansk", "Centre for Countering Disinformation", Verb.DENIED, "russia")
    ]


def test_calling_a_report_fake_denies_it():
    text = (
        "Russia's Defence Ministry said its troops had captured Kupiansk. Ukraine's General "
        "Staff called the report fake."
    )
    assert ("kupiansk", "general-staff", Verb.DENIED, "russia") in claims_of(text)


def places_of(text):
    return [place for place, _, _, _ in claims_of(text)]


def test_a_counted_place_noun_stands_for_the_names_after_it():
    text = (
        "Russia's Defence Ministry said its forces had taken control of two settlements in "
        "eastern Ukraine, Nova Dolyna and Zelene Pole."
    )
    assert places_of(text) == ["Nova Dolyna", "Zelene Pole"]


def test_secured_with_a_list_half_of_which_ends_like_places_takes_them_all():
    text = (
        "Troops have pushed into the enemy's territory and secured Lozove, Vesele, Bohdan and "
        "Hrushivka, Russia's Defence Ministry said."
    )
    assert claims_of(text) == [
        (place, "russian-mod", Verb.CAPTURED, "russia")
        for place in ("Lozove", "Vesele", "Bohdan", "Hrushivka")
    ]


def test_a_datelines_abbreviated_month_is_no_place():
    text = (
        "MOSCOW, Oct 8 (Reuters) - Russia's Defence Ministry said its forces had taken "
        "control of two villages, Lozove and Vesele."
    )
    assert "Oct" not in places_of(text)


def test_a_speaker_named_after_the_verb_with_a_role_speaks():
    text = (
        '"Our forces have taken full control of Kupiansk," said Oleh Syniehubov, the governor '
        "of the Kharkiv region."
    )
    # His side is not on file and the role does not name one: the editor chooses it.
    assert [c[:3] for c in claims_of(text)] == [("kupiansk", "Oleh Syniehubov", Verb.CAPTURED)]


def test_a_title_before_the_name_after_the_verb_is_not_the_speaker():
    text = '"Kupiansk has been liberated," said Deputy Defence Minister Oksana Melnyk on Thursday.'
    assert all(claimant != "Deputy Defence Minister" for _, claimant, _, _ in claims_of(text))


def test_a_place_a_distance_is_measured_from_only_locates():
    text = (
        "Russia's Defence Ministry said its forces had captured Myrnohrad, about 9 kilometres "
        "(5.6 miles) from Pokrovsk."
    )
    assert places_of(text) == ["myrnohrad"]


def test_places_a_village_lies_between_only_locate():
    text = (
        "Russia's Defence Ministry said its forces had captured Lozove, a village between "
        "Pokrovsk and Myrnohrad."
    )
    assert places_of(text) == ["Lozove"]


def test_a_taking_that_dates_the_claim_is_no_claim():
    text = (
        "Russia's Defence Ministry said its troops had taken the village of Lozove, its "
        "largest gain since the fall of Pokrovsk."
    )
    assert places_of(text) == ["Lozove"]


def test_an_unnamed_village_in_a_region_claims_nothing_of_the_region():
    text = (
        "Russian forces have captured a village in the east-central Donetsk region, Russia's "
        "Defence Ministry said on Tuesday."
    )
    assert places_of(text) == []


def test_a_sides_military_bloggers_are_not_its_military_on_file():
    text = "Ukrainian military bloggers said Russian troops had taken the centre of Siversk."
    assert all(claimant != "armed-forces" for _, claimant, _, _ in claims_of(text))


def test_a_regional_military_administration_not_on_file_speaks_as_a_body():
    text = (
        "The Kharkiv Oblast Military Administration on Tuesday rejected claims that Ukrainian "
        "troops had withdrawn from Kupiansk."
    )
    assert claims_of(text) == [
        ("kupiansk", "Kharkiv Oblast Military Administration", Verb.DENIED, "ukraine")
    ]


def test_an_unnamed_spokesperson_for_a_body_not_on_file_is_that_body():
    text = (
        "Ukrainian forces have retaken Kupiansk, a spokesperson for the Kupiansk group of "
        "forces told public broadcaster Suspilne on Thursday."
    )
    assert claims_of(text) == [("kupiansk", "Kupiansk group of forces", Verb.CAPTURED, "ukraine")]


def test_an_unnamed_official_is_the_official_named_after_the_office():
    text = (
        "An official of the Moscow-installed administration said Siversk was under the control "
        'of Russian forces. "Siversk is ours," the official, Ivan Petrov, said on Telegram.'
    )
    assert {c[1] for c in claims_of(text)} == {"Ivan Petrov"}


def test_back_under_a_sides_flag_is_a_liberation():
    text = 'Ukraine\'s General Staff said Kupiansk was "back under the Ukrainian flag".'
    assert claims_of(text) == [("kupiansk", "general-staff", Verb.LIBERATED, "ukraine")]
