"""Desk form labels come from one translatable table, unless a field names its own."""

from django import forms
from django.utils import translation

from claims.labels import LABELS, TranslatedLabels


class ClaimishForm(TranslatedLabels, forms.Form):
    claimant = forms.CharField()
    verifier = forms.CharField()
    summary = forms.CharField(label="What was said, in a line")
    reference = forms.CharField()


def test_fields_without_a_label_take_the_tables():
    form = ClaimishForm()
    assert form.fields["claimant"].label == LABELS["claimant"]
    # Not the field's name made readable: the newsroom's own word for it.
    assert str(form.fields["verifier"].label) == "Whose verdict"


def test_a_label_the_form_sets_is_kept():
    assert ClaimishForm().fields["summary"].label == "What was said, in a line"


def test_a_field_outside_the_table_keeps_djangos_label():
    form = ClaimishForm()
    assert form.fields["reference"].label is None
    assert "Reference" in str(form["reference"].label_tag())


def test_labels_follow_the_readers_language():
    form = ClaimishForm()
    with translation.override("uk"):
        assert str(form.fields["claimant"].label) == "Автор заяви"
    with translation.override("en"):
        assert str(form.fields["claimant"].label) == "Claimant"
