"""Synthetic data at scale in the database, for benchmarks: places with aliases, actors on both
sides and independent, sources, claims over two years with citations and verification histories.

Rows go in with ``bulk_create`` in large batches, with ids chosen up front so that claims can
point at their latest verification without a second pass (foreign keys are checked at commit).
Bulk inserts skip ``save()``, so the derived search columns are filled in here, and neither
edit history nor the data version record these rows: this is benchmark data, not newsroom work.
The same seed always gives the same data.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify

from claims import services
from claims.choices import (
    ActorKind,
    EvidenceKind,
    NameKind,
    PlaceKind,
    Precision,
    SourceKind,
    Status,
    Verb,
)
from claims.models import (
    Actor,
    Citation,
    Claim,
    Place,
    PlaceName,
    Side,
    Source,
    Verification,
    VerificationEvidence,
)
from claims.text import fold, search_document, skeleton

START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 24 * 3600
BATCH = 5000
# Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement, which a batch of
# claims (22 columns each) would pass now that parameters are sent apart from the SQL.
INSERT_ROWS = 1000

SYLLABLES = [
    "ba", "bo", "da", "do", "ka", "ko", "la", "lo", "ma", "mo", "na", "no", "pa", "po", "ra",
    "ro", "sa", "so", "ta", "to", "va", "vo", "za", "zo", "chy", "hir", "myk", "pol", "ser",
    "sol", "vel", "yar", "kra", "lyu", "nov", "ost", "pry", "svi", "tor", "uz",
]  # fmt: skip
SUFFIXES = ["ivka", "ove", "ne", "ky", "ivske", "dar", "hrad", "pil", "ets", "yne"]
LATIN_TO_CYRILLIC = [
    ("chy", "чи"), ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"),
    ("ts", "ц"), ("yu", "ю"), ("ya", "я"), ("ye", "є"), ("a", "а"), ("b", "б"), ("v", "в"),
    ("h", "г"), ("g", "ґ"), ("d", "д"), ("e", "е"), ("z", "з"), ("y", "и"), ("i", "і"),
    ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
]  # fmt: skip
COMMON_WORDS = [
    "forces", "town", "control", "fighting", "units", "village", "positions", "assault",
    "shelling", "defence", "troops", "front", "area", "outskirts", "centre", "artillery",
    "місто", "бої", "сили", "город", "войска", "контроль",
]  # fmt: skip
RARE_WORDS = ["saltmine", "pontoon", "reservoir", "railhead", "monastery", "quarry", "dam"]

# What each side's actors tend to assert, and about whom.
OWN_VERBS = [Verb.CAPTURED, Verb.LIBERATED, Verb.HOLDS, Verb.PARTIALLY_HOLDS, Verb.ENCIRCLED]
OTHER_VERBS = [Verb.DENIED, Verb.WITHDREW]
INDEPENDENT_VERBS = [Verb.CONTESTED, Verb.CAPTURED, Verb.HOLDS, Verb.WITHDREW, Verb.PARTIALLY_HOLDS]
VERDICTS = [
    Status.CONFIRMED,
    Status.PARTIALLY_CONFIRMED,
    Status.DISPUTED,
    Status.UNCONFIRMED,
    Status.FALSE,
]


@dataclass
class Counts:
    places: int = 0
    actors: int = 0
    sources: int = 0
    claims: int = 0
    verifications: int = 0
    citations: int = 0


def cyrillic(latin: str) -> str:
    text, out = latin.lower(), ""
    while text:
        for latin_part, cyrillic_part in LATIN_TO_CYRILLIC:
            if text.startswith(latin_part):
                out += cyrillic_part
                text = text[len(latin_part) :]
                break
        else:
            out += text[0]
            text = text[1:]
    return out.capitalize()


class Generator:
    def __init__(self, *, places: int, claims: int, seed: int, progress: Callable | None = None):
        self.places_wanted = places
        self.claims_wanted = claims
        self.random = random.Random(seed)
        self.seed = seed
        self.progress = progress or (lambda n: None)
        self.counts = Counts()

    def run(self) -> Counts:
        sides = self._sides()
        places = self._places()
        actors = self._actors(sides)
        sources = self._sources(actors)
        self._claims(places, actors, sources, sides)
        _reset_sequences()
        services.refresh_place_states([p.pk for p in places])
        return self.counts

    # --- catalogue --------------------------------------------------------------------------

    def _sides(self) -> list[Side]:
        wanted = [("russia", "Russia", "#b3261e", 1), ("ukraine", "Ukraine", "#0057b7", 2)]
        sides = []
        for slug, name, colour, position in wanted:
            side = Side.objects.filter(slug=slug).first() or services.side_create(
                name=name, slug=slug, colour=colour, position=position
            )
            sides.append(side)
        return sides

    def _name(self) -> str:
        syllables = self.random.randint(1, 3)
        stem = "".join(self.random.choice(SYLLABLES) for _ in range(syllables))
        return (stem + self.random.choice(SUFFIXES)).capitalize()

    def _places(self) -> list[Place]:
        prefix = f"s{self.seed}"
        oblasts = [
            Place(name=f"{self._name()} Oblast", kind=PlaceKind.OBLAST)
            for _ in range(max(1, self.places_wanted // 400))
        ]
        raions = [
            Place(name=f"{self._name()} Raion", kind=PlaceKind.RAION)
            for _ in range(max(1, self.places_wanted // 40))
        ]
        for i, place in enumerate(oblasts):
            place.slug = f"{prefix}-oblast-{i}"
        for i, place in enumerate(raions):
            place.slug = f"{prefix}-raion-{i}"
            place.parent = self.random.choice(oblasts)
        towns = []
        for i in range(self.places_wanted):
            name = self._name()
            towns.append(
                Place(
                    name=name,
                    slug=f"{prefix}-{slugify(name)}-{i}",
                    kind=self.random.choice([PlaceKind.TOWN, PlaceKind.VILLAGE, PlaceKind.CITY]),
                    parent=self.random.choice(raions),
                    latitude=round(self.random.uniform(46.0, 51.5), 5),
                    longitude=round(self.random.uniform(30.0, 40.0), 5),
                )
            )
        created = []
        for group in (oblasts, raions, towns):
            for place in group:
                place.folded_name = fold(place.name)
                place.skeleton = skeleton(place.name)
                if place.parent is not None:
                    place.parent_id = place.parent.pk
            created += Place.objects.bulk_create(group, batch_size=INSERT_ROWS)
        names = []
        for place in towns:
            uk = cyrillic(place.name)
            names.append(PlaceName(place=place, name=uk, language="uk", kind=NameKind.OFFICIAL))
            names.append(
                PlaceName(place=place, name=uk, language="ru", kind=NameKind.TRANSLITERATION)
            )
            if self.random.random() < 0.2:
                old = cyrillic(self._name())
                names.append(
                    PlaceName(place=place, name=old, language="ru", kind=NameKind.HISTORICAL)
                )
        for alias in names:
            alias.folded = fold(alias.name)
            alias.skeleton = skeleton(alias.name)
        PlaceName.objects.bulk_create(names, batch_size=INSERT_ROWS)
        self.counts.places = len(created)
        return towns

    def _actors(self, sides) -> dict:
        prefix = f"s{self.seed}"
        actors = {"independent": []}
        rows = []
        for side in sides:
            actors[side.pk] = []
            for i in range(40):
                kind = self.random.choice(
                    [ActorKind.SPOKESPERSON, ActorKind.MINISTRY, ActorKind.MILITARY_COMMAND]
                )
                actor = Actor(
                    name=f"{side.name} {kind.label} {i}",
                    slug=f"{prefix}-{side.slug}-{i}",
                    kind=kind,
                    side=side,
                )
                actors[side.pk].append(actor)
                rows.append(actor)
        for i in range(30):
            kind = self.random.choice(
                [ActorKind.NEWS_ORGANISATION, ActorKind.THINK_TANK, ActorKind.IMAGERY_PROVIDER]
            )
            actor = Actor(name=f"{kind.label} {i}", slug=f"{prefix}-independent-{i}", kind=kind)
            actors["independent"].append(actor)
            rows.append(actor)
        for actor in rows:
            actor.folded_name = fold(actor.name)
            actor.skeleton = skeleton(actor.name)
        Actor.objects.bulk_create(rows, batch_size=INSERT_ROWS)
        self.counts.actors = len(rows)
        actors["all"] = rows
        return actors

    def _sources(self, actors) -> list[Source]:
        total = max(10, self.claims_wanted // 4)
        sources = []
        for i in range(total):
            publisher = self.random.choice(actors["all"])
            sources.append(
                Source(
                    url=f"https://synthetic.example/{self.seed}/{i}",
                    title=f"Report {i} by {publisher.name}",
                    publisher=publisher,
                    kind=self.random.choice(SourceKind.values),
                    published_at=START + timedelta(seconds=self.random.randrange(SPAN_SECONDS)),
                    language=self.random.choice(["en", "uk", "ru"]),
                )
            )
        for start in range(0, total, BATCH):
            Source.objects.bulk_create(sources[start : start + BATCH], batch_size=INSERT_ROWS)
        self.counts.sources = total
        return sources

    # --- claims -----------------------------------------------------------------------------

    def _claims(self, places, actors, sources, sides) -> None:
        # A few places draw most claims, as hot spots do in a war.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(places))]
        claim_id = (Claim.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        verification_id = (Verification.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        independent_sources = [s for s in sources if s.publisher.side_id is None]
        made = 0
        while made < self.claims_wanted:
            size = min(BATCH, self.claims_wanted - made)
            chosen = self.random.choices(places, weights=weights, k=size)
            claims, verifications, citations, evidence = [], [], [], []
            for place in chosen:
                claim, history = self._claim(claim_id, place, actors, sides)
                for step, (status, decided, rationale) in enumerate(history):
                    verifications.append(
                        Verification(
                            id=verification_id,
                            claim_id=claim_id,
                            status=status,
                            rationale=rationale,
                            evidence_kind=EvidenceKind.SEVERAL_INDEPENDENT_SOURCES
                            if status in VERDICTS
                            else "",
                            decided_at=decided,
                            claim_version=step + 1,
                        )
                    )
                    if status in (Status.CONFIRMED, Status.PARTIALLY_CONFIRMED):
                        evidence.append(
                            VerificationEvidence(
                                verification_id=verification_id,
                                source=self.random.choice(independent_sources),
                            )
                        )
                    verification_id += 1
                claim.current_verification_id = verification_id - 1
                claim.status = history[-1][0]
                claim.version = len(history)
                claim.implied_side_id, claim.implied_control = claim.implication()
                claims.append(claim)
                for position, source in enumerate(
                    self.random.sample(sources, self.random.randint(1, 3))
                ):
                    citations.append(Citation(claim_id=claim_id, source=source, position=position))
                claim_id += 1
            with transaction.atomic():
                # Verifications first (the foreign keys are checked at commit): on PostgreSQL a
                # claim may only carry the status of a verification already there.
                Verification.objects.bulk_create(verifications, batch_size=INSERT_ROWS)
                Claim.objects.bulk_create(claims, batch_size=INSERT_ROWS)
                VerificationEvidence.objects.bulk_create(evidence, batch_size=INSERT_ROWS)
                Citation.objects.bulk_create(citations, batch_size=INSERT_ROWS)
            made += size
            self.counts.claims += size
            self.counts.verifications += len(verifications)
            self.counts.citations += len(citations)
            self.progress(size)

    def _claim(self, pk, place, actors, sides):
        rnd = self.random
        if rnd.random() < 0.2:
            claimant = rnd.choice(actors["independent"])
            verb = rnd.choice(INDEPENDENT_VERBS)
            side = None if verb == Verb.CONTESTED else rnd.choice(sides)
        else:
            own = rnd.choice(sides)
            claimant = rnd.choice(actors[own.pk])
            if rnd.random() < 0.7:
                verb, side = rnd.choice(OWN_VERBS), own
            else:
                verb, side = rnd.choice(OTHER_VERBS), rnd.choice(sides)
        stated = START + timedelta(seconds=rnd.randrange(SPAN_SECONDS))
        effective = stated - timedelta(minutes=rnd.randrange(0, 48 * 60))
        words = rnd.sample(COMMON_WORDS, 4)
        if rnd.random() < 0.001:
            words.append(rnd.choice(RARE_WORDS))
        quote = " ".join(words[:3]).capitalize() if rnd.random() < 0.5 else ""
        summary = f"{claimant.name} on {place.name}: {' '.join(words)}."
        claim = Claim(
            id=pk,
            place=place,
            claimant=claimant,
            verb=verb,
            side=side,
            stated_at=stated,
            stated_precision=rnd.choice(Precision.values),
            effective_at=effective,
            effective_precision=rnd.choice(Precision.values),
            quote=quote,
            language=rnd.choice(["en", "uk", "ru"]) if quote else "",
            summary=summary,
            search_document=search_document(quote, summary),
        )
        history = [(Status.UNREVIEWED, stated, "")]
        decided = stated
        for status in self._statuses():
            decided += timedelta(hours=rnd.randint(1, 72))
            history.append((status, decided, f"Synthetic judgement: {status}."))
        return claim, history

    def _statuses(self) -> list[str]:
        roll = self.random.random()
        if roll < 0.15:
            return []
        if roll < 0.3:
            return [Status.IN_REVIEW]
        return [Status.IN_REVIEW, self.random.choice(VERDICTS)]


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows."""
    models = [Claim, Verification]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
