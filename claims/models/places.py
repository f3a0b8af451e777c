from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.choices import PlaceKind
from claims.models.base import (
    CatalogueRecord,
    OtherName,
    catalogue_constraints,
    other_name_constraints,
    parent_field,
)
from claims.models.fields import language_field
from claims.querysets import MAX_PLACE_DEPTH, PlaceQuerySet
from claims.text import single_line_text


class Place(CatalogueRecord):
    """A place whose control is claimed: an oblast, a raion, a town …

    Every other spelling lives in :class:`PlaceName`; a place can be found by any of them.
    """

    name = models.CharField(
        max_length=200, validators=[single_line_text], help_text=_("English name.")
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    parent = parent_field(
        related_name="children",
        help_text=_("The region this place lies in (a town's raion, a raion's oblast)."),
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    objects = PlaceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["folded_name", "skeleton"])

    class Meta(CatalogueRecord.Meta):
        constraints = [
            *catalogue_constraints("place", PlaceKind),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def get_absolute_url(self):
        return reverse("claims:place_detail", args=[self.slug])

    parent_cycle_message = _("A place cannot lie inside itself.")
    max_depth = MAX_PLACE_DEPTH
    depth_message = _("Places nest at most %(levels)s levels deep.")

    def clean(self):
        # Keyed by field, as the database's constraints on them would otherwise be reported by
        # their internal names too.
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Give both latitude and longitude, or neither.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude lies between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude lies between -180 and 180.")
        if errors:
            raise ValidationError(errors)
        self.check_parent_chain()

    def ancestors(self) -> list["Place"]:
        """Enclosing places, nearest first (Bakhmut raion, then Donetsk oblast)."""
        chain, node = [], self.parent
        while node is not None and len(chain) < MAX_PLACE_DEPTH:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PlaceName(OtherName):
    """Another name of a place: Бахмут (uk), Бахмут (ru), Артёмовск (occupation era) …"""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    language = language_field(blank=False)

    history = HistoricalRecords(excluded_fields=["folded", "skeleton"])

    class Meta(OtherName.Meta):
        constraints = other_name_constraints("place", language_blank=False)
