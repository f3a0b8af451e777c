"""Atom feeds of new claims and of verification changes, overall and per place."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from claims import parameters, pictures
from claims.choices import Status
from claims.filtersets import ClaimFilterSet, VerificationFilterSet
from claims.formatting import format_moment
from claims.models import Claim, Place, Verification
from claims.querysets import shown_through

FEED_LENGTH = 50

# Characters XML 1.0 cannot carry. Input validation refuses them already; a feed must still
# never break on one that got in some other way.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def tag_uri(specific: str) -> str:
    """A ``tag:`` URI (RFC 4151) that names an entry for good.

    Its authority and date come from ATOM_TAG_AUTHORITY, never from the host a request came in
    on, so serving the site under another name (or behind a proxy) does not re-publish every
    entry as new. The specific part is a record's primary key, which never changes either.
    """
    return f"tag:{settings.ATOM_TAG_AUTHORITY}:{specific}"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def summary_html(text: str) -> str:
    """Plain text as the HTML an Atom summary is declared to be (``type="html"``).

    Escaped, or a reader would take "<script>" or "x <y" in a quote as markup; in paragraphs, so
    that its line breaks survive.
    """
    return linebreaks(text, autoescape=True)


def _claims():
    return Claim.objects.shown().order_by("-recorded_at", "-id")


def _verifications():
    return (
        Verification.objects.exclude(status=Status.UNREVIEWED)
        .select_related(*shown_through("claim"))
        .order_by("-recorded_at", "-id")
    )


def claim_title(claim: Claim) -> str:
    return xml_safe(f"{claim.claimant.name} {claim.phrase}: {claim.place.name}")


def claim_text(claim: Claim) -> str:
    side = claim.claimant.side.name if claim.claimant.side_id else "independent"
    parts = [
        f"{claim.claimant.name} ({side}), stated "
        f"{format_moment(claim.stated_at, claim.stated_precision)}.",
        f"“{claim.quote}”" if claim.quote else "",
        claim.summary,
        f"Verification status: {claim.get_status_display().lower()}.",
    ]
    return xml_safe("\n\n".join(p for p in parts if p))


def verification_title(verification: Verification) -> str:
    claim = verification.claim
    return xml_safe(
        f"{verification.get_status_display()}: {claim.claimant.name} {claim.phrase} "
        f"({claim.place.name})"
    )


def verification_text(verification: Verification) -> str:
    return xml_safe(verification.rationale)


@dataclass(frozen=True)
class Filtered:
    rows: QuerySet
    query: str  # the filters, in a fixed order: "" for none


class FilteredFeed(Feed):
    """A feed that takes its list's filters, through the list's FilterSet as the API and the
    exports do (``?place=bakhmut``): a bad or unknown one is a 400 naming it, never a feed that
    quietly ignores it. Each set of filters is a feed of its own, with its own id."""

    feed_type = Atom1Feed
    author_name = "ClaimTracker"
    filterset_class = None
    name = ""  # what the feed's id is made from
    list_url = ""
    list_takes_filters = False  # the page linked to reads the same filters

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        try:
            rows = parameters.filtered(self.filterset_class, request, self.rows(), paging=False)
        except ValidationError as invalid:
            return JsonResponse(invalid.message_dict, status=400)
        query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
        request.feed_filtered = Filtered(rows, query)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.feed_filtered

    def feed_guid(self, filtered):
        return tag_uri(f"feed/{self.name}" + (f"?{filtered.query}" if filtered.query else ""))

    def link(self, filtered):
        url = reverse(self.list_url)
        return f"{url}?{filtered.query}" if filtered.query and self.list_takes_filters else url

    def items(self, filtered):
        return filtered.rows[:FEED_LENGTH]


class ClaimsFeed(FilteredFeed):
    filterset_class = ClaimFilterSet
    name = "claims"
    list_url = "claims:claim_list"
    list_takes_filters = True
    title = "ClaimTracker: new claims"
    subtitle = "Claims of territorial control as they are recorded."

    def rows(self):
        return _claims()

    def item_title(self, item):
        return claim_title(item)

    def item_description(self, item):
        return summary_html(claim_text(item))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return tag_uri(f"claim/{item.pk}")

    def item_pubdate(self, item):
        return item.recorded_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return xml_safe(item.claimant.name)

    def item_categories(self, item):
        return [
            item.verb,
            item.status,
            item.claimant.side.slug if item.claimant.side_id else "independent",
        ]


class VerificationsFeed(FilteredFeed):
    filterset_class = VerificationFilterSet
    name = "verifications"
    list_url = "claims:dashboard"
    title = "ClaimTracker: verification changes"
    subtitle = "Every change of a claim's verification status, with the reason."

    def rows(self):
        return _verifications()

    def item_title(self, item):
        return verification_title(item)

    def item_description(self, item):
        return summary_html(verification_text(item))

    def item_link(self, item):
        return f"{item.claim.get_absolute_url()}#verification-{item.pk}"

    def item_guid(self, item):
        return tag_uri(f"verification/{item.pk}")

    def item_pubdate(self, item):
        return item.recorded_at

    def item_updateddate(self, item):
        return item.recorded_at

    def item_categories(self, item):
        return [item.status]


class PlaceFeed(Feed):
    """New claims about one place and changes to their verification, newest first."""

    feed_type = Atom1Feed
    author_name = "ClaimTracker"

    def get_object(self, request, slug):
        return get_object_or_404(Place.objects.select_related("state"), slug=slug)

    def feed_guid(self, place):
        return tag_uri(f"place/{place.pk}")

    def title(self, place):
        return xml_safe(f"ClaimTracker: {place.name}")

    def subtitle(self, place):
        now = pictures.view(place, pictures.stored(getattr(place, "state", None)))
        return xml_safe(
            f"New claims about {place.name} and changes to their verification. Now: {now.summary}"
        )

    def link(self, place):
        return place.get_absolute_url()

    def items(self, place):
        claims = list(_claims().filter(place=place)[:FEED_LENGTH])
        verifications = list(_verifications().filter(claim__place=place)[:FEED_LENGTH])
        merged = claims + verifications
        merged.sort(key=lambda item: (item.recorded_at, item.pk), reverse=True)
        return merged[:FEED_LENGTH]

    def item_title(self, item):
        return claim_title(item) if isinstance(item, Claim) else verification_title(item)

    def item_description(self, item):
        text = claim_text(item) if isinstance(item, Claim) else verification_text(item)
        return summary_html(text)

    def item_link(self, item):
        if isinstance(item, Claim):
            return item.get_absolute_url()
        return f"{item.claim.get_absolute_url()}#verification-{item.pk}"

    def item_guid(self, item):
        return tag_uri(f"{'claim' if isinstance(item, Claim) else 'verification'}/{item.pk}")

    def item_pubdate(self, item):
        return item.recorded_at

    def item_updateddate(self, item):
        return item.updated_at if isinstance(item, Claim) else item.recorded_at
