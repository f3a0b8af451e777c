"""Demo data: the fight for Soledar, 10–13 January 2023.

Facts from a US news report of 13 January 2023 (wire copy from AP, Reuters and CNN), retold in
the newsroom's words with only short quotes. Loading is idempotent: every record is looked up by
a natural key first, so running it twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction

from claims import services
from claims.choices import ActorKind, EvidenceKind, NameKind, PlaceKind, Precision, SourceKind
from claims.choices import Status as S
from claims.choices import Verb as V
from claims.models import Actor, ActorName, Claim, Place, PlaceName, Side, Source


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in January 2023, UTC."""
    return datetime(2023, 1, day, hour, minute, tzinfo=UTC)


SIDES = [
    # slug, name, name in Ukrainian, colour, position
    ("russia", "Russia", "Росія", "#b3261e", 1),
    ("ukraine", "Ukraine", "Україна", "#0057b7", 2),
]

PLACES = [
    # slug, name, kind, parent, lat, lon, [(name, language, kind)]
    (
        "donetsk-oblast",
        "Donetsk Oblast",
        PlaceKind.OBLAST,
        None,
        "48.01590",
        "37.80280",
        [
            ("Донецька область", "uk", NameKind.OFFICIAL),
            ("Донецкая область", "ru", NameKind.TRANSLITERATION),
        ],
    ),
    (
        "bakhmut-raion",
        "Bakhmut Raion",
        PlaceKind.RAION,
        "donetsk-oblast",
        "48.60000",
        "38.00000",
        [
            ("Бахмутський район", "uk", NameKind.OFFICIAL),
            ("Бахмутский район", "ru", NameKind.TRANSLITERATION),
        ],
    ),
    (
        "bakhmut",
        "Bakhmut",
        PlaceKind.CITY,
        "bakhmut-raion",
        "48.59560",
        "38.00030",
        [
            ("Бахмут", "uk", NameKind.OFFICIAL),
            ("Бахмут", "ru", NameKind.TRANSLITERATION),
            ("Артемівськ", "uk", NameKind.HISTORICAL),
            ("Артёмовск", "ru", NameKind.OCCUPATION),
            ("Artemivsk", "en", NameKind.HISTORICAL),
        ],
    ),
    (
        "soledar",
        "Soledar",
        PlaceKind.TOWN,
        "bakhmut-raion",
        "48.68330",
        "38.06670",
        [
            ("Соледар", "uk", NameKind.OFFICIAL),
            ("Соледар", "ru", NameKind.TRANSLITERATION),
            ("Карло-Лібкнехтівськ", "uk", NameKind.HISTORICAL),
            ("Карло-Либкнехтовск", "ru", NameKind.HISTORICAL),
        ],
    ),
]

