"""Fixed vocabularies. Stored values are part of the API and the CSV format: never rename one."""

from django.db import models


class PlaceKind(models.TextChoices):
    OBLAST = "oblast", "Oblast"
    RAION = "raion", "Raion"
    CITY = "city", "City"
    TOWN = "town", "Town"
    VILLAGE = "village", "Village"
    OTHER = "other", "Other"


class NameKind(models.TextChoices):
    OFFICIAL = "official", "Official"
    HISTORICAL = "historical", "Historical"
    TRANSLITERATION = "transliteration", "Transliteration"
    OCCUPATION = "occupation", "Occupation-era name"


class ActorKind(models.TextChoices):
    MINISTRY = "ministry", "Ministry"
    MILITARY_COMMAND = "military_command", "Military command"
    SPOKESPERSON = "spokesperson", "Spokesperson"
    PARAMILITARY = "paramilitary", "Paramilitary"
    HEAD_OF_STATE = "head_of_state", "Head of state"
    GOVERNMENT_OFFICIAL = "government_official", "Government official"
    FOREIGN_GOVERNMENT = "foreign_government", "Foreign government"
    THINK_TANK = "think_tank", "Think tank"
    NEWS_ORGANISATION = "news_organisation", "News organisation"
    JOURNALIST = "journalist", "Journalist"
    IMAGERY_PROVIDER = "imagery_provider", "Imagery provider"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    TELEGRAM_POST = "telegram_post", "Telegram post"
    BRIEFING = "briefing", "Briefing"
    SATELLITE_IMAGERY = "satellite_imagery", "Satellite imagery"
    VIDEO = "video", "Video"
    REPORT = "report", "Report"
    INTERVIEW = "interview", "Interview"


class Verb(models.TextChoices):
    """What a claimant asserts about the side named in the claim."""

    CAPTURED = "captured", "captured"
    LIBERATED = "liberated", "liberated"
    HOLDS = "holds", "holds"
    PARTIALLY_HOLDS = "partially_holds", "partially holds"
    WITHDREW = "withdrew", "withdrew from"
    ENCIRCLED = "encircled", "encircled"
    CONTESTED = "contested", "contested"
    DENIED = "denied", "denied"
    LEGAL_STATUS = "legal_status", "made a statement about the legal status of"


# These make sense without naming a side ("fighting goes on", "it is Ukrainian land"); a denial
# may take its side from the claim it answers. Every other verb is about one side.
VERBS_WITHOUT_SIDE = frozenset({Verb.CONTESTED, Verb.LEGAL_STATUS})


class Control(models.TextChoices):
    """A side's standing position on a place: what its own statements about control assert."""

    FULL = "full", "controls it"
    PARTIAL = "partial", "holds part of it or is still there"
    NONE = "none", "does not hold it"
    UNCLEAR = "unclear", "position unclear"


class Precision(models.TextChoices):
    EXACT = "exact", "Exact"
    DAY = "day", "Day"
    MONTH = "month", "Month"
    APPROXIMATE = "approximate", "Approximate"


class Status(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    IN_REVIEW = "in_review", "In review"
    CONFIRMED = "confirmed", "Confirmed"
    PARTIALLY_CONFIRMED = "partially_confirmed", "Partially confirmed"
    DISPUTED = "disputed", "Disputed"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    FALSE = "false", "False"
    SUPERSEDED = "superseded", "Superseded"


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
    SATELLITE_IMAGERY = "satellite_imagery", "Satellite imagery"
    GEOLOCATED_FOOTAGE = "geolocated_footage", "Geolocated footage"
    REPORTER_ON_THE_GROUND = "reporter_on_the_ground", "Reporter on the ground"
    OFFICIAL_DOCUMENT = "official_document", "Official document"
    SEVERAL_INDEPENDENT_SOURCES = "several_independent_sources", "Several independent sources"
    OPPOSING_SIDE_ADMISSION = "opposing_side_admission", "Opposing side's admission"
    OTHER = "other", "Other"
