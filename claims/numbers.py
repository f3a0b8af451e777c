"""Whole numbers read from text a client sent: ASCII digits only.

``str.isdigit()`` is true for "²" and ``int()`` accepts "٣", " 7 " and "1_000"; a parameter or a
cell that passes such a check and then fails ``int()`` is a 500, one that ``int()`` accepts
silently means something the client did not write. One rule for every entry point instead.
"""

import re

# 18 digits always fit a signed 64-bit column.
MAX_DIGITS = 18
_WHOLE = re.compile(f"[0-9]{{1,{MAX_DIGITS}}}")


def whole_number(raw: str) -> int | None:
    """``raw`` as a non-negative int if it is 1 to 18 ASCII digits and nothing else, else None."""
    return int(raw) if _WHOLE.fullmatch(raw) else None
