"""Named querysets: the one place that says how claims are loaded, searched and cut by time."""

from datetime import datetime

from django.db import connection, models
from django.db.models import BooleanField, Prefetch, Q
from django.db.models.expressions import RawSQL

from claims.choices import QUEUE_STATUSES
from claims.text import words


class ClaimQuerySet(models.QuerySet):
    def with_related(self):
        """Everything a claim's row shows, in a fixed number of queries whatever the count."""
        from claims.models import Citation

        return self.select_related(
            "place",
            "claimant",
            "claimant__side",
            "side",
            "current_verification",
        ).prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "source__publisher"),
            )
        )

    def stated_before(self, moment: datetime):
        """Claims already made at ``moment``: what a reader could have known then."""
        return self.filter(stated_at__lt=moment)

    def needs_review(self):
        return self.filter(status__in=QUEUE_STATUSES)

    def by_claimant_side(self, side):
        """Claims made by ``side``'s actors; ``None`` means independent actors."""
        if side is None:
            return self.filter(claimant__side__isnull=True)
        return self.filter(claimant__side=side)

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
