"""One FilterSet per resource: claims, places, actors, sources, verifications."""

from datetime import timedelta

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from claims.choices import ActorKind, Control, PlaceKind, SourceKind, Status, Verb
from claims.days import end_of_day
from claims.filtersets.base import (
    BoundedDateFilter,
    DateRangeForm,
    FilterSet,
    NamedFilter,
    NameInput,
    RepeatableSelect,
    SearchFilter,
    SideFilter,
    SlugFilter,
    UTCDateTimeFilter,
    WholeNumberFilter,
)
from claims.inputs import length
from claims.models import Actor, Claim, Place, PlacePosition, Side, Source, Verification


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
    url = filters.CharFilter(field_name="url", max_length=length(Source, "url"))
    updated_since = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Source
        fields = []


class VerificationFilterSet(FilterSet):
    claim = WholeNumberFilter(field_name="claim_id", min_value=1, max_value=2**62)
    place = NamedFilter(
        field_name="claim__place",
        queryset=Place.objects.all(),
        help_text=_("A place's name in any language or spelling, or its slug."),
    )
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    recorded_since = UTCDateTimeFilter(field_name="recorded_at", lookup_expr="gte")

    class Meta:
        model = Verification
        fields = []
