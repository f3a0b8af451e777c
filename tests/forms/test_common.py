"""What the desk's forms share (claims.forms.common): an actor shown with the side it speaks
for, in the reader's language, and a page's submitted values kept as typed."""

import pytest
from django.http import QueryDict
from django.utils import translation

from claims import services
from claims.forms.common import actor_with_side, initial_from

pytestmark = pytest.mark.django_db


def test_an_actor_is_shown_with_its_side_or_as_independent(russian_actor, independent_actor):
    assert actor_with_side(russian_actor) == "Russian MoD (Russia)"
    assert actor_with_side(independent_actor) == "Wire agency (independent)"


def test_an_actor_and_its_side_are_named_in_the_readers_language(russian_actor):
    services.actor_name_add(
        actor=russian_actor, name="Міноборони Росії", language="uk", kind="official"
    )
    with translation.override("uk"):
        assert actor_with_side(russian_actor).startswith("Міноборони Росії (")


def test_submitted_values_become_initial_ones_without_the_csrf_token():
    data = QueryDict("csrfmiddlewaretoken=abc&q=Soledar&q=Bakhmut&evidence=3&evidence=4")
    assert initial_from(data) == {"q": "Bakhmut", "evidence": ["3", "4"]}
    assert initial_from(data, lists=("q",)) == {"q": ["Soledar", "Bakhmut"], "evidence": "4"}
