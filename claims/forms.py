"""Forms collect and shape input; the rules live in claims.services, which the views call."""

from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import merge, pickers, services
from claims.choices import (
    LEAD_STATUSES,
    ActorKind,
    EvidenceKind,
    NameKind,
    PlaceKind,
    Precision,
    SourceKind,
    Status,
    Verb,
)
from claims.labels import TranslatedLabels
from claims.languages import local_name
from claims.models import Actor, Claim, Place, Side, Source
from claims.models.actors import COLOUR_PATTERN
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH, language_code
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.text import multiline_text, single_line_text

URL_MAX_LENGTH = 1000


def line_field(max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(max_length=max_length, validators=[single_line_text], **kwargs)


def text_field(max_length: int, **kwargs) -> forms.CharField:
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return forms.CharField(
        max_length=max_length,
        validators=[multiline_text, MaxLengthValidator(max_length)],
        **kwargs,
    )


def url_field(**kwargs) -> forms.URLField:
    return forms.URLField(
        max_length=URL_MAX_LENGTH, assume_scheme="https", validators=[single_line_text], **kwargs
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def moment_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs
    )


def initial_from(data, lists=("evidence",)) -> dict:
    """Submitted values as a form's initial values: a page re-rendered after a search shows
    what was typed without judging it yet."""
    return {
        key: values if key in lists else values[-1]
        for key, values in data.lists()
        if key != "csrfmiddlewaretoken"
    }


# --- Verification ---------------------------------------------------------------------------


class VerificationForm(TranslatedLabels, forms.Form):
    """Record a judgement. The statuses offered depend on the editor's role."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField()
    rationale = text_field(
        RATIONALE_MAX_LENGTH, help_text=_("Why: what the evidence shows and what it does not.")
    )
    decided_at = moment_field(
        required=False,
        label=_("Decided at (UTC)"),
        help_text=_(
            "When the verifier published this verdict, or you made it; leave empty for now. An "
            "earlier verdict may be entered later: the one decided last stands."
        ),
    )
    verifier = forms.ModelChoiceField(
        queryset=Actor.objects.select_related("side").order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("The newsroom (my own judgement)"),
        label=_("Whose verdict"),
        help_text=_("The think tank, agency or outlet whose judgement you are recording, if any."),
    )
    evidence_kind = forms.ChoiceField(
        choices=[("", "—"), *EvidenceKind.choices], required=False, label=_("Kind of evidence")
    )
    evidence = forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Evidence already on file"),
    )
    evidence_q = forms.CharField(
        required=False,
        max_length=pickers.QUERY_MAX_LENGTH,
        label=_("Find a source on file"),
        help_text=_("Words from its title, URL or publisher."),
    )
    evidence_url = url_field(
        required=False,
        label=_("Evidence by URL"),
        help_text=_("A source already on file with this URL is reused; otherwise it is created."),
    )
    evidence_title = line_field(300, required=False, label=_("Title of a new source"))
    evidence_publisher = forms.ModelChoiceField(
        queryset=Actor.objects.select_related("side").order_by("name"),
        required=False,
        label=_("Publisher of a new source"),
        help_text=_(
            "Needed for a URL not on file. Confirming needs evidence published by someone "
            "independent or by the other side; a URL on file keeps the publisher on file."
        ),
    )
    evidence_source_kind = forms.ChoiceField(
        choices=SourceKind.choices, initial=SourceKind.ARTICLE, label=_("Kind of new source")
    )

    def __init__(self, *args, claim: Claim, user, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        may_record_verdicts = user.has_perm(services.PERM_VERDICT)
        self.fields["status"].choices = [
            (value, label)
            for value, label in Status.choices
            if value != Status.UNREVIEWED and (may_record_verdicts or value not in LEAD_STATUSES)
        ]
        self.candidates = candidates
        self.fields["evidence_publisher"].label_from_instance = _actor_with_side
        self.fields["verifier"].label_from_instance = _actor_with_side
        self.claim = claim

    def evidence_offered(self, found=()) -> list[tuple[Source, str, bool]]:
        """The sources to show as tick boxes: those ticked, the place's recent ones and the
        ones found, each once, never the whole catalogue."""
        if self.is_bound:
            ticked = self.data.getlist("evidence")
        else:
            ticked = [str(getattr(s, "pk", s)) for s in self.initial.get("evidence", [])]
        shown, offered = set(), []
        for source in [*pickers.sources_by_id(ticked), *found, *self.candidates]:
            if source.pk not in shown:
                shown.add(source.pk)
                offered.append((source, pickers.source_label(source), str(source.pk) in ticked))
        return offered

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        new_evidence = []
        if data["evidence_url"]:
            new_evidence.append(
                services.CitationInput(
                    url=data["evidence_url"],
                    title=data["evidence_title"],
                    kind=data["evidence_source_kind"],
                    publisher=data["evidence_publisher"],
                )
            )
        return {
            "expected_version": data["version"],
            "status": data["status"],
            "rationale": data["rationale"],
            "decided_at": data["decided_at"],
            "verifier": data["verifier"],
            "evidence_kind": data["evidence_kind"],
            "evidence": list(data["evidence"]),
            "new_evidence": new_evidence,
        }

    # The service names the pasted URL "new_evidence"; here it is these fields.
    service_fields = {"new_evidence": "evidence_publisher"}


def _actor_with_side(actor: Actor) -> str:
    side = local_name(actor.side) if actor.side_id else gettext("independent")
    return f"{local_name(actor)} ({side})"


# --- Claims ---------------------------------------------------------------------------------


class CitationForm(TranslatedLabels, forms.Form):
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, widget=forms.HiddenInput
    )
    url = url_field(required=False, label=_("Source URL"))
    title = line_field(300, required=False, label=_("Title (for a new source)"))
    locator = line_field(200, required=False, label=_("Where in it"))
    excerpt = text_field(1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("source") and not data.get("url"):
            raise forms.ValidationError(_("Give the source's URL."))
        return data

    def as_input(self) -> services.CitationInput | None:
        data = self.cleaned_data
        if not data or (not data.get("source") and not data.get("url")):
            return None
        return services.CitationInput(
            source=data.get("source"),
            url=data.get("url") or "",
            title=data.get("title") or "",
            excerpt=data.get("excerpt") or "",
            locator=data.get("locator") or "",
        )


CitationFormSet = forms.formset_factory(CitationForm, extra=2, max_num=20, validate_max=True)


class ClaimForm(TranslatedLabels, forms.Form):
    """A claim's content; for a new claim, optionally a new place and a new claimant."""

    place = forms.ModelChoiceField(
        queryset=Place.objects.order_by("name"), required=False, to_field_name="slug"
    )
    claimant = forms.ModelChoiceField(
        queryset=Actor.objects.select_related("side").order_by("name"),
        required=False,
        to_field_name="slug",
    )
    verb = forms.ChoiceField(choices=Verb.choices, help_text=_("What the claimant asserts."))
    side = forms.ModelChoiceField(
        queryset=Side.objects.all(),
        required=False,
        to_field_name="slug",
        help_text=_("The side the assertion is about: Russia in “Russia captured”."),
    )
    stated_at = moment_field(label=_("Stated at (UTC)"))
    stated_precision = forms.ChoiceField(choices=Precision.choices, initial=Precision.DAY)
    effective_at = moment_field(
        required=False,
        label=_("Refers to (UTC)"),
        help_text=_("The moment the claim is about; leave empty if it is when it was stated."),
    )
    effective_precision = forms.ChoiceField(choices=Precision.choices, initial=Precision.DAY)
    quote = text_field(QUOTE_MAX_LENGTH, required=False, help_text=_("A short verbatim quote."))
    language = forms.CharField(
        max_length=20, required=False, validators=[language_code], label=_("Language of the quote")
    )
    summary = text_field(
        SUMMARY_MAX_LENGTH, help_text=_("What was claimed, in the newsroom's words.")
    )
    answers = forms.ModelChoiceField(
        queryset=Claim.objects.all(),
        required=False,
        help_text=_(
            "The claim this one responds to. A denial means the opposite of the claim it "
            "answers, and takes its side."
        ),
    )
    ambiguous = forms.BooleanField(
        required=False,
        label=_("Ambiguous wording"),
        help_text=_(
            "Hedged or unclear: shown with the claims, never taken as the side's position."
        ),
    )
    answers_q = forms.CharField(
        required=False,
        max_length=pickers.QUERY_MAX_LENGTH,
        label=_("Find the claim it answers"),
        help_text=_("Words from the claimant's name, the quote or the summary."),
    )

    def __init__(self, *args, place: Place | None = None, found_answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].label_from_instance = _actor_with_side
        # Offered: no answer, the one chosen and the ones found; any claim validates.
        chosen = self.data.get("answers") if self.is_bound else self.initial.get("answers")
        chosen = getattr(chosen, "pk", chosen)
        offered = list(found_answers)
        wanted = chosen and str(chosen).isdecimal() and str(chosen).isascii()
        if wanted and all(str(c.pk) != str(chosen) for c in offered):
            current = Claim.objects.shown().filter(pk=chosen).first()
            offered = [current, *offered] if current else offered
        self.fields["answers"].widget.choices = [
            ("", "— none —"),
            *((c.pk, pickers.claim_label(c)) for c in offered),
        ]

    def claim_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in services.CLAIM_FIELDS if name in data}


