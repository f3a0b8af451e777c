"""The quotable sentences in Ukrainian: one table pins the wording for each kind of picture, as
tests/sentences/test_en.py does for English, and the demo reads in Ukrainian names."""

from datetime import date

import pytest
from django.utils import translation

from claims import pictures, sentences
from claims.choices import ActorKind, Control, PlaceKind, Status, Verb
from claims.models import Claim, Place
from claims.sentences import Finding, PlaceFacts, Said, Speaker, uk
from tests.sentences.stands import D13, D14, latest_day, stand

TOWN = PlaceKind.TOWN
MOD = Speaker("Ігор Конашенков", ActorKind.SPOKESPERSON, "Росія", "Міністерство оборони Росії")
ARMY = Speaker("Сергій Череватий", ActorKind.SPOKESPERSON, "Україна", "Збройні сили України")
MALIAR = Speaker("Ганна Маляр", ActorKind.GOVERNMENT_OFFICIAL, "Україна", None)
CNN = Speaker("CNN", ActorKind.NEWS_ORGANISATION, None, None)
CAPTURE = Said(MOD, Verb.CAPTURED, "Росія", True, D13, "Соледар", place_kind=TOWN)
DENIAL = Said(
    ARMY, Verb.DENIED, "Росія", False, D13, "Соледар", ("Росія", Verb.CAPTURED), place_kind=TOWN
)
WITHDRAWAL = Said(ARMY, Verb.WITHDREW, "Україна", True, D14, "Соледар", place_kind=TOWN)
HOLDING = Said(MALIAR, Verb.HOLDS, "Україна", True, D13, "Соледар", place_kind=TOWN)
PULLBACK = Said(CNN, Verb.WITHDREW, "Україна", False, D13, "Соледар", place_kind=TOWN)
ISW = ("Інститут вивчення війни", ActorKind.THINK_TANK)


CASES = {
    "contested": (
        [stand("Росія", Control.FULL, CAPTURE), stand("Україна", Control.PARTIAL, DENIAL)],
        [PULLBACK],
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що сили "
        "Росії захопили місто Соледар; Сергій Череватий (речник, Збройні сили України) 13 січня "
        "2023 року заперечив заяву Росії про захоплення міста Соледар. Станом на 13 січня 2023 "
        "року заяви жодної зі сторін не було незалежно підтверджено; CNN (медіа) 13 січня 2023 "
        "року заявило, що сили України відійшли з міста Соледар.",
    ),
    "contested, one claim found against": (
        [
            stand("Росія", Control.FULL, CAPTURE, [Finding(*ISW, Status.DISPUTED, D14)]),
            stand("Україна", Control.PARTIAL, DENIAL),
        ],
        [],
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що сили "
        "Росії захопили місто Соледар; Сергій Череватий (речник, Збройні сили України) 13 січня "
        "2023 року заперечив заяву Росії про захоплення міста Соледар. Станом на 14 січня 2023 "
        "року заяви жодної зі сторін не було незалежно підтверджено; Інститут вивчення війни "
        "(аналітичний центр) знайшов докази, що суперечать заяві Росії.",
    ),
    "conceded": (
        [stand("Росія", Control.FULL, CAPTURE), stand("Україна", Control.NONE, WITHDRAWAL)],
        [],
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що сили "
        "Росії захопили місто Соледар; Сергій Череватий (речник, Збройні сили України) 14 січня "
        "2023 року заявив, що сили України відійшли з міста Соледар. Станом на 14 січня 2023 року"
        " заяву Росії не було незалежно перевірено.",
    ),
    "same-side contradiction": (
        [stand("Україна", Control.UNCLEAR, HOLDING, contradicting=WITHDRAWAL)],
        [],
        "Посадовці України суперечили одне одному: Ганна Маляр (урядова посадова особа, Україна) "
        "13 січня 2023 року заявила, що Україна утримує місто Соледар, тоді як Сергій Череватий "
        "(речник, Збройні сили України) 14 січня 2023 року заявив, що сили України відійшли з "
        "міста Соледар.",
    ),
    "confirmed": (
        [stand("Росія", Control.FULL, CAPTURE, [Finding(*ISW, Status.CONFIRMED, D14)])],
        [],
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що сили "
        "Росії захопили місто Соледар. Станом на 14 січня 2023 року Інститут вивчення війни "
        "(аналітичний центр) підтвердив заяву Росії.",
    ),
    "false": (
        [stand("Росія", Control.FULL, CAPTURE, [Finding(None, None, Status.FALSE, D14)])],
        [],
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що сили "
        "Росії захопили місто Соледар. Станом на 14 січня 2023 року редакція визнала заяву Росії "
        "неправдивою.",
    ),
    "nothing yet": ([], [], "Заяв щодо міста Соледар ще не зафіксовано."),
}


