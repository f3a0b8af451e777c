"""The desk's catalogue forms (claims.forms.catalogue): labels in the editor's language, the
fields each record is edited by, and the input rules they apply."""

import pytest
from django.utils import translation

from claims.forms import ActorForm, NameForm, PlaceForm, SideColourForm, SourceForm
from claims.labels import LABELS, labels_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (PlaceForm, ["Назва", "Тип", "Входить до", "Широта", "Довгота"]),
        (ActorForm, ["Назва", "Тип", "Сторона", "Входить до", "Опис"]),
    ],
)
def test_every_field_is_labelled_in_ukrainian(form, expected):
    with translation.override("uk"):
        assert [str(field.label) for field in form().fields.values()] == expected


def test_a_sources_own_labels_win_over_the_shared_ones():
    with translation.override("uk"):
        labels = {name: str(field.label) for name, field in SourceForm().fields.items()}
    assert labels["title"] == "Заголовок"
    assert labels["publisher"] == "Видавець"
    assert "url" not in LABELS
    assert labels["url"] == str(SourceForm.base_fields["url"].label)


def test_labels_for_skips_fields_without_a_shared_label():
    assert set(labels_for(["name", "no_such_field"])) == {"name"}


def test_a_place_needs_a_known_kind_and_both_coordinates_in_range():
    form = PlaceForm({"name": "Soledar", "kind": "hamlet", "latitude": "48.5"})
    # The coordinates' rule is the model's, which names the one missing.
    assert set(form.errors) == {"kind", "longitude"}
    assert PlaceForm({"name": "Soledar", "kind": "town"}).is_valid()


def test_a_name_refuses_a_line_break_and_a_bad_language_code():
    form = NameForm({"name": "Соле\nдар", "language": "Ukrainian", "kind": "official"})
    assert set(form.errors) == {"name", "language"}
    assert NameForm({"name": "Соледар", "language": "uk", "kind": "official"}).is_valid()


def test_a_side_colour_must_be_a_hex_colour():
    form = SideColourForm({"name": "Russia", "colour": "red"})
    assert list(form.errors) == ["colour"]
    assert SideColourForm({"name": "Russia", "colour": "#b3261e"}).is_valid()
