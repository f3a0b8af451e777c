import gc
import weakref

import pytest
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory


class Held:
    """Something a page's context holds, which can be watched for being freed."""


@pytest.fixture
def without_the_collector():
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("without_the_collector")
def test_what_a_render_held_is_freed_when_it_ends_without_the_collector():
    held = Held()
    freed = weakref.ref(held)
    # A for loop and a with block push dictionaries onto the context as they go.
    text = engines["django"].from_string(
        "{% for x in items %}{% with y=x %}{{ y }}{% endwith %}{% endfor %}"
    )
    assert text.render({"items": [held], "held": held}, RequestFactory().get("/")) != ""
    del held
    assert freed() is None


@pytest.mark.usefixtures("without_the_collector")
def test_a_rendered_page_lets_go_of_its_context(rf):
    held = Held()
    freed = weakref.ref(held)
    render_to_string("404.html", {"held": held}, request=rf.get("/"))
    del held
    assert freed() is None


def test_a_template_that_is_not_there_is_still_reported_as_missing():
    with pytest.raises(TemplateDoesNotExist):
        get_template("claims/no_such_page.html")


def test_a_failing_include_is_reported_with_the_backend(rf):
    text = engines["django"].from_string('{% include "claims/no_such_part.html" %}')
    with pytest.raises(TemplateDoesNotExist) as raised:
        text.render({}, rf.get("/"))
    assert raised.value.backend is engines["django"]


def test_the_test_client_still_sees_the_context_a_page_was_rendered_with(client, db):
    response = client.get("/places/")
    assert "section" in response.context
