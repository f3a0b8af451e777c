"""Presentation helpers for ClaimTracker's templates."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from claims.choices import Status, Verb
from claims.formatting import format_moment, short_date
from claims.languages import local_name as _local_name

register = template.Library()


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


@register.inclusion_tag("includes/status_badge.html")
def status_badge(status):
    status = status or Status.UNREVIEWED
    return {"status": status, "label": Status(status).label}


@register.inclusion_tag("includes/side_badge.html")
def side_badge(side):
    return {"side": side}


@register.filter
def status_label(value):
    return Status(value).label if value in Status.values else value


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
