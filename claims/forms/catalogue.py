"""The desk's catalogue forms: places, actors, sources, their other names, sides' colours."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from claims.choices import NameKind
from claims.forms.common import RemembersShown, actor_with_side
from claims.inputs import language_field, length, line_field, moment_field, url_field
from claims.labels import TranslatedLabels, labels_for
from claims.models import Actor, Place, Side, Source
from claims.models.actors import COLOUR_PATTERN
from claims.models.places import PlaceName


class PlaceForm(RemembersShown, TranslatedLabels, forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "parent", "latitude", "longitude"]
        labels = labels_for(fields)


class ActorForm(RemembersShown, TranslatedLabels, forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "side", "parent", "description"]
        labels = labels_for(fields)


class SourceForm(RemembersShown, TranslatedLabels, forms.ModelForm):
    url = url_field(length(Source, "url"), required=False, label=_("URL"))
    archived_url = url_field(
        length(Source, "archived_url"), required=False, label=_("Archived copy")
    )
    published_at = moment_field(required=False, label=_("Published at (UTC)"))

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "kind", "published_at", "language", "archived_url"]
        labels = labels_for(fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].label_from_instance = actor_with_side


class NameForm(RemembersShown, TranslatedLabels, forms.Form):
    """Another name of a place or an actor."""

    name = line_field(length(PlaceName, "name"))
    language = language_field(
        length(PlaceName, "language"),
        required=False,
        help_text=_("BCP 47 code: uk, ru, en …"),
    )
    kind = forms.ChoiceField(choices=NameKind.choices, initial=NameKind.OFFICIAL)


class ColourInput(forms.TextInput):
    """The browser's colour chooser; it always sends a value, so "required" does not apply."""

    input_type = "color"

    def use_required_attribute(self, initial):
        return False


class SideColourForm(RemembersShown, TranslatedLabels, forms.Form):
    name = line_field(length(Side, "name"))
    name_uk = line_field(length(Side, "name_uk"), required=False, label=_("Name in Ukrainian"))
    colour = forms.CharField(
        widget=ColourInput,
        validators=[RegexValidator(COLOUR_PATTERN, "Use a hex colour such as #1f77b4.")],
        help_text=_("Shown on maps and timelines."),
    )
