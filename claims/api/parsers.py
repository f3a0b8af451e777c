"""Request bodies: JSON with a bound on how deeply it nests.

Python's JSON decoder recurses once per level and raises RecursionError (not a ValueError DRF
turns into a 400) at about a thousand; and no write here needs more than a few levels.
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest body the API takes is three levels (a webhook's filter lists; a claim's citations).
MAX_DEPTH = 16
TOO_DEEP = f"JSON parse error - nested deeper than {MAX_DEPTH} levels (the nesting limit)."


def depth(value) -> int:
    """How many arrays and objects deep ``value`` nests, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in item)
    return deepest


def loads(raw: bytes | str):
    """``raw`` decoded as JSON; ValueError if it is not JSON or nests too deeply."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
    if depth(value) > MAX_DEPTH:
        raise ValueError(TOO_DEEP)
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if depth(value) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return value
