"""Keyset pages: every row once, in order, however rows tie or are added between requests;
cursors this server did not make are refused with a message, never a 500."""

import base64
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim
from claims.pagination import MAX_TOKEN_LENGTH, Cursor, KeysetPaginator
from tests.factories import BASE_TIME, ActorFactory, ClaimFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    place, claimant = PlaceFactory(), ActorFactory()
    # Pairs stated at the same moment: the id breaks the tie.
    return [
        ClaimFactory(place=place, claimant=claimant, stated_at=BASE_TIME + timedelta(hours=i // 2))
        for i in range(7)
    ]


def newest_first(page_size=3):
    return KeysetPaginator("stated_at", descending=True, page_size=page_size)


def walk(paginator, token=None, backwards=False):
    pages = []
    while True:
        page = paginator.paginate(Claim.objects.all(), token)
        pages.append([c.pk for c in page.items])
        token = page.previous_cursor if backwards else page.next_cursor
        if token is None:
            return pages


def test_walking_forwards_gives_every_row_once_in_order_across_ties(claims):
    pages = walk(newest_first())
    expected = [c.pk for c in sorted(claims, key=lambda c: (c.stated_at, c.pk), reverse=True)]
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [3, 3, 1]


def test_walking_back_from_the_last_page_gives_the_same_pages(claims):
    paginator = newest_first()
    forwards = walk(paginator)
    last = paginator.paginate(Claim.objects.all(), None)
    while last.next_cursor:
        last = paginator.paginate(Claim.objects.all(), last.next_cursor)
    backwards = walk(paginator, last.previous_cursor, backwards=True)
    assert [*reversed(backwards), [c.pk for c in last.items]] == forwards


def test_a_row_added_behind_the_reader_is_neither_repeated_nor_skipped(claims):
    paginator = newest_first()
    first = paginator.paginate(Claim.objects.all(), None)
    ClaimFactory(stated_at=BASE_TIME + timedelta(days=1))  # newer: lands before page one
    rest = walk(paginator, first.next_cursor)
    seen = [c.pk for c in first.items] + [pk for page in rest for pk in page]
    assert sorted(seen) == sorted(c.pk for c in claims)


def test_the_last_page_still_says_where_to_resume(claims):
    paginator = newest_first(page_size=10)
    page = paginator.paginate(Claim.objects.all(), None)
    assert not page.has_more and page.next_cursor is None
    newer = ClaimFactory(stated_at=BASE_TIME - timedelta(days=1))  # older than all: after them
    later = paginator.paginate(Claim.objects.all(), page.resume_cursor)
    assert [c.pk for c in later.items] == [newer.pk]


def token(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "bad",
    [
        "not base64 !",
        token("[1, 2, 3]"),
        token(json.dumps(["2023-01-01T00:00:00", 1, 0, "-stated_at"])),  # no time zone
        token(json.dumps(["2023-01-01T00:00:00+00:00", 2**63, 0, "-stated_at"])),
        token(json.dumps([[[["2023-01-01T00:00:00+00:00"]]], 1, 0, "-stated_at"])),
        "A" * (MAX_TOKEN_LENGTH + 1),
    ],
)
def test_a_cursor_this_server_did_not_make_is_refused(bad):
    with pytest.raises(ValidationError, match="not one this server gave out"):
        Cursor.decode(bad, "-stated_at")


def test_a_cursor_cannot_be_replayed_against_another_ordering(claims):
    page = newest_first(page_size=2).paginate(Claim.objects.all(), None)
    oldest_first = KeysetPaginator("stated_at", descending=False, page_size=2)
    with pytest.raises(ValidationError, match="made for ordering “-stated_at”"):
        oldest_first.paginate(Claim.objects.all(), page.next_cursor)


def test_values_rows_page_like_instances(claims):
    paginator = newest_first()
    rows = Claim.objects.values("id", "stated_at")
    first = paginator.paginate(rows, None)
    assert first.next_cursor == paginator.paginate(Claim.objects.all(), None).next_cursor
