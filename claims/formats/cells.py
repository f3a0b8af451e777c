"""How one value is written in a CSV cell, in Python and the same in SQL for COPY.

Each Python function here has its SQL twin next to it, so that the two writers of a file (Python
on any database, COPY on PostgreSQL) cannot be changed apart.
"""

from datetime import UTC

from claims.choices import Control

# Spreadsheets run a cell starting with one of these as a formula; an apostrophe stops that.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def from_spreadsheet(value: str) -> str:
    """Undo :func:`spreadsheet_safe` (the importer reads what the exporter wrote)."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_time(value) -> str:
    """ISO 8601 in UTC to the microsecond: every time in the file has the same form."""
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else ""


def lines(values) -> str:
    """Several values in one cell, a line each (a claim's sources, a place's names)."""
    return "\n".join(values)


# --- The same in SQL ------------------------------------------------------------------------


def literal(text: str) -> str:
    """A string constant, with "%" doubled: the statement also carries the filters' parameters."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def safe_sql(expression: str) -> str:
    """:func:`spreadsheet_safe` in SQL."""
    starts = literal("".join(FORMULA_STARTS))
    return (
        f"(CASE WHEN {expression} <> '' AND strpos({starts}, left({expression}, 1)) > 0"
        f" THEN '''' || {expression} ELSE {expression} END)"
    )


def csv_time_sql(column: str) -> str:
    """:func:`csv_time` in SQL; empty for none."""
    pattern = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'
    return f"coalesce(to_char({column} AT TIME ZONE 'UTC', '{pattern}'), '')"


def api_time_sql(column: str) -> str:
    """A timestamp as orjson writes it with OPT_UTC_Z: microseconds only when there are some."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN mod(date_part('microseconds', {utc})::int, 1000000) = 0 THEN ''"
        f" ELSE to_char({utc}, '.US') END || 'Z')"
    )


def describe_sql(control: str, side_name: str) -> str:
    """:func:`claims.control.describe` in SQL, from the same labels."""
    labels = " ".join(
        f"WHEN {literal(value)} THEN {side_name} || {literal(' ' + label)}"
        for value, label in Control.choices
    )
    none = "'no claim about control'"
    return (
        f"(CASE WHEN {side_name} IS NULL THEN {none}"
        f" ELSE CASE {control} {labels} ELSE {none} END END)"
    )
