"""What several models share: change timestamps with the index the sync cursor reads, and the
search columns derived from a name. Abstract: each model keeps its own table and columns."""

from django.db import models

from claims.choices import NameKind
from claims.models.fields import choices_constraint
from claims.text import fold, skeleton, text_constraints


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


class OtherName(SearchColumns):
    """Another name of a place or an actor, in a language, of a kind; each model adds its owner,
    its language's rule and its uniqueness."""

    folded = models.CharField(max_length=200, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["language", "name"]
        constraints = [
            choices_constraint("%(class)s", "kind", NameKind),
            *text_constraints("%(class)s", "name", max_length=200, single_line=True),
        ]

    def __str__(self):
        return f"{self.name} ({self.language})" if self.language else self.name
