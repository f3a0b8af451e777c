from datetime import timedelta

import pytest
from django.db import connection

from claims import demo
from claims.choices import Verb
from tests.factories import BASE_TIME, ActorFactory, ClaimFactory, PlaceFactory, SideFactory


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to run it)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def demo_data(db):
    """The Soledar demo data set, as `manage.py load_demo` builds it."""
    demo.load()


@pytest.fixture
def aliases(demo_data):
    """The demo with "Russia's Defence Ministry" on file, as the articles name the Russian MoD."""
    from tests.extraction.articles import file_the_ministrys_alias

    file_the_ministrys_alias()


@pytest.fixture
def caching(settings):
    """Readers' copies kept for a minute, in a cache of this process."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.API_CACHE_SECONDS = 60
    settings.PAGE_CACHE_SECONDS = 60
    # Copies, markers and the addresses remembered outlive a test's database in this cache.
    cache.clear()


@pytest.fixture
def russia(db):
    return SideFactory(name="Russia", slug="russia", colour="#b3261e", position=1)


@pytest.fixture
def ukraine(db):
    return SideFactory(name="Ukraine", slug="ukraine", colour="#0057b7", position=2)


@pytest.fixture
def russian_actor(russia):
    return ActorFactory(name="Russian MoD", side=russia)


@pytest.fixture
def ukrainian_actor(ukraine):
    return ActorFactory(name="Ukrainian army", side=ukraine)


@pytest.fixture
def independent_actor(db):
    return ActorFactory(name="Wire agency", side=None, kind="news_organisation")


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


def _user_in(group_name, username):
    from django.contrib.auth.models import Group, Permission

    from claims.roles import ensure_groups
    from tests.factories import UserFactory

    # A transactional test elsewhere in the run flushes what the data migration created.
    ensure_groups(Group, Permission)
    user = UserFactory(username=username, first_name=username.title())
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reader(db):
    """A logged-in account without any newsroom role."""
    return _user_in(None, "reader")


@pytest.fixture
def editor(db):
    return _user_in("Editors", "editor")


@pytest.fixture
def second_editor(db):
    return _user_in("Editors", "colleague")


@pytest.fixture
def lead(db):
    return _user_in("Verification leads", "lead")


@pytest.fixture
def token_for(db):
    """An API client authenticated with a fresh token for ``user``."""
    from rest_framework.test import APIClient

    from claims import services

    def make(user):
        _, token = services.api_token_create(user=user, days=30)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def bakhmut(db):
    return PlaceFactory(name="Bakhmut", slug="bakhmut")


@pytest.fixture
def disputed(bakhmut, russian_actor, ukrainian_actor):
    """Russia says it took the town; a day later Ukraine says it still holds it."""
    taken = ClaimFactory(place=bakhmut, claimant=russian_actor, stated_at=BASE_TIME)
    held = ClaimFactory(
        place=bakhmut,
        claimant=ukrainian_actor,
        verb=Verb.HOLDS,
        stated_at=BASE_TIME + timedelta(days=1),
    )
    return taken, held


@pytest.fixture
def insecure(settings):
    """Development mode: plain HTTP and local addresses allowed (the receiver is on 127.0.0.1)."""
    settings.WEBHOOK_ALLOW_INSECURE = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    return settings


@pytest.fixture
def receiver(insecure):
    """An HTTP endpoint on 127.0.0.1 that records every webhook message sent to it."""
    from tests.webhooks.receiver import Receiver

    started = Receiver().start()
    yield started
    started.stop()


@pytest.fixture
def picker_desk(russia, ukraine):
    """Sources and claims enough for the pickers to find and miss; the town's newest claim."""
    from tests.datasets import build_desk

    return build_desk(russia, ukraine, 100, 100)


@pytest.fixture
def claim(demo_data):
    """The Soledar demo's claim by Serhii Cherevaty, which two editors change at once."""
    from claims.models import Claim

    return Claim.objects.get(claimant__slug="serhii-cherevaty")


@pytest.fixture
def capture(demo_data):
    """The Soledar demo's capture claim by Igor Konashenkov, on which imports record verdicts."""
    from claims.models import Claim

    return Claim.objects.shown().get(claimant__slug="igor-konashenkov")


@pytest.fixture
def maria(db):
    return _user_in("Editors", "maria")


@pytest.fixture
def ivan(db):
    return _user_in("Editors", "ivan")
