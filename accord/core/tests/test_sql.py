"""Hand-written SQL fragments compute what Python computes, on the database the tests run on."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import NotSupportedError, connection

from accord.core.sql import add_months_sql, byte_order_sql, greatest_sql

pytestmark = pytest.mark.django_db

MONTHS = [0, 1, 2, 3, 6, 11, 12, 13, 24, 25]


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def test_adding_months_in_sql_lands_on_relativedeltas_day_for_every_day_of_three_years():
    """Month ends clamp (31 January + 1 month = 28 or 29 February), as relativedelta does."""
    days = [datetime.date(2023, 1, 1) + datetime.timedelta(days=n) for n in range(3 * 366)]
    columns = ", ".join(add_months_sql(connection.vendor, "%s", str(months)) for months in MONTHS)
    wrong = []
    with connection.cursor() as cursor:
        for day in days:
            cursor.execute(f"SELECT {columns}", [connection.ops.adapt_datefield_value(day)] * len(MONTHS))
            for months, found in zip(MONTHS, cursor.fetchone(), strict=True):
                if _date(found) != day + relativedelta(months=months):
                    wrong.append((day, months, found))
    assert wrong == []


def test_adding_months_to_nothing_is_nothing():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {add_months_sql(connection.vendor, 'CAST(NULL AS DATE)', '3')}")
        assert cursor.fetchone() == (None,)


def test_the_greatest_and_byte_order():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {greatest_sql(connection.vendor, '3', '7', '5')}")
        assert cursor.fetchone() == (7,)
        # Python's order of strings: every capital before every lower case, accented letters after Z.
        names = ["Zinc", "agro", "Éolien", "Meuble", "œnologie"]
        values = " UNION ALL ".join("SELECT %s AS name" for _ in names)
        cursor.execute(
            f"SELECT name FROM ({values}) AS names ORDER BY {byte_order_sql(connection.vendor, 'name')}",  # noqa: S608
            names,
        )
        assert [row[0] for row in cursor.fetchall()] == sorted(names)


def test_other_databases_are_refused():
    with pytest.raises(NotSupportedError):
        add_months_sql("oracle", "d", "1")
