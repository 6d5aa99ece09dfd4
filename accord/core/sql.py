"""Fragments of hand-written SQL that both supported databases (SQLite and PostgreSQL) compute alike.

A few reads are written in SQL when the ORM cannot say them cheaply (governance's oversight of
every committee at once). What the two databases spell differently is spelled here once: month
arithmetic with the rule Python's `dateutil.relativedelta` follows, so that a rule checked in SQL
over thousands of rows and the same rule checked in Python over one record agree to the day; the
larger of several values; and byte order, the order in which Python compares strings.
"""

from __future__ import annotations

from django.db import NotSupportedError


def _supported(vendor: str) -> None:
    if vendor not in {"sqlite", "postgresql"}:
        raise NotSupportedError(f"This SQL is written for SQLite and PostgreSQL, not {vendor}.")


def add_months_sql(vendor: str, date: str, months: str) -> str:
    """`date` plus `months` whole months (both SQL expressions), as relativedelta counts them.

    The day of the month is kept, or becomes the last day of the month reached when that month is
    shorter (31 January plus one month is 28 or 29 February). NULL if either is NULL. Each operand
    is computed once, so a costly one (a subquery) costs once.
    """
    _supported(vendor)
    if vendor == "postgresql":
        # PostgreSQL keeps the day or takes the month's last, as relativedelta does; a date plus an
        # interval is a timestamp, hence the cast back to a date.
        return f"(({date}) + make_interval(months => ({months})::integer))::date"
    # SQLite carries a day the month reached does not have into the next month (31 January plus one
    # month is 2 or 3 March): the earlier of that and the last day of the month aimed at is
    # relativedelta's answer. The operands are named once, in a subquery.
    return (
        "(SELECT MIN(date(start_day, '+' || added || ' months'),"  # noqa: S608
        " date(start_day, 'start of month', '+' || (added + 1) || ' months', '-1 day'))"
        f" FROM (SELECT {date} AS start_day, {months} AS added))"
    )


def greatest_sql(vendor: str, *values: str) -> str:
    """The largest of these values. The caller makes sure none is NULL: PostgreSQL's GREATEST skips a
    NULL where SQLite's MAX returns it."""
    _supported(vendor)
    return f"{'GREATEST' if vendor == 'postgresql' else 'MAX'}({', '.join(values)})"


def byte_order_sql(vendor: str, text: str) -> str:
    """`text` compared byte by byte (code point by code point in UTF-8), as Python compares strings."""
    _supported(vendor)
    return f'{text} COLLATE "{"C" if vendor == "postgresql" else "BINARY"}"'
