"""How moments read, given how precisely they are known. Pure functions used by templates,
feeds and the "cite this" text."""

from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from claims.choices import Precision


def part_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def _around(part: str, day: str) -> str:
    # Whole phrases, not a part of day slotted into one: languages order them differently.
    return {
        "morning": _("around the morning of %(day)s"),
        "afternoon": _("around the afternoon of %(day)s"),
        "evening": _("around the evening of %(day)s"),
        "night": _("around the night of %(day)s"),
    }[part] % {"day": day}


def _day(local: datetime) -> str:
    # Django's date format letters: "j M Y" is 13 Jan 2023; Ukrainian wants the month's
    # genitive ("j E Y": 13 січня 2023).
    return dateformat.format(local, pgettext("date format", "j M Y"))


def format_moment(moment: datetime | None, precision: str = Precision.EXACT) -> str:
    """Reads as precisely as known: "13 Jan 2023, 09:00 UTC", "13 Jan 2023", "Jan 2023",
    "around the evening of 12 Jan 2023"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = _day(local)
    if precision == Precision.EXACT:
        return f"{day}, {local:%H:%M} {local.tzname()}"
    if precision == Precision.MONTH:
        return dateformat.format(local, pgettext("month format", "M Y"))
    if precision == Precision.APPROXIMATE:
        return _around(part_of_day(local.hour), day)
    return day


def short_date(moment: datetime | None) -> str:
    """ "13 Jan 2023": the compact form used in one-line pictures."""
    if moment is None:
        return ""
    return _day(timezone.localtime(moment))


def citation_text(claim, *, permalink: str, site_name: str, accessed) -> str:
    """A reference a reporter can paste into a story or a footnote."""
    from claims.languages import local_name

    side = local_name(claim.claimant.side) if claim.claimant.side_id else _("independent")
    verification = claim.current_verification
    if verification:
        status = _("%(status)s as of %(day)s") % {
            "status": verification.get_status_display().lower(),
            "day": short_date(verification.decided_at),
        }
    else:
        status = _("unreviewed")
    return _(
        "%(claimant)s (%(side)s) %(phrase)s: %(place)s. Stated %(stated)s, referring to "
        "%(effective)s. %(site)s verification status: %(status)s. %(permalink)s (accessed "
        "%(accessed)s)"
    ) % {
        "claimant": local_name(claim.claimant),
        "side": side,
        "phrase": claim.phrase,
        "place": local_name(claim.place),
        "stated": format_moment(claim.stated_at, claim.stated_precision),
        "effective": format_moment(claim.effective_at, claim.effective_precision),
        "site": site_name,
        "status": status,
        "permalink": permalink,
        "accessed": short_date(accessed),
    }