ACTORS = [
    # slug, name, kind, side, parent, description
    ("russian-mod", "Russian Ministry of Defence", ActorKind.MINISTRY, "russia", None, ""),
    (
        "igor-konashenkov",
        "Igor Konashenkov",
        ActorKind.SPOKESPERSON,
        "russia",
        "russian-mod",
        "Lieutenant general, spokesman of the Russian Defence Ministry",
    ),
    (
        "wagner-group",
        "Wagner Group",
        ActorKind.PARAMILITARY,
        "russia",
        None,
        "Russian mercenary group leading the assault on Soledar",
    ),
    (
        "yevgeny-prigozhin",
        "Yevgeny Prigozhin",
        ActorKind.OTHER,
        "russia",
        "wagner-group",
        "Founder of the Wagner Group",
    ),
    ("vladimir-putin", "Vladimir Putin", ActorKind.HEAD_OF_STATE, "russia", None, ""),
    (
        "armed-forces-of-ukraine",
        "Armed Forces of Ukraine",
        ActorKind.MILITARY_COMMAND,
        "ukraine",
        None,
        "",
    ),
    (
        "serhii-cherevaty",
        "Serhii Cherevaty",
        ActorKind.SPOKESPERSON,
        "ukraine",
        "armed-forces-of-ukraine",
        "Spokesman for the Ukrainian army in the east",
    ),
    (
        "ukrainian-officer-soledar",
        "Ukrainian officer near Soledar (unnamed)",
        ActorKind.OTHER,
        "ukraine",
        "armed-forces-of-ukraine",
        "Officer in the area, spoke to Reuters by phone",
    ),
    ("ukrainian-mod", "Ministry of Defence of Ukraine", ActorKind.MINISTRY, "ukraine", None, ""),
    (
        "hanna-maliar",
        "Hanna Maliar",
        ActorKind.GOVERNMENT_OFFICIAL,
        "ukraine",
        "ukrainian-mod",
        "Deputy defence minister of Ukraine",
    ),
    (
        "ukrainian-officials",
        "Ukrainian officials (unnamed)",
        ActorKind.GOVERNMENT_OFFICIAL,
        "ukraine",
        None,
        "Officials in Kyiv quoted without names",
    ),
    (
        "volodymyr-zelensky",
        "Volodymyr Zelensky",
        ActorKind.HEAD_OF_STATE,
        "ukraine",
        None,
        "President of Ukraine",
    ),
    ("cnn", "CNN", ActorKind.NEWS_ORGANISATION, None, None, "US broadcaster"),
    ("reuters", "Reuters", ActorKind.NEWS_ORGANISATION, None, None, "News agency"),
    (
        "associated-press",
        "Associated Press",
        ActorKind.NEWS_ORGANISATION,
        None,
        None,
        "News agency",
    ),
    ("new-york-post", "New York Post", ActorKind.NEWS_ORGANISATION, None, None, "US newspaper"),
    (
        "isw",
        "Institute for the Study of War",
        ActorKind.THINK_TANK,
        None,
        None,
        "Washington think tank",
    ),
    (
        "us-nsc",
        "US National Security Council",
        ActorKind.FOREIGN_GOVERNMENT,
        None,
        None,
        "White House",
    ),
    (
        "john-kirby",
        "John Kirby",
        ActorKind.SPOKESPERSON,
        None,
        "us-nsc",
        "White House National Security Council spokesman",
    ),
    (
        "maxar",
        "Maxar Technologies",
        ActorKind.IMAGERY_PROVIDER,
        None,
        None,
        "Commercial satellite imagery",
    ),
]

ACTOR_NAMES = [
    # actor, name, language, kind
    ("igor-konashenkov", "Игорь Конашенков", "ru", NameKind.OFFICIAL),
    ("igor-konashenkov", "Ігор Конашенков", "uk", NameKind.TRANSLITERATION),
    ("russian-mod", "Министерство обороны Российской Федерации", "ru", NameKind.OFFICIAL),
    ("russian-mod", "Минобороны России", "ru", NameKind.OFFICIAL),
    ("wagner-group", "Группа Вагнера", "ru", NameKind.OFFICIAL),
    ("yevgeny-prigozhin", "Евгений Пригожин", "ru", NameKind.OFFICIAL),
    ("vladimir-putin", "Владимир Путин", "ru", NameKind.OFFICIAL),
    ("armed-forces-of-ukraine", "Збройні сили України", "uk", NameKind.OFFICIAL),
    ("armed-forces-of-ukraine", "ЗСУ", "uk", NameKind.OFFICIAL),
    ("serhii-cherevaty", "Сергій Череватий", "uk", NameKind.OFFICIAL),
    ("serhii-cherevaty", "Serhiy Cherevatyi", "en", NameKind.TRANSLITERATION),
    ("hanna-maliar", "Ганна Маляр", "uk", NameKind.OFFICIAL),
    ("ukrainian-mod", "Міністерство оборони України", "uk", NameKind.OFFICIAL),
    ("volodymyr-zelensky", "Володимир Зеленський", "uk", NameKind.OFFICIAL),
    ("isw", "ISW", "en", NameKind.OFFICIAL),
    # How Ukrainian newsrooms write them; pages in Ukrainian show these.
    ("russian-mod", "Міністерство оборони Росії", "uk", NameKind.OFFICIAL),
    ("wagner-group", "Група Вагнера", "uk", NameKind.OFFICIAL),
    ("yevgeny-prigozhin", "Євген Пригожин", "uk", NameKind.TRANSLITERATION),
    ("vladimir-putin", "Володимир Путін", "uk", NameKind.TRANSLITERATION),
    ("isw", "Інститут вивчення війни", "uk", NameKind.OFFICIAL),
]

