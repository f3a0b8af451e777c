"""Field helpers shared by the models: language codes, choice constraints, length limits, the
range of days every entry point accepts."""

from datetime import date, datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

# The days any date or time may fall on, at every entry point (desk, API, import, extraction).
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def out_of_range(moment: datetime | None) -> bool:
    return moment is not None and not EARLIEST <= moment.date() <= LATEST


def out_of_range_message() -> str:
    return _("Give a time between %(first)s and %(last)s.") % {
        "first": EARLIEST.year,
        "last": LATEST.year,
    }


# django-simple-history keeps the reason for a change in a varchar(100) column of its own.
CHANGE_REASON_MAX_LENGTH = 100

language_code = RegexValidator(
    LANGUAGE_CODE_PATTERN,
    _("Use a language code such as uk, ru or en (BCP 47)."),
    code="language_code",
)


def language_field(*, blank: bool, **kwargs) -> models.CharField:
    return models.CharField(
        max_length=20,
        blank=blank,
        validators=[language_code],
        help_text=_("BCP 47 language code: uk, ru, en …"),
        **kwargs,
    )


def choices_constraint(label: str, field: str, choices, *, blank: bool = False):
    """A check constraint that keeps ``field`` inside its vocabulary on every database."""
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": values}), name=f"{label}_{field}_valid"
    )


def language_constraint(label: str, field: str, *, blank: bool):
    condition = Q(**{f"{field}__regex": LANGUAGE_CODE_PATTERN})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=f"{label}_{field}_valid")
