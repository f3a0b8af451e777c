"""Reads behind the desk's pickers: find a source or a claim by a few words, however many there
are, and label each so that two alike can be told apart."""

from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext

from claims.formatting import format_moment
from claims.languages import local_name
from claims.models import Claim, Place, Source
from claims.text import words

PICKER_LIMIT = 20
# Longer input is no better a search and only a slower one.
QUERY_MAX_LENGTH = 100


def _terms(query: str) -> list[str]:
    return words((query or "")[:QUERY_MAX_LENGTH])[:5]


def find_sources(query: str, *, limit: int = PICKER_LIMIT) -> list[Source]:
    """Sources whose title, URL or publisher's name contains every word of ``query``, newest
    first, with their publisher (one query)."""
    terms = _terms(query)
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= (
            Q(title__icontains=term) | Q(url__icontains=term) | Q(publisher__name__icontains=term)
        )
    return list(
        Source.objects.filter(condition)
        .select_related("publisher", "publisher__side")
        .order_by("-published_at", "-id")[:limit]
    )


def sources_by_id(ids) -> list[Source]:
    ids = [i for i in ids if str(i).isdecimal() and str(i).isascii()][:50]
    if not ids:
        return []
    return list(Source.objects.filter(pk__in=ids).select_related("publisher", "publisher__side"))


def find_answerable(
    query: str, *, place: Place | None, exclude=None, limit: int = PICKER_LIMIT
) -> list[Claim]:
    """Claims another claim may answer: about ``place`` when known, matching ``query`` in the
    claimant's name, the quote or the summary; newest first (one query)."""
    terms = _terms(query)
    if not terms:
        return []
    claims = Claim.objects.all()
    if place is not None:
        claims = claims.filter(place=place)
    if exclude:
        claims = claims.exclude(pk=exclude)
    text = Claim.objects.search(" ".join(terms)).values("pk")
    named = Q()
    for term in terms:
        named &= Q(claimant__folded_name__contains=term)
    return list(claims.filter(Q(pk__in=text) | named).shown().order_by("-stated_at", "-id")[:limit])


def source_label(source: Source) -> str:
    """ "Title — Publisher (side) · 13 Jan 2023 · example.org" """
    parts = [source.title]
    if source.publisher_id:
        publisher = source.publisher
        side = local_name(publisher.side) if publisher.side_id else gettext("independent")
        parts[0] += f" — {local_name(publisher)} ({side})"
    if source.published_at:
        parts.append(format_moment(source.published_at, "day"))
    host = urlsplit(source.url).hostname if source.url else ""
    if host:
        parts.append(host)
    return " · ".join(parts)


def claim_label(claim: Claim) -> str:
    """ "#19 · 13 Jan 2023 · Russian MoD claims capture · Soledar: summary…" """
    summary = claim.summary if len(claim.summary) <= 80 else claim.summary[:79] + "…"
    return (
        f"#{claim.pk} · {format_moment(claim.stated_at, 'day')} · {local_name(claim.claimant)} "
        f"{claim.phrase} · {local_name(claim.place)}: {summary}"
    )
