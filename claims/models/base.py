"""What several models share: change timestamps with the index the sync cursor reads, and the
search columns derived from a name. Abstract: each model keeps its own table and columns."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from claims.choices import NameKind
from claims.models.fields import choices_constraint, language_constraint, language_field
from claims.text import fold, single_line_text, skeleton, text_constraints


class Timestamped(models.Model):
    """When the row was created and last changed; the API's sync cursor walks (updated_at, id)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["updated_at", "id"], name="%(class)s_sync_idx")]


class SearchColumns(models.Model):
    """The folded and skeleton forms of ``name`` that searches match (claims.querysets).

    ``folded_field`` names the model's folded column: places and actors call it ``folded_name``.
    """

    folded_field = "folded"
    skeleton = models.CharField(max_length=200, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Fill the derived search columns: kept in step on every save path, not only the
        services, and called by bulk inserts, which bypass ``save()``. Folding can lengthen a
        name ("ß" becomes "ss"); the column keeps what fits."""
        folded = self._meta.get_field(self.folded_field)
        setattr(self, folded.attname, fold(self.name)[: folded.max_length])
        self.skeleton = skeleton(self.name)[: self._meta.get_field("skeleton").max_length]


class CatalogueRecord(Timestamped, SearchColumns):
    """A place or an actor: a named record found by its name in any spelling; each model adds
    its name, slug, kinds, parent of its own kind and other fields (in the order its forms show
    them), and its constraints start with ``catalogue_constraints``."""

    folded_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    folded_field = "folded_name"

    class Meta(Timestamped.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    # Set by each model: what a cycle of parents is called in its words, and how deep it nests.
    parent_cycle_message = ""
    max_depth = None
    depth_message = ""

    def check_parent_chain(self):
        """No record lies inside itself, however many parents apart (the database's constraint
        sees only a record that is its own parent), nor deeper than ``max_depth``."""
        seen = {self.pk} if self.pk else set()
        node, depth = self.parent, 1
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": self.parent_cycle_message})
            seen.add(node.pk)
            depth += 1
            if self.max_depth is not None and depth > self.max_depth:
                raise ValidationError({"parent": self.depth_message % {"levels": self.max_depth}})
            node = node.parent


def parent_field(*, related_name: str, help_text) -> models.ForeignKey:
    """A place's or an actor's parent: a record of its own kind, optional, which cannot be
    deleted while it has members (``catalogue_constraints`` keeps a record from being its own
    parent)."""
    return models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )


def catalogue_constraints(label: str, kinds) -> list:
    """A place's or an actor's rules: a kind from ``kinds``, never its own parent, a name fit to
    store."""
    return [
        choices_constraint(label, "kind", kinds),
        models.CheckConstraint(condition=~Q(parent=F("id")), name=f"{label}_not_own_parent"),
        *text_constraints(label, "name", max_length=200, single_line=True),
    ]


class OtherName(SearchColumns):
    """Another name of a place or an actor, in a language, of a kind; each model adds its owner
    and its constraints (``other_name_constraints``), and may require the language."""

    name = models.CharField(max_length=200, validators=[single_line_text])
    language = language_field(blank=True)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.OFFICIAL)
    folded = models.CharField(max_length=200, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["language", "name"]

    def __str__(self):
        return f"{self.name} ({self.language})" if self.language else self.name


def other_name_constraints(owner: str, *, language_blank: bool) -> list:
    """An other-names table's rules: one row per name and language for each ``owner``, a valid
    language (required unless ``language_blank``), a known kind, a name fit to store."""
    label = f"{owner}name"
    return [
        models.UniqueConstraint(
            fields=[owner, "name", "language"], name=f"{label}_unique_per_language"
        ),
        language_constraint(label, "language", blank=language_blank),
        choices_constraint(label, "kind", NameKind),
        *text_constraints(label, "name", max_length=200, single_line=True),
    ]
