"""JSON bodies: refused with a clear 400-style error past sixteen levels of nesting, however
deep, instead of a RecursionError."""

import io

import pytest
from rest_framework.exceptions import ParseError

from claims.api.parsers import MAX_DEPTH, TOO_DEEP, BoundedJSONParser, depth, loads


@pytest.mark.parametrize(
    ("value", "levels"),
    [
        ("text", 0),
        (7, 0),
        ([], 1),
        ({}, 1),
        ({"citations": [{"url": "https://example.org"}]}, 3),
        ([[[]], [[[]]]], 4),  # the deepest branch counts, not the first
    ],
)
def test_depth_counts_arrays_and_objects(value, levels):
    assert depth(value) == levels


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_the_limit_itself_is_accepted():
    assert depth(loads(nested(MAX_DEPTH))) == MAX_DEPTH


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 100_000])
def test_deeper_is_refused_with_the_same_message_however_deep(levels):
    with pytest.raises(ValueError, match="nesting limit"):
        loads(nested(levels))
    with pytest.raises(ParseError) as refused:
        BoundedJSONParser().parse(io.BytesIO(nested(levels).encode()))
    assert refused.value.detail == TOO_DEEP


def test_text_that_is_not_json_is_a_value_error():
    with pytest.raises(ValueError):
        loads("{not json")
