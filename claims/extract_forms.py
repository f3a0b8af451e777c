"""Forms of the desk's article extraction: the article, then one form per proposal."""

from datetime import UTC, date, datetime, time

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import control, services
from claims.choices import ActorKind, EvidenceKind, PlaceKind, Precision, Status, Verb
from claims.extraction import MAX_BYTES
from claims.inputs import BoundedDateField, length, line_field, text_field, url_field
from claims.labels import TranslatedLabels
from claims.models import Actor, Place, Side, Source
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH

ACCEPT, REJECT = "accept", "reject"
DECISIONS = [(ACCEPT, "Accept"), (REJECT, "Reject")]
MAX_PROPOSALS = 200


def day_moment(day: date, *, same_day_as: datetime | None = None) -> datetime:
    """A day as a moment: ``same_day_as`` if it falls on that day, else noon UTC; never later
    than now (a claim cannot be stated in the future)."""
    if same_day_as is not None and same_day_as.astimezone(UTC).date() == day:
        moment = same_day_as
    else:
        moment = datetime.combine(day, time(12), tzinfo=UTC)
    return min(moment, timezone.now())


class DayInput(forms.DateInput):
    """A browser date picker, which only reads ISO dates."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class SlugInput(forms.TextInput):
    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false"})


def slug_choice(model, **kwargs) -> forms.ModelChoiceField:
    """A record named by its slug in a text box: scales to any number of records."""
    return forms.ModelChoiceField(
        queryset=model.objects.all(),
        to_field_name="slug",
        widget=SlugInput(),
        error_messages={"invalid_choice": "Nothing on file has this slug."},
        **kwargs,
    )


class PastedText(forms.CharField):
    """Pasted copy: a NUL is a control character the extraction removes and reports like the
    others, not a reason to refuse the whole article (Django's fields refuse it)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class ArticleForm(TranslatedLabels, forms.Form):
    """The article: its text and what the source it becomes needs."""

    text = PastedText(
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_BYTES,
        strip=False,
        help_text=_("The article's text, at most 200 KB. HTML and control characters are removed."),
    )
    url = url_field(
        length(Source, "url"),
        required=False,
        label=_("URL"),
        help_text=_("The article's address, if online."),
    )
    title = line_field(length(Source, "title"), label=_("Title"))
    publisher = slug_choice(
        Actor, required=False, help_text=_("The outlet's slug (e.g. reuters), if it is on file.")
    )
    published = BoundedDateField(widget=DayInput(), label=_("Publication date"))
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, widget=forms.HiddenInput
    )

    def clean_published(self):
        value = self.cleaned_data["published"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A publication date cannot be in the future."))
        return value

    def article_input(self) -> services.ArticleInput:
        data = self.cleaned_data
        source = data.get("source")
        return services.ArticleInput(
            title=data["title"],
            url=data.get("url") or "",
            publisher=data.get("publisher"),
            published_at=self.published_at(),
            source=source,
        )

    def published_at(self) -> datetime:
        source = self.cleaned_data.get("source")
        if source is not None and source.published_at is not None:
            return source.published_at
        return day_moment(self.cleaned_data["published"])


def article_initial(source: Source) -> dict:
    initial = {"source": source.pk, "url": source.url, "title": source.title}
    if source.publisher_id:
        initial["publisher"] = source.publisher.slug
    if source.published_at:
        initial["published"] = timezone.localtime(source.published_at).date()
    return initial


class Decided:
    """A proposal the editor accepts or rejects; a rejected one is not validated further, as
    its fields are not used."""

    @property
    def accepted(self) -> bool:
        return self.is_valid() and self.cleaned_data["decision"] == ACCEPT

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.data.get(self.add_prefix("decision")) == REJECT:
            self._errors = {}
            self.cleaned_data = {"decision": REJECT}


class ProposalForm(Decided, TranslatedLabels, forms.Form):
    """One proposed claim: the editor's decision and the claim as they correct it."""

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, initial=ACCEPT)
    place = slug_choice(Place, required=False, help_text=_("Or name a new place below."))
    new_place_name = line_field(length(Place, "name"), required=False, label=_("New place"))
    new_place_kind = forms.ChoiceField(
        choices=PlaceKind.choices,
        initial=PlaceKind.VILLAGE,
        required=False,
        label=_("Kind of place"),
    )
    claimant = slug_choice(Actor, required=False, help_text=_("Or name a new claimant below."))
    new_claimant_name = line_field(length(Actor, "name"), required=False, label=_("New claimant"))
    new_claimant_kind = forms.ChoiceField(choices=ActorKind.choices, label=_("Kind"))
    new_claimant_side = slug_choice(Side, required=False, label=_("Speaks for (side slug)"))
    verb = forms.ChoiceField(choices=Verb.choices)
    side = slug_choice(Side, required=False, help_text=_("The side the verb is about."))
    stated_at = BoundedDateField(widget=DayInput(), label=_("Stated on"))
    effective_at = BoundedDateField(widget=DayInput(), required=False, label=_("Refers to"))
    quote = text_field(QUOTE_MAX_LENGTH, required=False)
    summary = text_field(SUMMARY_MAX_LENGTH)
    answers = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=_("Answers proposal")
    )
    not_a_duplicate = forms.BooleanField(
        required=False, label=_("Not a duplicate of a claim on file: record it anyway")
    )

    def __init__(self, *args, count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [("", _("— none —"))] + [
            (str(i), _("Proposal %(number)s") % {"number": i + 1}) for i in range(count)
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") != ACCEPT:
            return data
        if not data.get("place") and not data.get("new_place_name"):
            self.add_error("place", _("Choose the place (its slug), or name a new one."))
        if not data.get("claimant") and not data.get("new_claimant_name"):
            self.add_error("claimant", _("Choose a claimant, or name a new one."))
        stated, effective = data.get("stated_at"), data.get("effective_at")
        if stated and effective and effective > stated:
            self.add_error("effective_at", _("It cannot be later than the day it was stated."))
        if stated and stated > timezone.localdate():
            self.add_error("stated_at", _("A claim cannot have been stated in the future."))
        return data

    def proposed(self, index: int, *, published_at: datetime) -> services.ProposedClaim:
        data = self.cleaned_data
        stated_at = day_moment(data["stated_at"], same_day_as=published_at)
        effective = data.get("effective_at")
        new_place = new_claimant = None
        if not data.get("place"):
            # A place not on file is created with the claim, without coordinates: the editor
            # adds them on the place's page when they are known.
            new_place = services.PlaceInput(
                name=data["new_place_name"], kind=data["new_place_kind"] or PlaceKind.VILLAGE
            )
        if not data.get("claimant"):
            new_claimant = services.ActorInput(
                name=data["new_claimant_name"],
                kind=data["new_claimant_kind"],
                side=data.get("new_claimant_side"),
            )
        claim = services.ClaimInput(
            place=data["place"],
            claimant=data.get("claimant"),
            verb=data["verb"],
            side=data.get("side"),
            summary=data["summary"],
            quote=data.get("quote") or "",
            stated_at=stated_at,
            stated_precision=Precision.DAY,
            effective_at=day_moment(effective, same_day_as=stated_at) if effective else None,
            effective_precision=Precision.DAY,
            new_place=new_place,
            new_claimant=new_claimant,
        )
        return services.ProposedClaim(
            index=index,
            data=claim,
            answers=data.get("answers"),
            allow_duplicate=bool(data.get("not_a_duplicate")),
        )


class ProposedVerificationForm(Decided, TranslatedLabels, forms.Form):
    """One verification the text reports, of one proposed claim."""

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, initial=ACCEPT)
    claim = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_PROPOSALS)
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Status if s != Status.UNREVIEWED]
    )
    verifier = slug_choice(Actor, required=False, help_text=_("Whose check it is; empty: ours."))
    decided_at = BoundedDateField(widget=DayInput(), label=_("Decided on"))
    evidence_kind = forms.ChoiceField(
        choices=[("", "—"), *EvidenceKind.choices], required=False, label=_("Evidence")
    )
    rationale = text_field(RATIONALE_MAX_LENGTH)

    def proposed(self, *, published_at: datetime) -> services.ProposedVerification:
        data = self.cleaned_data
        return services.ProposedVerification(
            claim=data["claim"],
            status=data["status"],
            rationale=data["rationale"],
            decided_at=day_moment(data["decided_at"], same_day_as=published_at),
            evidence_kind=data.get("evidence_kind") or "",
            verifier=data.get("verifier"),
        )


