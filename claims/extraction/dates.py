"""Dates as news copy gives them, resolved against the publication date.

Copy dates statements by weekday ("said on Saturday", "late Tuesday") or by calendar date
("on Jan. 6"), nearly always in the week before publication; relative phrases ("hours later",
"the next day") follow the date of the statement before. A small table does this more
predictably than a general date parser, and never reads "may" or "march" as months unless a
day number goes with them.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_PART = r"(?:(?:early|late|earlier|later)\s+(?:on\s+)?)?"
_PATTERNS = [
    ("weekday", rf"\b{_PART}(?:on\s+)?(?:the\s+night\s+of\s+)?(?P<weekday>{'|'.join(WEEKDAYS)})"
     r"(?:\s+(?:morning|afternoon|evening|night))?\b"),
    ("calendar", rf"\b{_PART}(?:on\s+)?(?:the\s+night\s+of\s+)?{_MONTH}\s+{_DAY}\b"),
    ("calendar", rf"\b{_PART}(?:on\s+)?(?:the\s+night\s+of\s+)?{_DAY}\s+{_MONTH}\b"),
    ("yesterday", r"\b(?:yesterday|last\s+night)\b"),
    ("today", r"\b(?:today|this\s+morning|this\s+evening|tonight)\b"),
    ("overnight", r"\bovernight\b"),
    ("same_day", r"\b(?:hours\s+later|later\s+(?:that|the\s+same)\s+day|the\s+same\s+day|"
     r"shortly\s+afterwards?|hours\s+(?:before|earlier))\b"),
    ("next_day", r"\b(?:a\s+day\s+later|the\s+(?:next|following)\s+day)\b"),
    ("day_before", r"\b(?:a\s+day\s+(?:earlier|before)|the\s+day\s+before|the\s+previous\s+day)\b"),
    ("days_before", r"\b(?P<count>two|three|four|five|six)\s+days\s+(?:earlier|before)\b"),
]  # fmt: skip
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "2,439 fighters had surrendered since Monday", "by May 9": the bound of a span of time,
# neither the day of a statement nor the moment it is about.
_BOUND_BEFORE = re.compile(r"\b(?:since|until|till|by|from)\s+$", re.IGNORECASE)
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    value: date | None  # None for relative phrases until an anchor is known
    shift: int = 0  # days from the anchor, for relative phrases


def _weekday_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _calendar(published: date, month: int, day: int) -> date | None:
    for year in (published.year, published.year - 1):
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        if value <= published:
            return value
    return None


def find_dates(text: str, published: date) -> list[DateMention]:
    """Every date phrase in ``text`` (one sentence), left to right, without overlaps."""
    found: list[DateMention] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if _BOUND_BEFORE.search(text[: m.start()]):
                continue
            value = None
            if kind == "weekday":
                value = _weekday_before(published, WEEKDAYS.index(m["weekday"].lower()))
            elif kind == "calendar":
                value = _calendar(published, MONTHS[m["month"].lower()], int(m["day"]))
                if value is None:
                    continue
            elif kind == "yesterday":
                value = published - timedelta(days=1)
            elif kind in ("today", "overnight"):
                # A report published in the morning calls the night just past "overnight".
                value = published
            shift = {"same_day": 0, "next_day": 1, "day_before": -1}.get(kind, 0)
            if kind == "days_before":
                # "Two days earlier, Gerasimov had reported …": counted from the statement before.
                shift = -_COUNTS[m["count"].lower()]
            found.append(DateMention(m.start(), m.end(), m.group(), kind, value, shift))
    return sorted(found, key=lambda d: d.start)


def resolve(mention: DateMention, anchor: date | None) -> date | None:
    """A relative mention's date, given the date of the statement before it."""
    if mention.value is not None:
        return mention.value
    if anchor is None:
        return None
    return anchor + timedelta(days=mention.shift)
