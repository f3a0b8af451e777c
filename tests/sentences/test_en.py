"""The quotable sentences: one table pins the wording for each kind of picture, and the demo's
place and claims read as the reporting did."""

from datetime import date, timedelta

import pytest

from claims import pictures, sentences
from claims.choices import ActorKind, Control, Status, Verb
from claims.models import Claim, Place
from claims.sentences import Finding, PlaceFacts, Said, Speaker, en
from tests.factories import BASE_TIME, ActorFactory, PlaceFactory, SideFactory, said
from tests.sentences.stands import D13, D14, latest_day, stand

MOD = Speaker("Igor Konashenkov", ActorKind.SPOKESPERSON, "Russia", "Russian Ministry of Defence")
ARMY = Speaker("Serhii Cherevaty", ActorKind.SPOKESPERSON, "Ukraine", "Armed Forces of Ukraine")
MALIAR = Speaker("Hanna Maliar", ActorKind.GOVERNMENT_OFFICIAL, "Ukraine", None)
CNN = Speaker("CNN", ActorKind.NEWS_ORGANISATION, None, None)
CAPTURE = Said(MOD, Verb.CAPTURED, "Russia", True, D13, "Soledar")
DENIAL = Said(ARMY, Verb.DENIED, "Russia", False, D13, "Soledar", ("Russia", Verb.CAPTURED))
WITHDRAWAL = Said(ARMY, Verb.WITHDREW, "Ukraine", True, D14, "Soledar")
HOLDING = Said(MALIAR, Verb.HOLDS, "Ukraine", True, D13, "Soledar")
PULLBACK = Said(CNN, Verb.WITHDREW, "Ukraine", False, D13, "Soledar")
ISW = ("Institute for the Study of War", ActorKind.THINK_TANK)