SOURCES = [
    # key, title, kind, publisher, published_at, language[, url]: a URL only where the
    # publication was found at that address; none is guessed.
    (
        "report",
        "Ukraine insists fight for mining town of Soledar not over after Russia claims capture",
        SourceKind.ARTICLE,
        "new-york-post",
        at(13, 20),
        "en",
    ),
    (
        "mod-briefing",
        "Russian Defence Ministry briefing on Soledar, 13 January 2023",
        SourceKind.BRIEFING,
        "russian-mod",
        at(13, 9),
        "ru",
    ),
    (
        "mod-wagner",
        "Russian Defence Ministry statement acknowledging Wagner at Soledar",
        SourceKind.OFFICIAL_STATEMENT,
        "russian-mod",
        at(13, 19),
        "ru",
    ),
    (
        "prigozhin-statement",
        "Prigozhin statement accusing the Defence Ministry over Soledar",
        SourceKind.OFFICIAL_STATEMENT,
        "wagner-group",
        at(13, 15),
        "ru",
    ),
    (
        "cherevaty-statement",
        "Cherevaty: Ukrainian units still in Soledar",
        SourceKind.OFFICIAL_STATEMENT,
        "armed-forces-of-ukraine",
        at(13, 16),
        "uk",
    ),
    (
        "maliar-telegram",
        "Hanna Maliar, Telegram post on the night's fighting",
        SourceKind.TELEGRAM_POST,
        "ukrainian-mod",
        at(13, 4),
        "uk",
    ),
    (
        "reuters-officer",
        "Reuters: Ukrainian officer says Russians have not fully taken Soledar",
        SourceKind.INTERVIEW,
        "reuters",
        at(13, 11),
        "en",
    ),
    (
        "ap-officials",
        "AP: Ukrainian officials say forces still inside Soledar",
        SourceKind.ARTICLE,
        "associated-press",
        at(13, 12),
        "en",
    ),
    (
        "cnn-report",
        "CNN team outside Soledar sees Ukrainian troops pulling back",
        SourceKind.ARTICLE,
        "cnn",
        at(13, 16),
        "en",
        "https://www.cnn.com/europe/live-news/russia-ukraine-war-news-1-13-23",
    ),
    (
        "isw-assessment",
        "ISW Russian Offensive Campaign Assessment, 12 January 2023",
        SourceKind.REPORT,
        "isw",
        at(12, 23),
        "en",
        "https://www.understandingwar.org/backgrounder/"
        "russian-offensive-campaign-assessment-january-12-2023",
    ),
    (
        "kirby-briefing",
        "White House briefing by John Kirby, 12 January 2023",
        SourceKind.BRIEFING,
        "us-nsc",
        at(12, 18),
        "en",
    ),
    (
        "maxar-image",
        "Maxar satellite image of damage in Soledar",
        SourceKind.SATELLITE_IMAGERY,
        "maxar",
        at(10, 14),
        "en",
    ),
    (
        "kyiv-strike",
        "Ukrainian officials on a missile strike in the battle for Soledar",
        SourceKind.OFFICIAL_STATEMENT,
        "ukrainian-officials",
        at(12, 10),
        "uk",
    ),
]


@dataclass
class DemoVerification:
    status: str
    when: datetime
    rationale: str
    evidence: list[str] = field(default_factory=list)
    evidence_kind: str = ""


