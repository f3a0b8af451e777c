"""The filters the FilterSets are made of, and a FilterSet made for a request quickly.

Each filter's field is one of :mod:`claims.inputs`'s, so a query string's value is held to the
same rules as a form's or an API body's.
"""

import copy
import functools
from datetime import date

import django_filters as filters
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.choices import normalize_choices
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims import compiled
from claims.inputs import (
    EARLIEST,
    LATEST,
    SEARCH_MAX_LENGTH,
    BoundedDateField,
    SearchField,
    UTCDateTimeField,
)
from claims.models import Side
from claims.numbers import whole_number
from claims.text import printable, single_line_text

INDEPENDENT = "independent"


ANY = _("Any")


class RepeatableSelect(forms.Select):
    """A single select in HTML forms; the API may repeat the parameter (``status=a&status=b``).

    It always offers an empty choice first, labelled ``empty_label``, meaning "no filter".
    """

    def __init__(self, attrs=None, choices=(), empty_label=ANY):
        self.empty_label = empty_label
        super().__init__(attrs, choices)

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        options = [choice for choice in normalize_choices(value) if choice[0] != ""]
        self._choices = [("", self.empty_label), *options]

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else [data.get(name)]
        return [v for v in values if v not in (None, "")]


class BoundedDateFilter(filters.DateFilter):
    field_class = BoundedDateField


class UTCDateTimeFilter(filters.Filter):
    field_class = UTCDateTimeField


class SearchFilter(filters.CharFilter):
    field_class = SearchField


