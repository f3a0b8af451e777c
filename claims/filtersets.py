"""One filter definition per resource, shared by the HTML lists, the API and the exports.

Parameter names are part of the API: the pages' query strings work unchanged against
``/api/v1/`` and ``/export/``. Every filter validates its value, so a malformed one becomes a form
error (a message on a page, a 400 in the API), never a 500 and never silently ignored.
"""

import copy
from datetime import UTC, date, timedelta

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.choices import normalize_choices
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.choices import ActorKind, Control, PlaceKind, SourceKind, Status, Verb
from claims.days import end_of_day
from claims.models import Actor, Claim, Place, PlacePosition, Side, Source, Verification
from claims.text import printable, single_line_text

# Dates outside this range are typing mistakes, and would overflow date arithmetic.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
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


class BoundedDateField(forms.DateField):
    """An ISO date (2023-01-13) only: 01/02/2023 means different days to different readers."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2023-01-13."}

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                f"Give a date between {EARLIEST:%Y} and {LATEST:%Y}.", code="out_of_range"
            )


class BoundedDateFilter(filters.DateFilter):
    field_class = BoundedDateField


class UTCDateTimeField(forms.DateTimeField):
    """An ISO 8601 date-time, normalised to UTC; offsets must be real ones (±14:00)."""

    input_formats = ["iso-8601"]

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "+") if "T" in value else value.strip()
        try:
            result = super().to_python(value)
        except (ValueError, OverflowError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:
            return None
        offset = result.utcoffset()
        if offset is not None and abs(offset) > timedelta(hours=14):
            raise forms.ValidationError("The time-zone offset is out of range.", code="invalid")
        if not EARLIEST <= result.date() <= LATEST:
            raise forms.ValidationError(
                f"Give a time between {EARLIEST:%Y} and {LATEST:%Y}.", code="out_of_range"
            )
        return result.astimezone(UTC)


class UTCDateTimeFilter(filters.Filter):
    field_class = UTCDateTimeField


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("validators", [single_line_text])
        super().__init__(**kwargs)


class SearchFilter(filters.CharFilter):
    field_class = SearchField


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

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()[:200]
        # A slug is unique: no ORDER BY to compile, as first() would add.
        by_slug = next(iter(self.queryset.filter(slug=text).order_by()[:1]), None)
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
        self.filters = {
            name: self._bound(base, queryset.model) for name, base in self.base_filters.items()
        }

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
            built = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
            cls._form_class = built
        return built

    def get_form_class(self):
        return self.form_class()


class ClaimFilterSet(FilterSet):
    place = NamedFilter(
        label=_("Place"),
        queryset=Place.objects.all(),
        widget=NameInput("place", _("Soledar, Соледар, Bachmut…")),
        help_text=_("A place's name in any language or spelling, or its slug."),
    )
    region = NamedFilter(
        label=_("Region"),
        queryset=Place.objects.all(),
        method="filter_region",
        widget=forms.TextInput(attrs={"placeholder": "Donetsk Oblast, Донецька…"}),
        help_text=_("Claims about a place or anywhere inside it (name or slug)."),
    )
    side = SideFilter(
        label=_("Side"), field_name="claimant__side", help_text=_("The claimant's side.")
    )
    claimant = NamedFilter(
        label=_("Claimant"),
        queryset=Actor.objects.all(),
        widget=NameInput("actor", _("Konashenkov, Конашенков, ISW…")),
        help_text=_("An actor's name or alias in any spelling, or its slug."),
    )
    verb = filters.MultipleChoiceFilter(
        label=_("Verb"),
        choices=Verb.choices,
        widget=RepeatableSelect(empty_label=_("Any verb")),
        help_text=_("Repeat the parameter for several verbs."),
    )
    status = filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        widget=RepeatableSelect(empty_label=_("Any status")),
        help_text=_("Current verification status; repeat for several."),
    )
    stated_after = BoundedDateFilter(
        method="filter_stated_after",
        label=_("Stated on or after"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stated_before = BoundedDateFilter(
        method="filter_stated_before",
        label=_("Stated on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = SearchFilter(
        method="filter_text",
        label=_("Text"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("words in quote or summary")}
        ),
        help_text=_("Every word must appear in the quote or summary."),
    )
    updated_since = UTCDateTimeFilter(
        label=_("Changed since"),
        field_name="updated_at",
        lookup_expr="gte",
        widget=forms.HiddenInput,
        help_text=_("ISO 8601 time; claims changed at or after it."),
    )

    class Meta:
        model = Claim
        fields = []
        form = DateRangeForm

    def filter_region(self, queryset, name, region):
        return queryset.filter(place__in=Place.objects.within(region))

    def filter_stated_after(self, queryset, name, day):
        return queryset.filter(stated_at__gte=end_of_day(day) - timedelta(days=1))

    def filter_stated_before(self, queryset, name, day):
        return queryset.filter(stated_at__lt=end_of_day(day))

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


CONTESTED_CHOICES = [("true", _("Contested now")), ("false", _("Not contested"))]


class PlaceFilterSet(FilterSet):
    q = SearchFilter(
        method="filter_name",
        label=_("Name"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Bakhmut, Бахмут, Артёмовск…"}
        ),
        help_text=_("Part of any name, in any language; case and accents ignored."),
    )
    region = SlugFilter(
        label=_("Region"),
        queryset=Place.objects.filter(kind__in=[PlaceKind.OBLAST, PlaceKind.RAION]),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Any region"),
    )
    kind = filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=PlaceKind.choices,
        widget=RepeatableSelect(empty_label=_("Any kind")),
    )
    claimed_by = SlugFilter(
        queryset=Side.objects.all(),
        to_field_name="slug",
        method="filter_claimed_by",
        empty_label=_("Any side"),
        label=_("Claimed by"),
        help_text=_("Places this side's standing position says it controls, fully or partly."),
    )
    contested = filters.ChoiceFilter(
        label=_("Contested"),
        choices=CONTESTED_CHOICES,
        method="filter_contested",
        empty_label=_("Contested or not"),
        help_text=_("Places where two sides' standing positions cannot both be true."),
    )
    status = filters.MultipleChoiceFilter(
        field_name="state__verdict",
        choices=Status.choices,
        widget=RepeatableSelect(empty_label=_("Any verdict")),
        label=_("Verdict"),
        help_text=_("The verification status the place's picture leads with."),
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", widget=forms.HiddenInput
    )

    class Meta:
        model = Place
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.named(value)

    def filter_region(self, queryset, name, region):
        return queryset.within(region, include_region=False)

    def filter_claimed_by(self, queryset, name, side):
        positions = PlacePosition.objects.filter(
            place=OuterRef("pk"), side=side, control__in=[Control.FULL, Control.PARTIAL]
        )
        return queryset.filter(Exists(positions))

    def filter_contested(self, queryset, name, value):
        if value == "true":
            return queryset.filter(state__contested=True)
        return queryset.filter(Q(state__isnull=True) | Q(state__contested=False))


class ActorFilterSet(FilterSet):
    q = SearchFilter(
        method="filter_name", label=_("Name"), widget=forms.TextInput(attrs={"type": "search"})
    )
    side = SideFilter(label=_("Side"), field_name="side")
    kind = filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=ActorKind.choices,
        widget=RepeatableSelect(empty_label=_("Any kind")),
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", widget=forms.HiddenInput
    )

    class Meta:
        model = Actor
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.named(value)


class SourceFilterSet(FilterSet):
    q = SearchFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    publisher = SlugFilter(queryset=Actor.objects.all())
    kind = filters.MultipleChoiceFilter(choices=SourceKind.choices)
    url = filters.CharFilter(field_name="url", max_length=1000)
    updated_since = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Source
        fields = []


class VerificationFilterSet(FilterSet):
    claim = filters.NumberFilter(field_name="claim_id", min_value=1, max_value=2**62)
    place = SlugFilter(field_name="claim__place", queryset=Place.objects.all())
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    recorded_since = UTCDateTimeFilter(field_name="recorded_at", lookup_expr="gte")

    class Meta:
        model = Verification
        fields = []


def as_of_date(value: str | None) -> date | None:
    """Parse an ``as_of`` parameter; raises ``forms.ValidationError`` with a readable message."""
    if not value:
        return None
    field = BoundedDateField()
    try:
        return field.clean(value)
    except forms.ValidationError:
        raise forms.ValidationError(
            "“as_of” must be a date such as 2023-01-13, between 1900 and 2199."
        ) from None
