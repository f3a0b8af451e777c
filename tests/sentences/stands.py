"""What the wording tables of every language build their pictures from."""

from datetime import date

from claims.sentences import Stand

D13, D14 = date(2023, 1, 13), date(2023, 1, 14)


def stand(side, control, stated, findings=(), contradicting=None):
    return Stand(side, control, stated, contradicting, list(findings), admitted=False)


def latest_day(stands) -> date | None:
    """The last day anything in ``stands`` was said or decided: the picture's date."""
    return max(
        [s.stated.day for s in stands]
        + [f.day for s in stands for f in s.findings]
        + [s.contradicting.day for s in stands if s.contradicting],
        default=None,
    )