class WholeNumberField(forms.IntegerField):
    """A record's number in ASCII digits only (:mod:`claims.numbers`): "1.5", "1e0" and "٣"
    are refused, not read as claims 1 and 3."""

    default_error_messages = {"invalid": "A whole number in ASCII digits, such as 19."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(filters.Filter):
    field_class = WholeNumberField


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    """A related record given by its slug."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)


# How many records an ambiguous name offers to choose from.
CHOICES_OFFERED = 10


class NamedChoiceField(ModelChoiceField):
    """A record by its slug, or by any of its names in any language, script or common spelling.

    A name several records answer to is refused with the candidates, kept on ``candidates`` so
    that a page can offer them as links; the message names them too, for the API.
    """

    default_error_messages = {
        "unknown": "Nothing is called “%(value)s”; give a name in any spelling, or a slug.",
        "ambiguous": "“%(value)s” could be %(names)s: choose one (by its slug).",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = []

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        # Names the slug lookup's compiled SQL: the same for this field's copies (FieldCopies
        # shares the queryset), new when another queryset is given.
        self.by_slug_key = object()

    queryset = property(ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()[:SEARCH_MAX_LENGTH]
        # Looked up by a query: PostgreSQL refuses a NUL in it with an error, not a miss.
        single_line_text(text)
        queryset = self.queryset
        model = queryset.model
        # Asked on most lists: compiled once (claims.compiled); a slug is unique, so no ORDER BY.
        by_slug = compiled.first(
            self.by_slug_key,
            model,
            lambda slug: queryset.filter(slug=slug).order_by(),
            (model._meta.get_field("slug"),),
            (text,),
            queryset.db,
        )
        if by_slug is not None:
            return by_slug
        # The closest kind of match that finds anything decides: the exact name, then the same
        # name in another spelling, then names containing it.
        found = []
        for matching in (self.queryset.exactly_named, self.queryset.spelled, self.queryset.named):
            found = list(matching(text).order_by("name")[: CHOICES_OFFERED + 1])
            if found:
                break
        if len(found) == 1:
            return found[0]
        shown = printable(text)
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": shown}
            )
        self.candidates = found[:CHOICES_OFFERED]
        names = ", ".join(f"{r.name} ({r.slug})" for r in self.candidates)
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"value": shown, "names": names},
        )

    def validate(self, value):
        forms.Field.validate(self, value)


@extend_schema_field(OpenApiTypes.STR)
class NamedFilter(filters.ModelChoiceFilter):
    """A place or actor by slug or by name (see :class:`NamedChoiceField`)."""

    field_class = NamedChoiceField


class NameInput(forms.TextInput):
    """A text box that suggests names as one types: htmx fills the datalist rendered after it
    (see ``claims.views.pages.suggest``); without JavaScript it is a plain text box."""

    def __init__(self, kind: str, example: str):
        super().__init__(attrs={"placeholder": example, "autocomplete": "off"})
        self.kind = kind

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id') or name}-options"
        attrs.update(
            {
                "list": options,
                "data-hx-get": reverse("claims:suggest", args=[self.kind]),
                "data-hx-trigger": "input changed delay:250ms",
                "data-hx-target": f"#{options}",
                "data-hx-select": f"#{options}",
                "data-hx-swap": "outerHTML",
                "data-hx-push-url": "false",
            }
        )
        box = super().render(name, value, attrs, renderer)
        return box + format_html('<datalist id="{}"></datalist>', options)


def ambiguities(filterset) -> list[tuple[str, list]]:
    """The parameters whose name matched several records, with those records to choose from."""
    fields = filterset.form.fields
    return [
        (name, fields[name].candidates)
        for name in fields
        if getattr(fields[name], "candidates", None)
    ]


@extend_schema_field(OpenApiTypes.STR)
class SideFilter(filters.ModelChoiceFilter):
    """A side by slug, or ``independent`` for actors with no side."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Side.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("null_label", _("Independent"))
        kwargs.setdefault("null_value", INDEPENDENT)
        kwargs.setdefault("empty_label", _("Any side"))
        super().__init__(**kwargs)


class DateRangeForm(forms.Form):
    """Refuses a range whose start comes after its end."""

    def clean(self):
        data = super().clean()
        start, end = data.get("stated_after"), data.get("stated_before")
        if start and end and start > end:
            self.add_error("stated_before", "The end of the range is before its start.")
        return data


class QuickCleaning(forms.Form):
    """Cleans each field from the data directly, as Django does through a bound field per
    field: making those (each reading its label and help text, lazily translated) cost a
    third of a FilterSet's validation. A disabled field or a file, which read their initial
    value, are still cleaned through their bound field.

    A request names one or two of a list's filters: a parameter it leaves out is cleaned once
    per form class and that value reused (a copy of it), as cleaning "nothing" gives the same
    value every time.
    """

    def _clean_fields(self):
        absent = type(self).absent_values
        for name, field in self.fields.items():
            try:
                if field.disabled or isinstance(field, forms.FileField):
                    self.cleaned_data[name] = field._clean_bound_field(self[name])
                else:
                    key = self.add_prefix(name)
                    omitted = field.widget.value_omitted_from_data(self.data, self.files, key)
                    if omitted and name in absent:
                        self.cleaned_data[name] = copy.copy(absent[name])
                    else:
                        value = field.widget.value_from_datadict(self.data, self.files, key)
                        self.cleaned_data[name] = field.clean(value)
                        if omitted:
                            absent[name] = copy.copy(self.cleaned_data[name])
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except forms.ValidationError as error:
                self.add_error(name, error)


class FieldCopies(dict):
    """A form class's fields, each copied for a form without copying what no form changes.

    Django deep-copies every field for each form it makes, with its choices (lazy translated
    labels, copied one by one) and its queryset: a third of the time a FilterSet took to
    validate a request. What a form may change of its own fields is copied here: the field,
    its widget and the widget's attributes, its messages and validators, and a name field's
    candidates; choices and querysets are shared, as nothing changes them in place (assigning
    new ones replaces them on the copy alone).
    """

    def __deepcopy__(self, memo):
        return {name: _field_copy(field) for name, field in self.items()}


def _field_copy(field: forms.Field) -> forms.Field:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if isinstance(field, NamedChoiceField):
        copied.candidates = []
    return copied


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, made for a request in a fraction of the time.

    django-filter deep-copies every filter and builds a new form class, every field made afresh,
    for each FilterSet it makes: about 2.5 ms of the 12 ms of CPU an uncached claims API request
    took on 200,000 claims (cProfile, docs/benchmarks.md). Nothing in either depends on the
    request (no filter's queryset is a callable), so each class builds its form class once; a
    request gets shallow copies of the filters, bound to it, and a form of its own (Django copies
    the fields into each form, so a field's per-request state, such as the candidates
    :class:`NamedChoiceField` keeps, stays with that request).
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix

    @functools.cached_property
    def filters(self):
        # Bound when first used: the API's lists run SQL compiled once per shape
        # (claims.compiled), so most of their requests validate the filters and never filter.
        model = self.queryset.model
        return {name: self._bound(base, model) for name, base in self.base_filters.items()}

    def _bound(self, base, model):
        own = copy.copy(base)
        if base.method is not None:
            # A method filter calls its FilterSet's method: the copy must call this one's.
            own.method = base.method
        own.model = model
        own.parent = self
        return own

    @classmethod
    def form_class(cls):
        built = cls.__dict__.get("_form_class")
        if built is None:
            fields = {}
            for name, base in copy.deepcopy(cls.base_filters).items():
                base.model = cls._meta.model  # labels left unset are derived from the model
                fields[name] = base.field
            built = type(f"{cls.__name__}Form", (QuickCleaning, cls._meta.form), fields)
            built.base_fields = FieldCopies(built.base_fields)
            built.absent_values = {}
            cls._form_class = built
        return built

    def get_form_class(self):
        return self.form_class()


def as_of_date(value: str | None) -> date | None:
    """Parse an ``as_of`` parameter; raises ``forms.ValidationError`` with a readable message."""
    if not value:
        return None
    field = BoundedDateField()
    try:
        day = field.clean(value)
    except forms.ValidationError:
        raise forms.ValidationError(
            f"“as_of” must be a date such as 2023-01-13, between {EARLIEST:%Y} and {LATEST:%Y}."
        ) from None
    # A mistyped year (2032 for 2023) would date today's picture in the future, in a sentence
    # meant to be quoted.
    if day > timezone.localdate():
        raise forms.ValidationError("“as_of” cannot be a day after today.")
    return day
