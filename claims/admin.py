"""The admin: a back office for the catalogue (sides, places, actors, sources).

Claims and verifications are read-only here: they are written through the editor desk, whose
services keep versions, verification history and each place's picture consistent. Catalogue
edits made here still go through :func:`claims.services.catalogue_save`.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.models import (
    Actor,
    ActorName,
    Citation,
    Claim,
    Place,
    PlaceName,
    Side,
    Source,
    Verification,
    VerificationEvidence,
)


class ServiceSaveMixin:
    """Route admin writes through the service layer."""

    def save_model(self, request, obj, form, change):
        services.catalogue_save(instance=obj, user=request.user)

    def delete_model(self, request, obj):
        services.catalogue_delete(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.catalogue_delete(instance=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.catalogue_save(instance=obj, user=request.user)
        for obj in formset.deleted_objects:
            services.catalogue_delete(instance=obj, user=request.user)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Side)
class SideAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "colour", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1


@admin.register(Place)
class PlaceAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "latitude", "longitude"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [PlaceNameInline]


class ActorNameInline(admin.TabularInline):
    model = ActorName
    extra = 1


@admin.register(Actor)
class ActorAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "side", "parent"]
    list_filter = ["kind", "side"]
    search_fields = ["name", "slug", "description", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ActorNameInline]


@admin.register(Source)
class SourceAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "publisher", "published_at", "url"]
    list_filter = ["kind", "language", ("publisher", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "url"]
    autocomplete_fields = ["publisher"]
    date_hierarchy = "published_at"
    # A URL typed without a scheme is taken as https (Django 6's default, chosen explicitly).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class CitationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Citation
    fields = ["source", "excerpt", "locator", "position"]
    readonly_fields = fields
    extra = 0


class VerificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Verification
    fields = ["decided_at", "status", "rationale", "evidence_kind", "recorded_by", "recorded_at"]
    readonly_fields = fields
    ordering = ["decided_at", "id"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "place", "claimant", "verb", "side", "stated_at", "status"]
    list_filter = ["status", "verb", "side", "claimant__side", "stated_precision"]
    list_select_related = ["place", "claimant", "claimant__side", "side"]
    search_fields = ["summary", "quote", "place__name", "claimant__name"]
    date_hierarchy = "stated_at"
    inlines = [CitationInline, VerificationInline]


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = VerificationEvidence
    fields = ["source"]
    readonly_fields = fields
    extra = 0


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "status", "evidence_kind", "recorded_by", "decided_at"]
    list_filter = ["status", "evidence_kind"]
    list_select_related = ["claim", "claim__claimant", "claim__place", "claim__side", "recorded_by"]
    search_fields = ["rationale", "claim__summary"]
    date_hierarchy = "decided_at"
    inlines = [EvidenceInline]


@admin.register(PlaceName)
class PlaceNameAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "language", "kind", "place"]
    list_filter = ["language", "kind"]
    list_select_related = ["place"]
    search_fields = ["name", "folded", "place__name"]
    autocomplete_fields = ["place"]


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["claim", "source", "locator"]
    list_select_related = ["claim", "claim__claimant", "claim__place", "claim__side", "source"]
    list_filter = ["source__kind"]
    search_fields = ["excerpt", "source__title", "source__url"]


class TokenRevokingPasswordForm(AdminPasswordChangeForm):
    """An administrator's new password for someone revokes their tokens, as their own does."""

    def save(self, commit=True):
        usable = self.cleaned_data["set_usable_password"]
        services.account_password_set(
            user=self.user, password=self.cleaned_data["password1"] if usable else None
        )
        return self.user


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    change_password_form = TokenRevokingPasswordForm
