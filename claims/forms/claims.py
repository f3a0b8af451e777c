"""The desk's claim forms: a new claim (with a new place or claimant), an edit, citations."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims import merge, pickers, services
from claims.choices import ActorKind, PlaceKind, Precision, Verb
from claims.forms.common import actor_with_side
from claims.inputs import (
    language_field,
    length,
    line_field,
    moment_field,
    text_field,
    url_field,
)
from claims.labels import TranslatedLabels
from claims.languages import local_name
from claims.models import Actor, Citation, Claim, Place, Side, Source
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.text import fold

# The names of the fields both editors changed, comma-separated: every merged field fits.
CONFLICTS_MAX_LENGTH = 300


class CitationForm(TranslatedLabels, forms.Form):
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, widget=forms.HiddenInput
    )
    url = url_field(length(Source, "url"), required=False, label=_("Source URL"))
    title = line_field(length(Source, "title"), required=False, label=_("Title (for a new source)"))
    locator = line_field(length(Citation, "locator"), required=False, label=_("Where in it"))
    excerpt = text_field(
        length(Citation, "excerpt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

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


# absolute_max: a crafted count of forms is refused before that many forms are built (Django
# builds up to a thousand more than max_num, 2 s of one worker's time per request).
CitationFormSet = forms.formset_factory(
    CitationForm, extra=2, max_num=20, absolute_max=20, validate_max=True
)


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
    quote = text_field(
        length(Claim, "quote"), required=False, help_text=_("A short verbatim quote.")
    )
    language = language_field(
        length(Claim, "language"), required=False, label=_("Language of the quote")
    )
    summary = text_field(
        length(Claim, "summary"), help_text=_("What was claimed, in the newsroom's words.")
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
        self.fields["claimant"].label_from_instance = actor_with_side
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

    new_place_name = line_field(length(Place, "name"), required=False, label=_("…or a new place"))
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
    new_claimant_name = line_field(
        length(Actor, "name"), required=False, label=_("…or a new claimant")
    )
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
        if not data.get("place") and data.get("new_place_name"):
            self._refuse_a_name_on_file("new_place_name", Place, data["new_place_name"])
        if not data.get("claimant") and data.get("new_claimant_name"):
            self._refuse_a_name_on_file("new_claimant_name", Actor, data["new_claimant_name"])
        return data

    def _refuse_a_name_on_file(self, field: str, model, name: str) -> None:
        """A "new" place or claimant that one on file is already called (in any case or
        accents, by its name or another name) would split its claims between two records."""
        folded = fold(name.strip())
        on_file = list(
            model.objects.filter(Q(folded_name=folded) | Q(names__folded=folded))
            .distinct()
            .order_by("name")[:3]
        )
        if on_file:
            records = ", ".join(f"{local_name(record)} ({record.slug})" for record in on_file)
            self.add_error(
                field,
                _("Already on file under this name: %(records)s. Choose it above instead.")
                % {"records": records},
            )

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
    conflicts = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=CONFLICTS_MAX_LENGTH
    )
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
