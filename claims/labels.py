"""Field labels for the desk's forms, in the reader's language.

Django makes a label from a field's name ("stated_precision" → "Stated precision") in English
only; forms that inherit :class:`TranslatedLabels` take theirs from here instead, where the
message extractor finds them.
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "answers": _("Answers"),
    "claim": _("Claim"),
    "claimant": _("Claimant"),
    "colour": _("Colour"),
    "decision": _("Decision"),
    "description": _("Description"),
    "effective_precision": _("Effective precision"),
    "excerpt": _("Excerpt"),
    "kind": _("Kind"),
    "language": _("Language"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "name": _("Name"),
    "parent": _("Parent"),
    "place": _("Place"),
    "publisher": _("Publisher"),
    "quote": _("Quote"),
    "rationale": _("Rationale"),
    "side": _("Side"),
    "source": _("Source"),
    "stated_precision": _("Stated precision"),
    "status": _("Status"),
    "summary": _("Summary"),
    "text": _("Text"),
    "title": _("Title"),
    "username": _("Username"),
    "verb": _("Verb"),
    "verifier": _("Whose verdict"),
}


def labels_for(fields) -> dict:
    """A model form's ``Meta.labels``: its model's own labels are English only."""
    return {name: LABELS[name] for name in fields if name in LABELS}


class TranslatedLabels:
    """Gives every field without a label of its own the translatable one in :data:`LABELS`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None and name in LABELS:
                field.label = LABELS[name]
