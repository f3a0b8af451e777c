"""Named querysets: the one place that says how claims are loaded, searched and cut by time."""

from datetime import datetime

from django.db import connection, models
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL

from claims.choices import QUEUE_STATUSES
from claims.text import fold, words

# Oblast → raion → hromada → settlement is as deep as the administrative tree goes.
MAX_PLACE_DEPTH = 4


class PlaceQuerySet(models.QuerySet):
    def named(self, text: str):
        """Places with ``text`` in any of their names, any language, ignoring case and accents."""
        from claims.models import PlaceName

        folded = fold(text.strip())
        aliases = PlaceName.objects.filter(place=OuterRef("pk"), folded__contains=folded)
        return self.filter(Q(folded_name__contains=folded) | Exists(aliases))

    def ranked_by_name(self, text: str):
        """Exact name matches first (any alias), then the rest alphabetically."""
        from claims.models import PlaceName

        folded = fold(text.strip())
        exact = PlaceName.objects.filter(place=OuterRef("pk"), folded=folded)
        return self.alias(exact=Q(folded_name=folded) | Exists(exact)).order_by("-exact", "name")

    def within(self, region, *, include_region: bool = True):
        """Places inside ``region`` at any depth (and the region itself, unless excluded)."""
        condition = Q(pk=region.pk) if include_region else Q(pk__in=[])
        for depth in range(1, MAX_PLACE_DEPTH):
            condition |= Q(**{"__".join(["parent"] * depth): region})
        return self.filter(condition)


class ActorQuerySet(models.QuerySet):
    def named(self, text: str):
        """Actors with ``text`` in their name or any alias, ignoring case and accents."""
        from claims.models import ActorName

        folded = fold(text.strip())
        aliases = ActorName.objects.filter(actor=OuterRef("pk"), folded__contains=folded)
        return self.filter(Q(folded_name__contains=folded) | Exists(aliases))


# What a claim's one-line phrase reads ("Cherevaty denies Russia's capture claim · Soledar").
# The claimant's parent names its role in the quotable sentence ("spokesperson for …").
SHOWN = ("place", "claimant", "claimant__side", "claimant__parent", "side", "answers__claimant")


class ClaimQuerySet(models.QuerySet):
    def shown(self):
        """Claims with what their one-line phrase reads, in the same query."""
        return self.select_related(*SHOWN)

    def with_related(self):
        """Everything a claim's row shows, in a fixed number of queries whatever the count."""
        from claims.models import Citation

        return (
            self.shown()
            .select_related("current_verification__verifier")
            .prefetch_related(
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source", "source__publisher"),
                )
            )
        )

    def stated_before(self, moment: datetime):
        """Claims already made at ``moment``: what a reader could have known then."""
        return self.filter(stated_at__lt=moment)

    def needs_review(self):
        return self.filter(status__in=QUEUE_STATUSES)

    def search(self, query: str):
        """Claims whose quote or summary contains every word of ``query``.

        PostgreSQL answers from the GIN-indexed ``search_vector`` column (``simple``
        configuration: quotes are English, Ukrainian and Russian); SQLite matches the same folded
        words in ``search_document``, so both give the same result.
        """
        terms = words(query)
        if not terms:
            return self.none()
        if connection.vendor == "postgresql":
            return self.filter(
                RawSQL(
                    "claims_claim.search_vector @@ plainto_tsquery('simple', %s)",
                    [" ".join(terms)],
                    output_field=BooleanField(),
                )
            )
        condition = Q()
        for term in terms:
            condition &= Q(search_document__contains=f" {term} ")
        return self.filter(condition)
