from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.choices import SourceKind
from claims.models.actors import Actor
from claims.models.base import Timestamped
from claims.models.fields import (
    choices_constraint,
    language_constraint,
    language_field,
    out_of_range,
    out_of_range_message,
)
from claims.text import single_line_text, text_constraints


class Source(Timestamped):
    """Where a claim or a piece of evidence appeared: an article, a briefing, a Telegram post …

    A URL identifies a source: two sources never share one. Sources without a URL (a phone call
    reported in print, a broadcast) are allowed.
    """

    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, validators=[single_line_text])
    publisher = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    published_at = models.DateTimeField(null=True, blank=True)
    language = language_field(blank=True)
    archived_url = models.URLField(max_length=1000, blank=True)
    retrieved_at = models.DateTimeField(null=True, blank=True)

    # Sources' history is read by source, never by publisher.
    history = HistoricalRecords(no_db_index=["publisher"])

    class Meta(Timestamped.Meta):
        ordering = ["-published_at", "title"]
        constraints = [
            # The "unique" code files the refusal under the URL field, where a form shows it
            # (a conditional constraint's error is otherwise not tied to any field).
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique_when_present",
                violation_error_code="unique",
                violation_error_message=_("A source with this URL is already on file: cite it."),
            ),
            choices_constraint("source", "kind", SourceKind),
            language_constraint("source", "language", blank=True),
            *text_constraints("source", "title", max_length=300, single_line=True),
            *text_constraints("source", "url", max_length=1000, single_line=True),
            *text_constraints("source", "archived_url", max_length=1000, single_line=True),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if out_of_range(self.published_at):
            raise ValidationError({"published_at": out_of_range_message()})
        # A few minutes' grace, as for claims: clocks differ.
        if self.published_at and self.published_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError(
                {"published_at": _("A source cannot have been published in the future.")}
            )

    def get_absolute_url(self):
        return reverse("claims:source_detail", args=[self.pk])
