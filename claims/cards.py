"""Claim cards: the HTML a place page shows for each claim, rendered once per claim version.

A place page shows up to 200 claims, each twice (its side's column and the timeline's list) and
named once more on its timeline mark. Rendering them through the template engine on every
uncached request was most of the page's time (cProfile, docs/benchmarks.md), though a write
changes one claim at a time. So each claim's pieces are kept in the cache under a digest of
everything they show: the claim's row as the page reads it (``selectors.ENTRY_COLUMNS``: its id
and version, its claimant's, sides' and answered claim's names), the status shown, the language
and time zone, and the code that renders it (templates, phrases: a deploy makes new cards). A
card can never be stale: a change to anything it shows is another key, whoever wrote it and
however. Cards are rendered from the claim alone, with no request, user or permission in their
context, and the audience (readers or the newsroom) is part of the key: what an editor is shown
can never reach a reader.

FRAGMENT_CACHE_SECONDS=0 (the default without Redis, where every cache write costs queries)
renders every card on every request.
"""

import functools
import hashlib
import html
import logging
from pathlib import Path
from typing import NamedTuple

import orjson
from django.conf import settings
from django.core.cache import cache
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from claims import languages
from claims.caching.shared import read_many
from claims.languages import local_name
from claims.models import Claim

log = logging.getLogger(__name__)


class Card(NamedTuple):
    # A named tuple rather than a frozen dataclass: made for each of up to 200 claims a request,
    # and a frozen dataclass's __init__ sets each field through object.__setattr__.
    line: SafeString  # the entry in its side's column
    row: SafeString  # the row in the timeline's list
    # What names the claim on its timeline mark, as HTML: escaped once when the card is made
    # rather than for each mark on every request.
    label: SafeString


def attach(entries, *, audience: str) -> None:
    """Set ``entry.card`` on each place page entry: from the cache, or rendered (one query for
    all the claims whose cards are missing, none when every card is cached)."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    # What every card of the request shares, looked up once rather than once a claim.
    shared = _shared_digest(
        (
            _code_digest(),
            audience,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            # The rows' column names: each key then digests only their values.
            tuple(entries[0].values) if entries else (),
        )
    )
    english = languages.base() == "en"
    keys = [key(entry, shared, english=english) for entry in entries]
    found = _get_many(keys) if seconds and keys else {}
    missing = {
        entry.claim.pk: (entry, card_key)
        for entry, card_key in zip(entries, keys, strict=True)
        if card_key not in found
    }
    if missing:
        claims = Claim.objects.shown().order_by().in_bulk(list(missing))
        made = {
            card_key: _stored(render(claims[pk], entry.status))
            for pk, (entry, card_key) in missing.items()
        }
        if seconds:
            _set_many(made, seconds)
        found.update(made)
    for entry, card_key in zip(entries, keys, strict=True):
        entry.card = _card(found[card_key])


# A card is kept as one plain string, the lengths of its line and row then its three pieces:
# unpickling a str is one C call, where a tuple of three SafeStrings went through copyreg for
# each, and their wrapping as SafeString again.
def _stored(pieces: tuple[str, str, str]) -> str:
    line, row, label = pieces
    return f"{len(line)} {len(row)} {line}{row}{label}"


def _card(stored: str) -> Card:
    line_length, row_length, pieces = stored.split(" ", 2)
    end_of_line = int(line_length)
    end_of_row = end_of_line + int(row_length)
    # SafeString itself: mark_safe's wrapper for lazy strings costs more than the call.
    return Card(
        SafeString(pieces[:end_of_line]),
        SafeString(pieces[end_of_line:end_of_row]),
        SafeString(pieces[end_of_row:]),
    )


def _shared_digest(shared: tuple) -> bytes:
    return hashlib.blake2b(repr(shared).encode(), digest_size=32).digest()


def key(entry, shared: bytes, *, english: bool | None = None) -> str:
    """The card's cache key: a digest keyed with ``shared`` (the digest of what every card of
    the request shares, the rows' column names among it, made once a request) of the status
    shown, the row and, in another language, the names the card shows in it.

    orjson writes them, not repr: the row's two datetimes were most of repr's time, and most of
    the key's. Its JSON tells apart every value a row holds (numbers, text, booleans, null and
    aware datetimes to the microsecond, in their own columns)."""
    if english is None:
        english = languages.base() == "en"
    inputs = (
        entry.status,
        entry.values,
        () if english else _local_names(entry.values),
    )
    return "card:" + hashlib.blake2b(orjson.dumps(inputs), digest_size=16, key=shared).hexdigest()


def _local_names(values: dict) -> tuple:
    """The names a card shows in a language other than English, which live in other tables
    (places' and actors' names, sides' ``name_uk``): a name added there makes new cards."""
    shown = (
        ("actor", values["claimant_id"], values["claimant__name"]),
        ("actor", values["claimant__parent_id"], values["claimant__parent__name"]),
        ("actor", values["answers__claimant_id"], values["answers__claimant__name"]),
        ("side", values["claimant__side_id"], values["claimant__side__name"]),
        ("side", values["side_id"], values["side__name"]),
    )
    return tuple(
        languages.local_name_of(table, pk, name) if pk else "" for table, pk, name in shown
    )


def render(claim: Claim, status: str) -> tuple[str, str, str]:
    """A claim's pieces, as plain strings of HTML."""
    entry = {"claim": claim, "status": status}
    moment = date_filter(timezone.localtime(claim.stated_at), gettext("j M Y H:i"))
    return (
        str(render_to_string("includes/claim_line.html", {"entry": entry})),
        str(render_to_string("includes/timeline_row.html", {"entry": entry})),
        # The standard library's escape, as the timeline's marks used on the plain label.
        html.escape(f"{local_name(claim.claimant)} {claim.phrase}, {moment}"),
    )


# What a card's HTML is made by besides its data: a deploy that changes any of it makes new keys.
CARD_TEMPLATES = (
    "includes/claim_line.html",
    "includes/timeline_row.html",
    "includes/actor_kind.html",
)


@functools.cache
def _code_digest() -> str:
    from claims import control
    from claims.models import claims as claim_model
    from claims.templatetags import claims_tags

    paths = [get_template(name).origin.name for name in CARD_TEMPLATES]
    paths += [control.__file__, claim_model.__file__, claims_tags.__file__, __file__]
    digest = hashlib.blake2b(digest_size=8)
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# A cache outage costs rendering, never the page (as in claims.caching).
def _get_many(keys: list[str]) -> dict:
    return read_many(keys, what=f"{len(keys)} cards")


def _set_many(values: dict, seconds: int) -> None:
    try:
        cache.set_many(values, seconds)
    except Exception:
        log.warning("cache unavailable: set %d cards", len(values), exc_info=True)