CASES = {
    "contested": (
        [stand("Russia", Control.FULL, CAPTURE), stand("Ukraine", Control.PARTIAL, DENIAL)],
        [PULLBACK],
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar; Serhii Cherevaty (spokesperson for the "
        "Armed Forces of Ukraine) denied on 13 January 2023 Russia's claim to have captured "
        "Soledar. As of 13 January 2023, neither side's claim had been independently confirmed; "
        "CNN (news organisation) said on 13 January 2023 that Ukraine's forces had withdrawn "
        "from Soledar.",
    ),
    "contested, one claim found against": (
        [
            stand("Russia", Control.FULL, CAPTURE, [Finding(*ISW, Status.DISPUTED, D14)]),
            stand("Ukraine", Control.PARTIAL, DENIAL),
        ],
        [],
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar; Serhii Cherevaty (spokesperson for the "
        "Armed Forces of Ukraine) denied on 13 January 2023 Russia's claim to have captured "
        "Soledar. As of 14 January 2023, neither side's claim had been independently confirmed; "
        "Institute for the Study of War (think tank) had found evidence against Russia's claim.",
    ),
    "conceded": (
        [stand("Russia", Control.FULL, CAPTURE), stand("Ukraine", Control.NONE, WITHDRAWAL)],
        [],
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar; Serhii Cherevaty (spokesperson for the "
        "Armed Forces of Ukraine) said on 14 January 2023 that Ukraine's forces had withdrawn "
        "from Soledar. As of 14 January 2023, Russia's claim had not been independently "
        "verified.",
    ),
    "same-side contradiction": (
        [stand("Ukraine", Control.UNCLEAR, HOLDING, contradicting=WITHDRAWAL)],
        [],
        "Ukraine's own officials contradicted each other: Hanna Maliar (Ukraine's government "
        "official) said on 13 January 2023 that Ukraine held Soledar, while Serhii Cherevaty "
        "(spokesperson for the Armed Forces of Ukraine) said on 14 January 2023 that Ukraine's "
        "forces had withdrawn from Soledar.",
    ),
    "confirmed": (
        [stand("Russia", Control.FULL, CAPTURE, [Finding(*ISW, Status.CONFIRMED, D14)])],
        [],
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar. As of 14 January 2023, Institute for "
        "the Study of War (think tank) had confirmed Russia's claim.",
    ),
    "false": (
        [stand("Russia", Control.FULL, CAPTURE, [Finding(None, None, Status.FALSE, D14)])],
        [],
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar. As of 14 January 2023, the newsroom had "
        "judged Russia's claim false.",
    ),
    "nothing yet": ([], [], "No claims about Soledar have been recorded yet."),
}


@pytest.mark.parametrize("case", CASES)
def test_place_sentence_wording(case):
    stands, third_parties, expected = CASES[case]
    latest = latest_day(stands)
    contested = case.startswith("contested")
    facts = PlaceFacts("Soledar", None, contested, stands, third_parties, latest)
    assert en.place(facts) == expected


def test_as_of_a_day_before_any_claim_says_so():
    facts = PlaceFacts("Soledar", date(2023, 1, 9), False, [], [], None)
    assert en.place(facts) == "No claims about Soledar had been recorded by 9 January 2023."


def test_a_verdict_never_claims_more_than_was_found():
    unconfirmed = stand("Russia", Control.FULL, CAPTURE, [Finding(*ISW, Status.UNCONFIRMED, D14)])
    text = en.place(PlaceFacts("Soledar", None, False, [unconfirmed], [], D14))
    assert "had not been independently confirmed" in text
    assert "confirmed Russia's claim" not in text


def test_hedged_wording_is_reported_as_hedged():
    likely = Said(CNN, Verb.CAPTURED, "Russia", False, D13, "Soledar", hedged=True)
    assert en.predicate(likely) == (
        "said on 13 January 2023, in hedged terms, that Russia's forces had captured Soledar"
    )


def test_claim_sentence_names_its_verdict_and_when():
    assert en.claim(DENIAL, Finding(None, None, Status.UNCONFIRMED, D13)) == (
        "Serhii Cherevaty (spokesperson for the Armed Forces of Ukraine) denied on 13 January "
        "2023 Russia's claim to have captured Soledar. As of 13 January 2023, it had not been "
        "independently confirmed."
    )
    assert en.claim(CAPTURE, None).endswith("No verdict on it had been recorded.")


@pytest.mark.django_db
def test_demo_soledar_now_and_as_of_11_january(demo_data):
    soledar = Place.objects.get(slug="soledar")
    now = sentences.for_place(pictures.view(soledar, pictures.place_picture(soledar)))
    # Russia's latest word, the ministry's, not Wagner's claim of 11 January that opened it.
    assert now.startswith(
        "Russian Ministry of Defence (Russia) said on 13 January 2023 that Russia's forces had "
        "captured Soledar; Serhii Cherevaty"
    )
    assert (
        "As of 13 January 2023, the newsroom had partly confirmed Ukraine's claim; Russia's claim "
        "had not been independently confirmed; CNN" in now
    )
    then = date(2023, 1, 11)
    earlier = sentences.for_place(
        pictures.view(soledar, pictures.place_picture(soledar, then), as_of=then)
    )
    assert earlier.startswith("Wagner Group (Russia) said on 11 January 2023 that Russia's")
    assert "As of 11 January 2023" in earlier
    assert "Konashenkov" not in earlier


@pytest.mark.django_db
def test_demo_claim_sentence(demo_data):
    claim = (
        Claim.objects.shown()
        .select_related("claimant__parent", "current_verification__verifier")
        .get(claimant__slug="igor-konashenkov")
    )
    assert sentences.for_claim(claim) == (
        "Igor Konashenkov (spokesperson for the Russian Ministry of Defence) said on 13 January "
        "2023 that Russia's forces had captured Soledar. As of 13 January 2023, it had not been "
        "independently confirmed."
    )


@pytest.fixture
def chasiv_yar(db):
    """Chasiv Yar, 2024–2025: Ukraine's position opened with a spokesman's partial hold a year
    before Russia's capture claim, which a corps answered the same day."""
    town = PlaceFactory(name="Chasiv Yar", slug="chasiv-yar")
    russia = SideFactory(name="Russia", slug="russia")
    ukraine = SideFactory(name="Ukraine", slug="ukraine")
    ministry = ActorFactory(
        name="Russian Ministry of Defence", kind=ActorKind.MINISTRY, side=russia
    )
    said(town, ActorFactory(name="Nazar Voloshyn", side=ukraine), 0, Verb.PARTIALLY_HOLDS)
    said(town, ministry, 390)
    corps = ActorFactory(name="11th Army Corps", kind=ActorKind.MILITARY_COMMAND, side=ukraine)
    said(town, corps, 390.5, Verb.PARTIALLY_HOLDS)
    return town, ukraine


def test_a_side_is_quoted_by_its_latest_word_not_the_claim_that_opened_its_position(chasiv_yar):
    town, _ = chasiv_yar
    text = sentences.for_place(pictures.view(town, pictures.place_picture(town)))
    assert "11th Army Corps (Ukraine) said on" in text
    assert "that Ukraine held part of Chasiv Yar" in text
    assert "Voloshyn" not in text


def test_a_contradiction_answers_the_statement_just_before_it(chasiv_yar):
    town, ukraine = chasiv_yar
    # A withdrawal dated before the corps' statement: not news, a contradiction of it.
    trehubov = ActorFactory(name="Viktor Trehubov", side=ukraine)
    said(town, trehubov, 391, Verb.WITHDREW, effective_at=BASE_TIME + timedelta(days=389))
    text = sentences.for_place(pictures.view(town, pictures.place_picture(town)))
    assert "Ukraine's own officials contradicted each other: 11th Army Corps (Ukraine)" in text
    assert "while Viktor Trehubov" in text
    assert "Voloshyn" not in text
