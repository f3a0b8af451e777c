"""The desk's verification form: a judgement on a claim, with its evidence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import pickers, services
from claims.choices import LEAD_STATUSES, EvidenceKind, SourceKind, Status
from claims.forms.common import actor_with_side
from claims.inputs import length, line_field, moment_field, text_field, url_field
from claims.labels import TranslatedLabels
from claims.models import Actor, Claim, Source, Verification


class VerificationForm(TranslatedLabels, forms.Form):
    """Record a judgement. The statuses offered depend on the editor's role."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField()
    rationale = text_field(
        length(Verification, "rationale"),
        help_text=_("Why: what the evidence shows and what it does not."),
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
        length(Source, "url"),
        required=False,
        label=_("Evidence by URL"),
        help_text=_("A source already on file with this URL is reused; otherwise it is created."),
    )
    evidence_title = line_field(
        length(Source, "title"), required=False, label=_("Title of a new source")
    )
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
        self.fields["evidence_publisher"].label_from_instance = actor_with_side
        self.fields["verifier"].label_from_instance = actor_with_side
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