@pytest.mark.parametrize("case", CASES)
def test_place_sentence_wording(case):
    stands, third_parties, expected = CASES[case]
    latest = latest_day(stands)
    facts = PlaceFacts(
        "Соледар",
        None,
        case.startswith("contested"),
        stands,
        third_parties,
        latest,
        place_kind=TOWN,
    )
    assert uk.place(facts) == expected


def test_as_of_a_day_before_any_claim_says_so():
    facts = PlaceFacts("Соледар", date(2023, 1, 9), False, [], [], None, place_kind=TOWN)
    assert uk.place(facts) == (
        "Станом на 9 січня 2023 року жодних заяв щодо міста Соледар не було зафіксовано."
    )


def test_a_verdict_never_claims_more_than_was_found():
    unconfirmed = stand("Росія", Control.FULL, CAPTURE, [Finding(*ISW, Status.UNCONFIRMED, D14)])
    text = uk.place(PlaceFacts("Соледар", None, False, [unconfirmed], [], D14, place_kind=TOWN))
    assert "заяву Росії не було незалежно підтверджено" in text
    assert "підтвердив заяву" not in text


def test_hedged_wording_is_reported_as_hedged():
    likely = Said(CNN, Verb.CAPTURED, "Росія", False, D13, "Соледар", hedged=True, place_kind=TOWN)
    assert uk.predicate(likely) == (
        "13 січня 2023 року заявило, хоч і в обережних висловах, що сили Росії захопили місто "
        "Соледар"
    )


@pytest.mark.parametrize(
    ("name", "kind", "verb"),
    [
        ("Ганна Маляр", ActorKind.GOVERNMENT_OFFICIAL, "заявила"),
        ("Сергій Череватий", ActorKind.SPOKESPERSON, "заявив"),
        ("Микола Данилюк", ActorKind.JOURNALIST, "заявив"),
        ("Збройні сили України", ActorKind.MILITARY_COMMAND, "заявили"),
        ("Міністерство оборони Росії", ActorKind.MINISTRY, "заявило"),
        ("Група Вагнера", ActorKind.PARAMILITARY, "заявила"),
        ("CNN", ActorKind.NEWS_ORGANISATION, "заявило"),
        ("Institute for the Study of War", ActorKind.THINK_TANK, "заявив"),
    ],
)
def test_the_verb_agrees_with_the_speaker(name, kind, verb):
    said = Said(Speaker(name, kind, None, None), Verb.HOLDS, "Україна", False, D13, "Соледар")
    assert uk.predicate(said).split()[4].rstrip(",") == verb


def test_places_of_every_kind_keep_their_name_in_the_nominative():
    assert uk.place_forms("Соледар", PlaceKind.TOWN) == ("місто Соледар",) * 2 + ("міста Соледар",)
    assert uk.place_forms("Кліщіївка", PlaceKind.VILLAGE)[2] == "села Кліщіївка"
    assert uk.place_forms("Донецька область", PlaceKind.OBLAST)[1] == "територію «Донецька область»"


def test_claim_sentence_names_its_verdict_and_when():
    assert uk.claim(DENIAL, Finding(None, None, Status.UNCONFIRMED, D13)) == (
        "Сергій Череватий (речник, Збройні сили України) 13 січня 2023 року заперечив заяву "
        "Росії про захоплення міста Соледар. Станом на 13 січня 2023 року цю заяву не було "
        "незалежно підтверджено."
    )
    assert uk.claim(CAPTURE, None).endswith("Вердикту щодо цієї заяви ще не зафіксовано.")


@pytest.mark.django_db
def test_demo_soledar_in_ukrainian_uses_the_ukrainian_names(demo_data):
    soledar = Place.objects.get(slug="soledar")
    with translation.override("uk"):
        now = sentences.for_place(pictures.view(soledar, pictures.place_picture(soledar)))
    assert "сили Росії захопили місто Соледар" in now
    assert (
        "Станом на 13 січня 2023 року редакція частково підтвердила заяву України; заяву Росії "
        "не було незалежно підтверджено" in now
    )
    assert "Soledar" not in now.replace("near Soledar (unnamed", "")  # no Ukrainian name on file


@pytest.mark.django_db
def test_demo_claim_sentence_in_ukrainian(demo_data):
    claim = (
        Claim.objects.shown()
        .select_related("claimant__parent", "current_verification__verifier")
        .get(claimant__slug="igor-konashenkov")
    )
    assert sentences.for_claim(claim, "uk").startswith(
        "Ігор Конашенков (речник, Міністерство оборони Росії) 13 січня 2023 року заявив, що "
        "сили Росії захопили місто Соледар."
    )
    assert sentences.for_claim(claim, "en").startswith("Igor Konashenkov (spokesperson")