@dataclass
class DemoClaim:
    key: str
    place: str
    claimant: str
    verb: str
    side: str | None
    stated_at: datetime
    stated_precision: str
    effective_at: datetime
    effective_precision: str
    summary: str
    quote: str = ""
    language: str = "en"
    answers: str | None = None
    ambiguous: bool = False
    sources: list[str] = field(default_factory=list)
    verifications: list[DemoVerification] = field(default_factory=list)


NO_CONFIRMATION = (
    "News outlets could not independently confirm either side's account; a CNN team outside "
    "the town heard fighting and saw Ukrainian troops pulling back in apparent order."
)

CLAIMS = [
    DemoClaim(
        key="maxar",
        place="soledar",
        claimant="maxar",
        verb=V.CONTESTED,
        side=None,
        stated_at=at(10, 14),
        stated_precision=Precision.DAY,
        effective_at=at(10, 12),
        effective_precision=Precision.DAY,
        summary=(
            "A satellite image released by Maxar shows heavy damage to buildings across "
            "Soledar; Maxar dates it 10 January, beside one of 1 August 2022."
        ),
        sources=["maxar-image", "report"],
        verifications=[
            DemoVerification(
                S.CONFIRMED,
                at(11, 9),
                "The image shows the damage; AP's caption left it undated, Maxar's own "
                "publication of it gives 10 January.",
                ["report"],
                EvidenceKind.SATELLITE_IMAGERY,
            )
        ],
    ),
    DemoClaim(
        key="wagner",
        place="soledar",
        claimant="wagner-group",
        verb=V.CAPTURED,
        side="russia",
        stated_at=at(11, 8),
        stated_precision=Precision.APPROXIMATE,
        effective_at=at(11, 8),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "The Wagner Group took credit for capturing Soledar before the Defence Ministry "
            "made any announcement."
        ),
        sources=["report"],
        verifications=[
            DemoVerification(S.IN_REVIEW, at(11, 20), "Checking against Ukrainian statements."),
            DemoVerification(
                S.SUPERSEDED,
                at(13, 21),
                "Superseded by the Defence Ministry's own capture claim of 13 January, which "
                "first left Wagner out and then credited it.",
                ["mod-briefing", "mod-wagner"],
                EvidenceKind.OTHER,
            ),
        ],
    ),
    DemoClaim(
        key="kyiv-strike",
        place="soledar",
        claimant="ukrainian-officials",
        verb=V.CONTESTED,
        side="ukraine",
        stated_at=at(12, 10),
        stated_precision=Precision.DAY,
        effective_at=at(12, 10),
        effective_precision=Precision.DAY,
        summary=(
            "Officials in Kyiv said a missile strike killed more than 100 Russian fighters in "
            "the battle for Soledar, which was still going on."
        ),
        sources=["kyiv-strike", "report"],
        verifications=[
            DemoVerification(
                S.UNCONFIRMED,
                at(12, 16),
                "Casualty figure given by one side only; no independent account of the strike.",
            )
        ],
    ),
    DemoClaim(
        key="kirby",
        place="soledar",
        claimant="john-kirby",
        verb=V.CONTESTED,
        side=None,
        stated_at=at(12, 18),
        stated_precision=Precision.DAY,
        effective_at=at(12, 18),
        effective_precision=Precision.DAY,
        summary=(
            "The White House played down possible Russian gains: even the fall of Soledar and "
            "Bakhmut would not change the course of the war or stop Ukraine's efforts."
        ),
        quote="it’s not going to have a strategic impact on the war itself",
        sources=["kirby-briefing", "report"],
    ),
    DemoClaim(
        key="isw",
        place="soledar",
        claimant="isw",
        verb=V.CAPTURED,
        side="russia",
        # "likely": hedged, so it is shown as context and never read as a confirmation.
        ambiguous=True,
        stated_at=at(12, 23),
        stated_precision=Precision.DAY,
        effective_at=at(12, 23),
        effective_precision=Precision.DAY,
        summary=(
            "ISW assessed that Russian forces had likely captured Soledar on 11 January, and "
            "that this was not an operationally significant development nor a sign of an "
            "imminent encirclement of Bakhmut; Russian information operations had overstated "
            "the town's importance."
        ),
        quote=(
            "likely capture of Soledar on January 11 is not an operationally significant "
            "development"
        ),
        sources=["isw-assessment", "report"],
    ),
    DemoClaim(
        key="maliar",
        place="soledar",
        claimant="hanna-maliar",
        verb=V.CONTESTED,
        side="ukraine",
        stated_at=at(13, 4),
        stated_precision=Precision.EXACT,
        effective_at=at(13, 2),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "After a heavy night of fighting, Ukraine's deputy defence minister said Moscow had "
            "thrown almost all its main forces at the east; the fight went on."
        ),
        quote="This is a difficult stage of the war, but we will win",
        sources=["maliar-telegram", "report"],
        verifications=[
            DemoVerification(
                S.UNCONFIRMED,
                at(13, 10),
                "A statement of intent from one side; the scale of forces is not independently "
                "established.",
            )
        ],
    ),
    DemoClaim(
        key="mod-capture",
        place="soledar",
        claimant="igor-konashenkov",
        verb=V.CAPTURED,
        side="russia",
        stated_at=at(13, 9),
        stated_precision=Precision.DAY,
        effective_at=at(12, 17),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "Russia's Defence Ministry announced that its forces had taken Soledar on the "
            "evening of 12 January, crediting air and artillery strikes and airborne troops, "
            "and said this opened the way to cut off Ukrainian units in Bakhmut."
        ),
        quote="The liberation of the town of Soledar was completed in the evening of Jan. 12",
        sources=["mod-briefing", "report"],
        verifications=[
            DemoVerification(S.IN_REVIEW, at(13, 10), "Seeking independent confirmation."),
            DemoVerification(
                S.UNCONFIRMED,
                at(13, 20),
                NO_CONFIRMATION,
                ["cnn-report", "reuters-officer"],
                EvidenceKind.REPORTER_ON_THE_GROUND,
            ),
        ],
    ),
    DemoClaim(
        key="reuters-officer",
        place="soledar",
        claimant="ukrainian-officer-soledar",
        verb=V.PARTIALLY_HOLDS,
        side="ukraine",
        stated_at=at(13, 11),
        stated_precision=Precision.DAY,
        effective_at=at(13, 11),
        effective_precision=Precision.DAY,
        summary=(
            "A Ukrainian officer in the area told Reuters the Russians had not fully taken the "
            "town: after a night of heavy shelling some units had left parts of it in order and "
            "assault groups were counter-attacking."
        ),
        quote="we still hold the town",
        answers="mod-capture",
        sources=["reuters-officer", "report"],
        verifications=[
            DemoVerification(
                S.PARTIALLY_CONFIRMED,
                at(13, 19),
                "CNN's team saw Ukrainian forces still moving troops at the town, consistent with "
                "units inside; whether they held it is not established.",
                ["cnn-report"],
                EvidenceKind.REPORTER_ON_THE_GROUND,
            )
        ],
    ),
    DemoClaim(
        key="ap-officials",
        place="soledar",
        claimant="ukrainian-officials",
        verb=V.PARTIALLY_HOLDS,
        side="ukraine",
        stated_at=at(13, 12),
        stated_precision=Precision.DAY,
        effective_at=at(13, 12),
        effective_precision=Precision.DAY,
        summary=(
            "Ukrainian officials disputed Russia's claim, saying Ukrainian forces were still "
            "inside Soledar on Friday."
        ),
        answers="mod-capture",
        sources=["ap-officials", "report"],
        verifications=[
            DemoVerification(S.IN_REVIEW, at(13, 18), "Comparing with the CNN and Reuters reports.")
        ],
    ),
    DemoClaim(
        key="prigozhin",
        place="soledar",
        claimant="yevgeny-prigozhin",
        verb=V.CAPTURED,
        side="russia",
        stated_at=at(13, 15),
        stated_precision=Precision.DAY,
        effective_at=at(12, 17),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "Wagner's founder accused the Defence Ministry of trying to take credit for a "
            "victory he said belonged to his fighters."
        ),
        quote="constantly trying to steal Wagner’s victory",
        language="en",
        answers="mod-capture",
        sources=["prigozhin-statement", "report"],
    ),
    DemoClaim(
        key="cnn",
        place="soledar",
        claimant="cnn",
        verb=V.WITHDREW,
        side="ukraine",
        stated_at=at(13, 16),
        stated_precision=Precision.DAY,
        effective_at=at(13, 14),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "A CNN team outside the town heard mortar and rocket fire on Friday afternoon and "
            "saw Ukrainian forces ferrying troops in what looked like an organised pullback."
        ),
        sources=["cnn-report", "report"],
        verifications=[
            DemoVerification(
                S.PARTIALLY_CONFIRMED,
                at(13, 21),
                "A Ukrainian officer told Reuters some units had left parts of the town in order; "
                "the extent of the pullback is unknown.",
                ["reuters-officer"],
                EvidenceKind.REPORTER_ON_THE_GROUND,
            )
        ],
    ),
    DemoClaim(
        key="cherevaty",
        place="soledar",
        claimant="serhii-cherevaty",
        verb=V.DENIED,
        side="russia",
        stated_at=at(13, 16, 30),
        stated_precision=Precision.DAY,
        effective_at=at(13, 16),
        effective_precision=Precision.DAY,
        summary=(
            "Ukraine's army spokesman in the east denied that Soledar had fallen and said "
            "Ukrainian units were still in the town."
        ),
        quote="there are still Ukrainian units in Soledar",
        answers="mod-capture",
        sources=["cherevaty-statement", "report"],
        verifications=[DemoVerification(S.UNCONFIRMED, at(13, 20, 30), NO_CONFIRMATION)],
    ),
    DemoClaim(
        key="mod-wagner",
        place="soledar",
        claimant="russian-mod",
        verb=V.CAPTURED,
        side="russia",
        stated_at=at(13, 19),
        stated_precision=Precision.DAY,
        effective_at=at(12, 17),
        effective_precision=Precision.APPROXIMATE,
        summary=(
            "After Prigozhin's complaint the Defence Ministry changed course and credited "
            "Wagner's fighters with the capture of Soledar."
        ),
        quote="courageous and selfless action",
        answers="prigozhin",
        sources=["mod-wagner", "report"],
        verifications=[DemoVerification(S.UNCONFIRMED, at(13, 21, 30), NO_CONFIRMATION)],
    ),
    DemoClaim(
        key="bakhmut-fortress",
        place="bakhmut",
        claimant="ukrainian-officials",
        verb=V.HOLDS,
        side="ukraine",
        stated_at=at(13, 12),
        stated_precision=Precision.DAY,
        effective_at=at(13, 12),
        effective_precision=Precision.DAY,
        summary=(
            "Ukraine calls Bakhmut a fortress and argues that its defence is grinding down "
            "Russian troops and halting their advance."
        ),
        sources=["report"],
    ),
    DemoClaim(
        key="bakhmut-kirby",
        place="bakhmut",
        claimant="john-kirby",
        verb=V.CONTESTED,
        side=None,
        stated_at=at(12, 18),
        stated_precision=Precision.DAY,
        effective_at=at(12, 18),
        effective_precision=Precision.DAY,
        summary="The White House said even a fall of Bakhmut would have no strategic impact.",
        sources=["kirby-briefing", "report"],
    ),
    DemoClaim(
        key="bakhmut-isw",
        place="bakhmut",
        claimant="isw",
        verb=V.CONTESTED,
        side=None,
        stated_at=at(12, 23),
        stated_precision=Precision.DAY,
        effective_at=at(12, 23),
        effective_precision=Precision.DAY,
        summary=(
            "ISW judged a Russian encirclement of Bakhmut unlikely to be imminent, even if "
            "Soledar fell."
        ),
        quote="unlikely to presage an imminent Russian encirclement of Bakhmut",
        sources=["isw-assessment", "report"],
    ),
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever part of the demo data is missing; return how many records were added."""
    added = {"sides": 0, "places": 0, "names": 0, "actors": 0, "sources": 0, "claims": 0}
    sides = {}
    for slug, name, name_uk, colour, position in SIDES:
        side = Side.objects.filter(slug=slug).first()
        if side is None:
            side = services.side_create(
                name=name, name_uk=name_uk, slug=slug, colour=colour, position=position
            )
            added["sides"] += 1
        sides[slug] = side

    places = {}
    for slug, name, kind, parent, lat, lon, names in PLACES:
        place = Place.objects.filter(slug=slug).first()
        if place is None:
            place = services.place_create(
                name=name,
                slug=slug,
                kind=kind,
                parent=places.get(parent),
                latitude=Decimal(lat),
                longitude=Decimal(lon),
            )
            added["places"] += 1
        for alias, language, name_kind in names:
            if not PlaceName.objects.filter(place=place, name=alias, language=language).exists():
                services.place_name_add(place=place, name=alias, language=language, kind=name_kind)
                added["names"] += 1
        places[slug] = place

    actors = {}
    for slug, name, kind, side, parent, description in ACTORS:
        actor = Actor.objects.filter(slug=slug).first()
        if actor is None:
            actor = services.actor_create(
                name=name,
                slug=slug,
                kind=kind,
                side=sides.get(side),
                parent=actors.get(parent),
                description=description,
            )
            added["actors"] += 1
        actors[slug] = actor
    for slug, alias, language, name_kind in ACTOR_NAMES:
        actor = actors[slug]
        if not ActorName.objects.filter(actor=actor, name=alias, language=language).exists():
            services.actor_name_add(actor=actor, name=alias, language=language, kind=name_kind)
            added["names"] += 1

    sources = {}
    for key, title, kind, publisher, published_at, language, *url in SOURCES:
        source = Source.objects.filter(title=title).first()
        if source is None:
            source = services.source_create(
                title=title,
                kind=kind,
                url=url[0] if url else "",
                publisher=actors[publisher],
                published_at=published_at,
                language=language,
            )
            added["sources"] += 1
        sources[key] = source

    claims = {}
    for item in CLAIMS:
        claim = Claim.objects.filter(
            claimant=actors[item.claimant], place=places[item.place], stated_at=item.stated_at
        ).first()
        if claim is None:
            claim = _create_claim(item, places, actors, sides, sources, claims)
            added["claims"] += 1
        claims[item.key] = claim
    return added


def _create_claim(item: DemoClaim, places, actors, sides, sources, claims) -> Claim:
    claim = services.claim_create(
        data=services.ClaimInput(
            place=places[item.place],
            claimant=actors[item.claimant],
            verb=item.verb,
            side=sides.get(item.side),
            stated_at=item.stated_at,
            stated_precision=item.stated_precision,
            effective_at=item.effective_at,
            effective_precision=item.effective_precision,
            quote=item.quote,
            summary=item.summary,
            language=item.language if item.quote else "",
            answers=claims.get(item.answers),
            ambiguous=item.ambiguous,
            citations=[services.CitationInput(source=sources[key]) for key in item.sources],
        ),
    )
    for step in item.verifications:
        services.verification_record(
            claim=claim,
            expected_version=claim.version,
            status=step.status,
            rationale=step.rationale,
            evidence=[sources[key] for key in step.evidence],
            evidence_kind=step.evidence_kind,
            decided_at=step.when,
        )
        claim.refresh_from_db()
    return claim
