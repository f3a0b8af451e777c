"""factory_boy factories. Catalogue records save through the models, so tests can set up any
state fast; claims are made by claims.services.claim_create, so a factory claim has the same
first verification, cached status and stored picture as one an editor records."""

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model

from claims import services
from claims.choices import ActorKind, PlaceKind, Precision, SourceKind, Status, Verb
from claims.models import Actor, Citation, Claim, Place, PlaceName, Side, Source

BASE_TIME = datetime(2023, 1, 13, 12, 0, tzinfo=UTC)


def numbered(label: str):
    """A numbered name and the slug made from it, the same number in both: ``Side 3``,
    ``side-3``."""
    return (
        factory.Sequence(lambda n: f"{label} {n}"),
        factory.Sequence(lambda n: f"{label.lower()}-{n}"),
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class SideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Side
        django_get_or_create = ["slug"]

    name, slug = numbered("Side")
    colour = "#336699"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name, slug = numbered("Place")
    kind = PlaceKind.TOWN
    latitude = "48.50000"
    longitude = "38.00000"


class PlaceNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceName

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Назва {n}")
    language = "uk"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name, slug = numbered("Actor")
    kind = ActorKind.SPOKESPERSON
    side = factory.SubFactory(SideFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    kind = SourceKind.ARTICLE
    publisher = factory.SubFactory(ActorFactory, side=None, kind=ActorKind.NEWS_ORGANISATION)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    place = factory.SubFactory(PlaceFactory)
    claimant = factory.SubFactory(ActorFactory)
    verb = Verb.CAPTURED
    side = factory.LazyAttribute(lambda o: o.claimant.side)
    stated_at = factory.Sequence(lambda n: BASE_TIME + timedelta(minutes=n))
    stated_precision = Precision.DAY
    effective_at = factory.LazyAttribute(lambda o: o.stated_at)
    summary = factory.Sequence(lambda n: f"Claim number {n} about control.")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.claim_create(data=services.ClaimInput(**kwargs), allow_duplicate=True)


def said(place, claimant, days, verb=Verb.CAPTURED, **extra):
    """A claim by ``claimant`` about ``place``, stated ``days`` after ``BASE_TIME``."""
    return ClaimFactory(
        place=place,
        claimant=claimant,
        verb=verb,
        stated_at=BASE_TIME + timedelta(days=days),
        **extra,
    )


def claim_input(place, claimant, **overrides) -> services.ClaimInput:
    """A capture claim's input by ``claimant`` about ``place``, with ``overrides``."""
    values = {
        "place": place,
        "claimant": claimant,
        "verb": Verb.CAPTURED,
        "side": claimant.side,
        "summary": "The town was taken.",
        "stated_at": BASE_TIME,
    }
    values.update(overrides)
    return services.ClaimInput(**values)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)


def judge(claim, user, status=Status.DISPUTED, rationale="Geolocated footage contradicts it."):
    """``user`` records a verdict on ``claim`` at its current version, read afresh."""
    claim.refresh_from_db()
    return services.verification_record(
        claim=claim, expected_version=claim.version, status=status, rationale=rationale, user=user
    )


def in_review(claim, user):
    """``user`` takes ``claim`` into review by recording a verification."""
    return judge(claim, user, Status.IN_REVIEW, "Checking the footage.")