class NewClaimForm(ClaimForm):
    """Adds inline creation of a place and a claimant, and the duplicate acknowledgement."""

    new_place_name = line_field(200, required=False, label=_("…or a new place"))
    new_place_kind = forms.ChoiceField(
        choices=PlaceKind.choices, initial=PlaceKind.TOWN, label=_("Kind")
    )
    new_place_parent = forms.ModelChoiceField(
        queryset=Place.objects.filter(kind__in=[PlaceKind.OBLAST, PlaceKind.RAION]).order_by(
            "name"
        ),
        required=False,
        to_field_name="slug",
        label=_("In region"),
    )
    new_claimant_name = line_field(200, required=False, label=_("…or a new claimant"))
    new_claimant_kind = forms.ChoiceField(
        choices=ActorKind.choices, initial=ActorKind.SPOKESPERSON, label=_("Kind")
    )
    new_claimant_side = forms.ModelChoiceField(
        queryset=Side.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Independent"),
        label=_("Speaks for"),
    )
    not_a_duplicate = forms.BooleanField(
        required=False, label=_("This is not a duplicate: save it anyway")
    )

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("new_place_name"):
            self.add_error("place", _("Choose a place, or name a new one."))
        if not data.get("claimant") and not data.get("new_claimant_name"):
            self.add_error("claimant", _("Choose a claimant, or name a new one."))
        return data

    def claim_input(self, citations) -> services.ClaimInput:
        data = self.cleaned_data
        new_place = new_claimant = None
        if not data.get("place"):
            new_place = services.PlaceInput(
                name=data["new_place_name"],
                kind=data["new_place_kind"],
                parent=data["new_place_parent"],
            )
        if not data.get("claimant"):
            new_claimant = services.ActorInput(
                name=data["new_claimant_name"],
                kind=data["new_claimant_kind"],
                side=data["new_claimant_side"],
            )
        return services.ClaimInput(
            **self.claim_values(),
            citations=citations,
            new_place=new_place,
            new_claimant=new_claimant,
        )


