from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.choices import ActorKind
from claims.models.base import (
    CatalogueRecord,
    OtherName,
    catalogue_constraints,
    other_name_constraints,
    parent_field,
)
from claims.querysets import ActorQuerySet
from claims.text import single_line_text, text_constraints

COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
# Places and actors with no side are drawn in this grey; no side may look like them.
NO_SIDE_COLOUR = "#6b6b6b"
# Colours new sides get in turn, distinct from each other and from NO_SIDE_COLOUR.
SIDE_PALETTE = ("#b3261e", "#0057b7", "#1b7f3b", "#7b3fa0", "#c2410c", "#0e7490", "#a16207")


def default_side_colour(taken) -> str:
    """The first palette colour no side uses yet (the palette repeats once all are taken)."""
    taken = {colour.lower() for colour in taken}
    free = [colour for colour in SIDE_PALETTE if colour not in taken]
    return free[0] if free else SIDE_PALETTE[len(taken) % len(SIDE_PALETTE)]


class Side(models.Model):
    """A belligerent whose control claims are tracked.

    Sides are rows, not code: tracking another conflict means adding rows in the admin.
    ``position`` orders the side columns on place pages.
    """

    name = models.CharField(max_length=100, unique=True, validators=[single_line_text])
    # Sides have no names table as places and actors do: there are two or three of them.
    name_uk = models.CharField(
        "name in Ukrainian", max_length=100, blank=True, validators=[single_line_text]
    )
    slug = models.SlugField(max_length=100, unique=True)
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(COLOUR_PATTERN, "Use a hex colour such as #1f77b4.")],
        help_text=_("Hex colour used for this side on maps and timelines."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=COLOUR_PATTERN), name="side_colour_valid"
            ),
            *text_constraints("side", "name", max_length=None, single_line=True),
        ]

    def __str__(self):
        return self.name


class Actor(CatalogueRecord):
    """Anyone who makes or checks a claim: a person or an organisation.

    An actor with no side is independent of the belligerents; its claims are the independent
    assessments shown beside the sides' claims.
    """

    name = models.CharField(max_length=200, validators=[single_line_text])
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=ActorKind.choices)
    parent = parent_field(
        related_name="members",
        help_text=_("The organisation this actor speaks for or belongs to."),
    )
    side = models.ForeignKey(
        Side,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        help_text=_("Leave empty for actors independent of the belligerents."),
    )
    description = models.CharField(max_length=300, blank=True, validators=[single_line_text])

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["folded_name", "skeleton"])

    class Meta(CatalogueRecord.Meta):
        constraints = [
            *catalogue_constraints("actor", ActorKind),
            *text_constraints("actor", "description", max_length=300, single_line=True),
        ]

    parent_cycle_message = _(
        "An actor cannot be part of itself: this parent is the actor or lies under it."
    )

    def clean(self):
        self.check_parent_chain()

    def get_absolute_url(self):
        return reverse("claims:actor_detail", args=[self.slug])


class ActorName(OtherName):
    """Another name of an actor: an alias, a transliteration, a name in another language
    (Міноборони Росії, Russian MoD). Searches find the actor by any of them."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="names")

    history = HistoricalRecords(excluded_fields=["folded", "skeleton"])

    class Meta(OtherName.Meta):
        constraints = other_name_constraints("actor", language_blank=True)
