import functools
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims import control
from claims.choices import VERBS, VERBS_WITHOUT_SIDE, Control, Precision, Status, Verb
from claims.languages import local_name
from claims.models.actors import Actor, Side
from claims.models.fields import (
    choices_constraint,
    language_constraint,
    language_field,
    out_of_range,
    out_of_range_message,
)
from claims.models.places import Place
from claims.models.sources import Source
from claims.querysets import ClaimQuerySet
from claims.text import multiline_text, search_document, single_line_text, text_constraints

QUOTE_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 2000

# What a claim says, in the order forms show it: what services write, the desk's edit form
# offers, merges compare and corrections list.
CONTENT_FIELDS = (
    "place",
    "claimant",
    "verb",
    "side",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "summary",
    "language",
    "answers",
    "ambiguous",
)


@functools.lru_cache(maxsize=16)
def _claim_path(script_prefix: str, language: str | None) -> str:
    """The path of claim pages up to the claim's number (``/claims/``, ``/uk/claims/``): the
    language is part of it, so it is a key, or a Ukrainian page would set English pages' links."""
    return reverse("claims:claim_detail", args=[0])[:-2]


class Claim(models.Model):
    """One statement by one actor about the control of one place.

    ``verb`` + ``side`` say what is asserted ("Russia captured", "Ukraine withdrew"); a denial
    takes its meaning from the claim it ``answers``. :func:`claims.control.stance` turns them into
    the claimant side's position; ``ambiguous`` wording asserts none. ``status``,
    ``current_verification`` and ``version`` are a cached copy of the verification that stands
    (see :func:`claims.picture.current`), written in the same transaction as it, so lists filter
    by status without a subquery and edits can detect that someone else changed the claim.
    """

    # Indexed first in claim_place_*_idx and claim_claimant_stated_idx (an index of their
    # own was one more for every insert to keep up).
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    claimant = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    side = models.ForeignKey(
        Side,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_about",
        help_text=_("The side the assertion is about: Russia in “Russia captured”."),
    )
    stated_at = models.DateTimeField(help_text=_("When the claim was made."))
    stated_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.EXACT
    )
    effective_at = models.DateTimeField(help_text=_("The moment the claim refers to."))
    effective_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.DAY
    )
    quote = models.TextField(
        blank=True,
        max_length=QUOTE_MAX_LENGTH,
        validators=[multiline_text, MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text=_("A short verbatim quote, in its original language."),
    )
    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH,
        validators=[multiline_text, MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_("What was claimed, in the newsroom's words."),
    )
    language = language_field(blank=True, verbose_name=_("language of the quote"))
    ambiguous = models.BooleanField(
        default=False,
        help_text=_("Hedged or unclear wording: shown, but never taken as a side's position."),
    )
    # What the claim implies (claims.control.implied), kept in step with the fields above, the
    # claimant's side and the answered claim, so that exports and filters can read it as a column.
    implied_side = models.ForeignKey(
        Side, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    implied_control = models.CharField(
        max_length=10, choices=Control.choices, blank=True, editable=False
    )
    answers = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_by",
        help_text=_("The claim this one responds to (a denial answers a capture claim)."),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UNREVIEWED, editable=False
    )
    current_verification = models.ForeignKey(
        "Verification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    # History is read by claim (its id), never by what a version pointed to: no index on those.
    history = HistoricalRecords(
        excluded_fields=["search_document", "updated_at", "implied_side", "implied_control"],
        no_db_index=["place", "claimant", "side", "answers", "current_verification"],
    )

    class Meta:
        ordering = ["-stated_at", "-id"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="claim_sync_idx"),
            models.Index(fields=["place", "updated_at", "id"], name="claim_place_sync_idx"),
            models.Index(fields=["place", "stated_at", "id"], name="claim_place_stated_idx"),
            models.Index(fields=["stated_at", "id"], name="claim_stated_idx"),
            models.Index(fields=["claimant", "stated_at"], name="claim_claimant_stated_idx"),
            models.Index(fields=["status", "stated_at"], name="claim_status_stated_idx"),
        ]
        constraints = [
            choices_constraint("claim", "verb", Verb),
            choices_constraint("claim", "status", Status),
            choices_constraint("claim", "stated_precision", Precision),
            choices_constraint("claim", "effective_precision", Precision),
            choices_constraint("claim", "implied_control", Control, blank=True),
            language_constraint("claim", "language", blank=True),
            models.CheckConstraint(
                condition=Q(side__isnull=False)
                | Q(verb__in=sorted(VERBS_WITHOUT_SIDE))
                | Q(verb=Verb.DENIED, answers__isnull=False),
                name="claim_side_required_for_verb",
            ),
            models.CheckConstraint(
                condition=Q(effective_at__lte=F("stated_at")),
                name="claim_effective_not_after_stated",
            ),
            models.CheckConstraint(condition=~Q(answers=F("id")), name="claim_not_own_answer"),
            models.CheckConstraint(condition=~Q(summary=""), name="claim_summary_required"),
            *text_constraints("claim", "quote", max_length=QUOTE_MAX_LENGTH, single_line=False),
            *text_constraints("claim", "summary", max_length=SUMMARY_MAX_LENGTH, single_line=False),
        ]

    def __str__(self):
        side = f" {self.side}" if self.side_id else ""
        return f"{self.claimant}: {self.get_verb_display()}{side} · {self.place}"

    def save(self, *args, **kwargs):
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"implied_side", "implied_control"}
            if {"quote", "summary"} & set(update_fields):
                derived.add("search_document")
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Pages link to hundreds of claims: the path is reversed once per script prefix and
        # language.
        return f"{_claim_path(get_script_prefix(), get_language())}{self.pk}/"

    def derive(self) -> None:
        """Fill the derived columns: kept in step on every save path, not only the services,
        and called by bulk inserts, which bypass ``save()``."""
        self.search_document = search_document(self.quote, self.summary)
        self.implied_side_id, self.implied_control = self.implication()

    def clean(self):
        errors = {}
        denial_of_answered = self.verb == Verb.DENIED and self.answers_id is not None
        if (
            self.verb in VERBS
            and self.verb not in VERBS_WITHOUT_SIDE
            and self.side_id is None
            and not denial_of_answered
        ):
            errors["side"] = (
                f"“{Verb(self.verb).label}” needs the side it is about "
                "(for example Russia in “Russia captured”)."
            )
        if (
            denial_of_answered
            and self.side_id is not None
            and self.answers.side_id is not None
            and self.side_id != self.answers.side_id
        ):
            errors["side"] = _(
                "A denial is about the side the answered claim names (%(side)s); leave the side "
                "empty to take it from there."
            ) % {"side": local_name(self.answers.side)}
        for name in ("stated_at", "effective_at"):
            if out_of_range(getattr(self, name)):
                errors[name] = out_of_range_message()
        if self.stated_at and self.effective_at and self.effective_at > self.stated_at:
            errors["effective_at"] = _(
                "The moment a claim refers to cannot be later than when it was stated."
            )
        if self.stated_at and self.stated_at > timezone.now() + timedelta(minutes=5):
            errors["stated_at"] = _("A claim cannot have been stated in the future.")
        if self.answers_id is not None:
            if self.pk is not None and self.answers_id == self.pk:
                errors["answers"] = _("A claim cannot answer itself.")
            elif self.answers.place_id != self.place_id:
                errors["answers"] = _("A claim can only answer a claim about the same place.")
            elif self.stated_at and self.answers.stated_at > self.stated_at:
                errors["answers"] = _("A claim can only answer a claim stated before it.")
        if self.summary is not None and self.summary.strip() == "":
            errors["summary"] = _("Summarise what was claimed.")
        if errors:
            raise ValidationError(errors)

    def implication(self) -> tuple[int | None, str]:
        """``(side id, control)`` the claim implies (see :func:`claims.control.implied`); nothing
        for a verb outside the vocabulary, which validation and the database refuse."""
        if self.verb not in VERBS:
            return None, ""
        answers = self.answers if self.answers_id else None
        side_id, held = control.implied(
            verb=self.verb,
            side_id=self.side_id,
            claimant_side_id=self.claimant.side_id,
            answers_verb=answers.verb if answers else None,
            answers_side_id=answers.side_id if answers else None,
            ambiguous=self.ambiguous,
        )
        return side_id, held or ""

    @property
    def phrase(self) -> str:
        """How the claim reads after its claimant's name: "claims capture" (needs side loaded)."""
        return self.phrase_in(get_language())

    def phrase_in(self, language: str | None) -> str:
        """:attr:`phrase` in ``language``, which must be the active one: a tag drawing dozens of
        claims reads the language once rather than three times a claim (each read is a lookup
        in asgiref's locked context-local storage, ~1 µs)."""
        answered = None
        if self.verb == Verb.DENIED and self.answers_id:
            answers = self.answers
            speaker = local_name(self.side if self.side_id else answers.claimant, language)
            answered = control.claim_noun(answers.verb, speaker)
        return control.claim_phrase(
            self.verb,
            subject=local_name(self.side, language) if self.side_id else None,
            own_side=self.side_id is not None and self.side_id == self.claimant.side_id,
            answered=answered,
            language=language,
        )


class Citation(models.Model):
    """A source a claim is cited from, with where in it the claim appears."""

    # Indexed first in citation_unique_source.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="citations", db_index=False
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    excerpt = models.TextField(
        blank=True, max_length=1000, validators=[multiline_text, MaxLengthValidator(1000)]
    )
    locator = models.CharField(
        max_length=200,
        blank=True,
        validators=[single_line_text],
        help_text=_("Where in the source: a paragraph, a timestamp, a page."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    # Citations' history is read by claim, never by source.
    history = HistoricalRecords(no_db_index=["source"])

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="citation_unique_source"),
            *text_constraints("citation", "excerpt", max_length=1000, single_line=False),
            *text_constraints("citation", "locator", max_length=200, single_line=True),
        ]

    def __str__(self):
        return f"{self.source} → claim {self.claim_id}"
