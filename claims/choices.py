"""Fixed vocabularies. Stored values are part of the API and the CSV format: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    OBLAST = "oblast", _("Oblast")
    RAION = "raion", _("Raion")
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    HISTORICAL = "historical", _("Historical")
    TRANSLITERATION = "transliteration", _("Transliteration")
    OCCUPATION = "occupation", _("Occupation-era name")


class ActorKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    MILITARY_COMMAND = "military_command", _("Military command")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    PARAMILITARY = "paramilitary", _("Paramilitary")
    HEAD_OF_STATE = "head_of_state", _("Head of state")
    GOVERNMENT_OFFICIAL = "government_official", _("Government official")
    FOREIGN_GOVERNMENT = "foreign_government", _("Foreign government")
    THINK_TANK = "think_tank", _("Think tank")
    NEWS_ORGANISATION = "news_organisation", _("News organisation")
    JOURNALIST = "journalist", _("Journalist")
    IMAGERY_PROVIDER = "imagery_provider", _("Imagery provider")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    OFFICIAL_STATEMENT = "official_statement", _("Official statement")
    TELEGRAM_POST = "telegram_post", _("Telegram post")
    BRIEFING = "briefing", _("Briefing")
    SATELLITE_IMAGERY = "satellite_imagery", _("Satellite imagery")
    VIDEO = "video", _("Video")
    REPORT = "report", _("Report")
    INTERVIEW = "interview", _("Interview")


class Verb(models.TextChoices):
    """What a claimant asserts about the side named in the claim."""

    CAPTURED = "captured", _("captured")
    LIBERATED = "liberated", _("liberated")
    HOLDS = "holds", _("holds")
    PARTIALLY_HOLDS = "partially_holds", _("partially holds")
    WITHDREW = "withdrew", _("withdrew from")
    ENCIRCLED = "encircled", _("encircled")
    CONTESTED = "contested", _("contested")
    DENIED = "denied", _("denied")
    LEGAL_STATUS = "legal_status", _("made a statement about the legal status of")


# These make sense without naming a side ("fighting goes on", "it is Ukrainian land"); a denial
# may take its side from the claim it answers. Every other verb is about one side.
VERBS_WITHOUT_SIDE = frozenset({Verb.CONTESTED, Verb.LEGAL_STATUS})
# Every verb's stored value: Django rebuilds ``Verb.values`` on each access, and an import
# asks for it twice per row.
VERBS = frozenset(Verb.values)


class Control(models.TextChoices):
    """A side's standing position on a place: what its own statements about control assert."""

    FULL = "full", _("controls it")
    PARTIAL = "partial", _("holds part of it or is still there")
    NONE = "none", _("does not hold it")
    UNCLEAR = "unclear", _("position unclear")


class Precision(models.TextChoices):
    EXACT = "exact", _("Exact")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    APPROXIMATE = "approximate", _("Approximate")


class Status(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Unreviewed")
    IN_REVIEW = "in_review", _("In review")
    CONFIRMED = "confirmed", _("Confirmed")
    PARTIALLY_CONFIRMED = "partially_confirmed", _("Partially confirmed")
    DISPUTED = "disputed", _("Disputed")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    FALSE = "false", _("False")
    SUPERSEDED = "superseded", _("Superseded")


# Every status's stored value (see VERBS).
STATUSES = frozenset(Status.values)
# Bookkeeping, not judgements: they never outrank a verdict, whatever their dates.
BOOKKEEPING_STATUSES = frozenset({Status.UNREVIEWED, Status.IN_REVIEW})
# Statuses only a verification lead may record.
LEAD_STATUSES = frozenset({Status.CONFIRMED, Status.FALSE, Status.SUPERSEDED})
# Statuses that need evidence from someone other than the claimant's own side.
STATUSES_NEEDING_INDEPENDENT_EVIDENCE = frozenset({Status.CONFIRMED, Status.PARTIALLY_CONFIRMED})
# Claims in these statuses wait in the review queue.
QUEUE_STATUSES = frozenset({Status.UNREVIEWED, Status.IN_REVIEW})
# A verifier who says one of the first while another says one of the second disagrees with it.
SUPPORTING_STATUSES = frozenset({Status.CONFIRMED, Status.PARTIALLY_CONFIRMED})
REFUTING_STATUSES = frozenset({Status.FALSE, Status.DISPUTED})
# Which verdict a position (or a place) shows when its claims stand differently, strongest first.
VERDICT_PRIORITY = (
    Status.CONFIRMED,
    Status.PARTIALLY_CONFIRMED,
    Status.FALSE,
    Status.DISPUTED,
    Status.UNCONFIRMED,
    Status.IN_REVIEW,
    Status.UNREVIEWED,
    Status.SUPERSEDED,
)


class EvidenceKind(models.TextChoices):
    SATELLITE_IMAGERY = "satellite_imagery", _("Satellite imagery")
    GEOLOCATED_FOOTAGE = "geolocated_footage", _("Geolocated footage")
    REPORTER_ON_THE_GROUND = "reporter_on_the_ground", _("Reporter on the ground")
    OFFICIAL_DOCUMENT = "official_document", _("Official document")
    SEVERAL_INDEPENDENT_SOURCES = "several_independent_sources", _("Several independent sources")
    OPPOSING_SIDE_ADMISSION = "opposing_side_admission", _("Opposing side's admission")
    OTHER = "other", _("Other")
