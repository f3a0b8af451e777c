"""The Soledar article the desk, the API and the command are given, and the name it calls the
Russian Ministry of Defence by, which the demo does not have on file."""

from claims import services
from claims.models import Actor

ARTICLE = (
    "On Friday Russia's Defence Ministry said its forces had completed the capture of Soledar "
    "on Thursday evening. Serhii Cherevaty, spokesman for Ukraine's eastern forces, said the "
    "claim was not true and that fighting in the town continued. Reuters could not "
    "independently verify either account."
)


def file_the_ministrys_alias():
    services.actor_name_add(
        actor=Actor.objects.get(slug="russian-mod"),
        name="Russia's Defence Ministry",
        language="en",
        kind="official",
    )
