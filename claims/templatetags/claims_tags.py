"""Presentation helpers for ClaimTracker's templates."""

import functools
import json

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from claims.choices import Status, Verb
from claims.formatting import format_moment, short_date
from claims.languages import local_name as _local_name

register = template.Library()
# Looked up hundreds of times a page: a dict, not the enum's constructor.
STATUS_LABELS = dict(Status.choices)


@register.filter
def local_name(record):
    """A place's, actor's or side's name in the reader's language, English if none is on file."""
    return _local_name(record)


@register.filter
def moment(value, precision="exact"):
    """A ``<time>`` element reading as precisely as the moment is known."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(timespec="seconds"),
        format_moment(value, precision),
    )


@register.filter
def day(value):
    """A ``<time>`` element with the date only: 13 Jan 2023."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(timespec="seconds"), short_date(value)
    )


@register.simple_tag
def status_badge(status):
    # A tag, not an included template: a place page shows dozens.
    status = status or Status.UNREVIEWED
    return format_html('<span class="badge status-{}">{}</span>', status, STATUS_LABELS[status])


@register.inclusion_tag("includes/side_badge.html")
def side_badge(side):
    return {"side": side}


@register.simple_tag
def timeline_marks(marks):
    """Each claim's mark on a place's timeline, linking to its entry in the columns.

    Written here rather than in the template: a place page draws up to 200 marks, and resolving
    their variables was most of the template engine's time on an uncached page. Only the label
    is text; coordinates are numbers the layout made.
    """
    drawn, said_of = [], {}  # each status's label translated once, not once a mark
    for mark in marks:
        entry = mark.entry
        css = f"mark status-{entry.status}"
        if mark.shape == "circle":
            shape = f'<circle class="{css}" cx="{mark.x}" cy="{mark.y}" r="7"/>'
        elif mark.shape == "square":
            x, y = mark.corner
            shape = f'<rect class="{css}" x="{x}" y="{y}" width="12" height="12"/>'
        else:
            shape = f'<polygon class="{css}" points="{mark.points}"/>'
        said = said_of.get(entry.status)
        if said is None:
            said = said_of[entry.status] = escape(str(STATUS_LABELS[entry.status]))
        label = escape(entry.card.label)
        drawn.append(
            f'<a href="#claim-{entry.claim.pk}" aria-label="{label}: {said}">'
            f"<title>{label} — {said}</title>{shape}</a>"
        )
    return mark_safe("\n".join(drawn))


@register.simple_tag
def cards(entries, part):
    """The ``part`` ("line" or "row") of each entry's rendered card (claims.cards), joined: one
    tag, not a loop resolving a variable per claim, for up to 200 claims twice a page."""
    return mark_safe("\n".join(getattr(entry.card, part) for entry in entries))


@register.filter
def kind(record):
    """``record.get_kind_display()``, translating only the label shown: Django's translates
    every choice of the field on each call, and a place page shows a dozen kinds."""
    return str(_kind_labels(type(record)).get(record.kind, record.kind))


@functools.cache
def _kind_labels(model) -> dict:
    return dict(model._meta.get_field("kind").flatchoices)


@register.filter
def status_label(value):
    return STATUS_LABELS.get(value, value)


@register.filter
def verb_label(value):
    """A verb as words ("partially holds"), not its stored code."""
    return Verb(value).label if value in Verb.values else value


@register.filter
def ld_json(data):
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are escaped so that no text inside can close the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