class EditClaimForm(ClaimForm):
    """An edit on top of ``version``. After a conflict, ``seen_version`` is the version whose
    changes the editor was shown, and ``choose_<field>`` says, for each field both changed,
    whose value to keep (the service asks again for any field without a choice)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    conflicts = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    reason = line_field(
        CHANGE_REASON_MAX_LENGTH,
        label=_("What changed and why"),
        help_text=_("Shown publicly as a correction."),
    )

    def __init__(self, *args, conflicts=(), **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and not conflicts:
            conflicts = self.data.get("conflicts", "").split(",")
        self.conflict_fields = [name for name in conflicts if name in merge.MERGED_FIELDS]
        for name in self.conflict_fields:
            self.fields[f"choose_{name}"] = forms.ChoiceField(
                choices=[(merge.THEIRS, "Keep theirs"), (merge.MINE, "Keep mine")],
                widget=forms.RadioSelect,
                required=False,
                label=f"{merge.label(name)}: both of you changed it",
            )

    def choices(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"choose_{name}", "")
            for name in self.conflict_fields
            if self.cleaned_data.get(f"choose_{name}")
        }

    def clean(self):
        data = super().clean()
        if not data.get("place"):
            self.add_error("place", _("Choose a place."))
        if not data.get("claimant"):
            self.add_error("claimant", _("Choose a claimant."))
        return data


def claim_initial(claim: Claim) -> dict:
    values = {name: getattr(claim, name) for name in services.CLAIM_FIELDS}
    values.update(
        place=claim.place.slug,
        claimant=claim.claimant.slug,
        side=claim.side.slug if claim.side_id else "",
        answers=claim.answers_id,
        version=claim.version,
    )
    return values


def citation_initial(claim: Claim) -> list[dict]:
    return [
        {
            "source": c.source_id,
            "url": c.source.url,
            "title": c.source.title,
            "locator": c.locator,
            "excerpt": c.excerpt,
        }
        for c in claim.citations.select_related("source")
    ]


# --- Catalogue ------------------------------------------------------------------------------


class PlaceForm(TranslatedLabels, forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "parent", "latitude", "longitude"]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "parent": _("Parent"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
        }


class ActorForm(TranslatedLabels, forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "side", "parent", "description"]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "side": _("Side"),
            "parent": _("Parent"),
            "description": _("Description"),
        }


class SourceForm(TranslatedLabels, forms.ModelForm):
    url = url_field(required=False, label=_("URL"))
    archived_url = url_field(required=False, label=_("Archived copy"))
    published_at = moment_field(required=False, label=_("Published at (UTC)"))

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "kind", "published_at", "language", "archived_url"]
        labels = {
            "title": _("Title"),
            "publisher": _("Publisher"),
            "kind": _("Kind"),
            "language": _("Language"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].label_from_instance = _actor_with_side


class NameForm(TranslatedLabels, forms.Form):
    """Another name of a place or an actor."""

    name = line_field(200)
    language = forms.CharField(
        max_length=20,
        required=False,
        validators=[language_code],
        help_text=_("BCP 47 code: uk, ru, en …"),
    )
    kind = forms.ChoiceField(choices=NameKind.choices, initial=NameKind.OFFICIAL)


class ColourInput(forms.TextInput):
    """The browser's colour chooser; it always sends a value, so "required" does not apply."""

    input_type = "color"

    def use_required_attribute(self, initial):
        return False


class SideColourForm(TranslatedLabels, forms.Form):
    name = line_field(100)
    name_uk = line_field(100, required=False, label=_("Name in Ukrainian"))
    colour = forms.CharField(
        widget=ColourInput,
        validators=[RegexValidator(COLOUR_PATTERN, "Use a hex colour such as #1f77b4.")],
        help_text=_("Shown on maps and timelines."),
    )
