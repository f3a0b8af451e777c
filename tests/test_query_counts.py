"""Every page, feed, export and API answer costs an exact number of queries, named one by one.

One place for all of them, so that a change that adds a query fails here and says which page
moved. Each pin is the list of its queries in the order they run; the count asserted is the
list's length, so the names cannot drift from the number. Every pin is measured at 5 claims and
again at 200: the same count proves nothing is read once per row.

Caches are off in tests/settings.py (API, page and card caches; the database cache with a
limit a cull never reaches), so counts do not depend on the order the tests run in. Pages as a
logged-in editor start with SESSION; anonymous API answers with the rate limit's six queries on
the database cache (Redis would cost none).
"""

import pytest
from django.db import connection

from claims.webhooks import subscriptions
from tests.datasets import populate
from tests.query_counts import api, desk, readers
from tests.query_counts.names import Named

pytestmark = pytest.mark.django_db


def pins(d):
    return {**readers.pins(d), **desk.pins(d), **api.pins(d)}


class _Anything:
    """Every record at once, for the pins' names without a data set."""

    slug = pk = current_verification_id = "x"

    def __getattr__(self, name):
        return self


NAMES = list(pins(_Anything()))


def dataset(size, russia, ukraine, editor, settings):
    settings.WEBHOOK_ALLOW_INSECURE = True
    russia.slug = "ru-side"
    russia.save()
    data = populate(size, russia=russia, ukraine=ukraine)
    return Named(
        town=data["town"],
        claim=data["claims"][-1],
        actor=data["claimants"][0],
        source=data["sources"][0],
        hook=subscriptions.subscription_create(
            owner=editor, url="https://example.org/hook", event_types=["claim.created"]
        ),
    )


def client_for(pin, client, api_client, token_for, editor):
    if pin.token:
        return token_for(editor)
    if pin.url.startswith("/api/"):
        return api_client
    if pin.as_editor:
        client.force_login(editor)
    else:
        client.logout()
    return client


def fetch(client, url):
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def expected(pin) -> list[str]:
    if pin.postgres is not None and connection.vendor == "postgresql":
        return pin.postgres
    return pin.queries


def named(pin) -> str:
    return "Expected, in order:\n" + "\n".join(
        f"{i}. {query}" for i, query in enumerate(expected(pin), 1)
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_page_costs_its_named_queries(
    name,
    client,
    api_client,
    token_for,
    russia,
    ukraine,
    editor,
    settings,
    django_assert_num_queries,
):
    pin = pins(dataset(5, russia, ukraine, editor, settings))[name]
    reader = client_for(pin, client, api_client, token_for, editor)
    with django_assert_num_queries(len(expected(pin)), info=named(pin)):
        response = fetch(reader, pin.url)
    assert response.status_code == pin.status


def test_no_page_costs_more_with_forty_times_the_claims(
    client, api_client, token_for, russia, ukraine, editor, settings, django_assert_num_queries
):
    for name, pin in pins(dataset(200, russia, ukraine, editor, settings)).items():
        reader = client_for(pin, client, api_client, token_for, editor)
        with django_assert_num_queries(len(expected(pin)), info=f"{name}\n{named(pin)}"):
            response = fetch(reader, pin.url)
        assert response.status_code == pin.status, name
