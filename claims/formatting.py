"""How moments read, given how precisely they are known. Pure functions used by templates,
feeds and the "cite this" text."""

from datetime import datetime

from django.utils import timezone

from claims.choices import Precision


def part_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def format_moment(moment: datetime | None, precision: str = Precision.EXACT) -> str:
    """Reads as precisely as known: "13 Jan 2023, 09:00 UTC", "13 Jan 2023", "Jan 2023",
    "around the evening of 12 Jan 2023"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = f"{local.day} {local:%b %Y}"
    if precision == Precision.EXACT:
        return f"{day}, {local:%H:%M} {local.tzname()}"
    if precision == Precision.MONTH:
        return f"{local:%b %Y}"
    if precision == Precision.APPROXIMATE:
        return f"around the {part_of_day(local.hour)} of {day}"
    return day


def short_date(moment: datetime | None) -> str:
    """ "13 Jan 2023": the compact form used in one-line pictures."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y}"


def citation_text(claim, *, permalink: str, site_name: str, accessed) -> str:
    """A reference a reporter can paste into a story or a footnote."""
    side = claim.claimant.side.name if claim.claimant.side_id else "independent"
    verification = claim.current_verification
    status = verification.get_status_display().lower() if verification else "unreviewed"
    as_of = f" as of {short_date(verification.decided_at)}" if verification else ""
    return (
        f"{claim.claimant.name} ({side}) {claim.phrase}: {claim.place.name}. "
        f"Stated {format_moment(claim.stated_at, claim.stated_precision)}, referring to "
        f"{format_moment(claim.effective_at, claim.effective_precision)}. "
        f"{site_name} verification status: {status}{as_of}. "
        f"{permalink} (accessed {short_date(accessed)})"
    )
