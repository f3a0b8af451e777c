"""What the desk's forms share: how an actor is offered, and a page's submitted values."""

from django.utils.translation import gettext

from claims.languages import local_name
from claims.models import Actor


def actor_with_side(actor: Actor) -> str:
    side = local_name(actor.side) if actor.side_id else gettext("independent")
    return f"{local_name(actor)} ({side})"


def initial_from(data, lists=("evidence",)) -> dict:
    """Submitted values as a form's initial values: a page re-rendered after a search shows
    what was typed without judging it yet."""
    return {
        key: values if key in lists else values[-1]
        for key, values in data.lists()
        if key != "csrfmiddlewaretoken"
    }