def summary_for(proposal, gazetteer) -> str:
    """The newsroom's one-line summary of a proposal, for the editor to correct."""
    actor = gazetteer.actor_by_slug.get(proposal.claimant)
    speaker = actor.name if actor else proposal.claimant
    place = gazetteer.place_by_slug.get(proposal.place)
    sides = {s.slug: s.name for s in gazetteer.sides}
    phrase = control.claim_phrase(
        proposal.verb,
        subject=sides.get(proposal.side),
        own_side=proposal.side is not None and proposal.side == proposal.claimant_side,
    )
    return f"{speaker} {phrase} ({place.name if place else proposal.place})."


def proposal_initial(proposal, gazetteer) -> dict:
    known = proposal.claimant_known
    return {
        "decision": ACCEPT,
        "place": proposal.place if proposal.place_known else "",
        "new_place_name": "" if proposal.place_known else proposal.place,
        "new_place_kind": PlaceKind.VILLAGE,
        "claimant": proposal.claimant if known else "",
        "new_claimant_name": "" if known else proposal.claimant,
        "new_claimant_kind": proposal.claimant_kind,
        "new_claimant_side": "" if known else (proposal.claimant_side or ""),
        "verb": proposal.verb,
        "side": proposal.side or "",
        "stated_at": proposal.stated_at,
        "effective_at": proposal.effective_at,
        "quote": proposal.quote[:QUOTE_MAX_LENGTH],
        "summary": summary_for(proposal, gazetteer),
        "answers": "" if proposal.answers is None else str(proposal.answers),
    }


def verification_initial(proposal) -> dict:
    return {
        "decision": ACCEPT,
        "claim": proposal.claim,
        "status": proposal.status,
        "verifier": proposal.verifier if proposal.verifier_known else "",
        "decided_at": proposal.decided_at,
        "evidence_kind": proposal.evidence_kind,
        "rationale": proposal.quote[:RATIONALE_MAX_LENGTH],
    }
