"""Single values read the same way everywhere; an ambiguous one is an error, never a guess."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from data_model.formats.values import (
    ValueProblem,
    minutes_from_hours,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_timestamp,
)


def problem(call, *args, **kwargs) -> str:
    with pytest.raises(ValueProblem) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_iso_dates_are_always_read():
    assert parse_date("2026-12-25") == date(2026, 12, 25)
    assert parse_date("2026-12-25", "dmy") == date(2026, 12, 25)
    assert parse_date("2026/12/25") == date(2026, 12, 25)  # year first cannot be read two ways


def test_slash_dates_need_a_declared_format():
    assert parse_date("03/04/2026", "dmy") == date(2026, 4, 3)
    assert parse_date("03/04/2026", "mdy") == date(2026, 3, 4)
    assert parse_date("25.12.2026", "dmy") == date(2026, 12, 25)


def test_an_ambiguous_date_without_a_format_is_an_error():
    message = problem(parse_date, "03/04/2026")
    assert message == (
        "'03/04/2026' is ambiguous (day/month or month/day?); "
        "pass --date-format dmy or mdy, or write YYYY-MM-DD"
    )


def test_an_unambiguous_slash_date_is_still_an_error_but_says_which_format_it_is():
    assert "can only be day/month/year" in problem(parse_date, "25/12/2026")
    assert "pass --date-format dmy" in problem(parse_date, "25/12/2026")
    assert "can only be month/day/year" in problem(parse_date, "12/25/2026")
    assert "pass --date-format mdy" in problem(parse_date, "12/25/2026")


def test_a_date_against_the_declared_format_suggests_the_other():
    message = problem(parse_date, "12/25/2026", "dmy")
    assert message == (
        "'12/25/2026' is not a day/month/year date (month 25); is the file month/day/year? "
        "then pass --date-format mdy"
    )


@pytest.mark.parametrize("text", ["2026-02-30", "31/04/2026", "tomorrow", "2026-1-5", "05/01/26", ""])
def test_non_dates_are_refused(text):
    with pytest.raises(ValueProblem):
        parse_date(text, "dmy")


def test_two_digit_years_only_where_a_format_documents_them():
    assert parse_date("01/15/26", "mdy", two_digit_years=True) == date(2026, 1, 15)
    assert "not a date" in problem(parse_date, "01/15/26", "mdy")


@pytest.mark.parametrize(
    ("text", "value"), [("1.5", "1.5"), ("90", "90"), (" 2 ", "2"), ("1,5", "1.5"), ("-0.25", "-0.25")]
)
def test_numbers(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,500", "1e3", "NaN", "inf", "1.5.2", "1 000", "ten", "£5"])
def test_bad_numbers_say_so(text):
    message = problem(parse_decimal, text)
    assert "is not a number" in message or "is ambiguous" in message


def test_whole_numbers_accept_a_spreadsheet_point_zero():
    assert parse_int("90.0") == 90
    assert problem(parse_int, "1.5") == "'1.5' is not a whole number"


def test_hours_become_whole_minutes_half_up():
    assert minutes_from_hours(Decimal("1.5")) == 90
    assert minutes_from_hours(Decimal("0.01")) == 1  # 0.6 minutes
    assert minutes_from_hours(Decimal("0.005")) == 0  # 0.3 minutes: the caller's range check refuses it


def test_emails_are_lower_cased_and_checked():
    assert parse_email(" Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"
    for bad in (
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "a b@example.com",
        "ada@@example.com",
        "a..b@x.com",
    ):
        with pytest.raises(ValueProblem):
            parse_email(bad)


def test_timestamps_need_a_zone_and_come_back_in_utc():
    assert parse_timestamp("2026-01-11T23:30:00-02:00") == datetime(2026, 1, 12, 1, 30, tzinfo=UTC)
    assert parse_timestamp("2016-12-31T23:59:59Z") == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert parse_timestamp("2026-01-05T10:00:00.123456789+0100").hour == 9
    assert "has no time zone" in problem(parse_timestamp, "2026-01-05T10:00:00")
    assert parse_timestamp("2026-01-05T10:00:00", naive_is_utc=True).tzinfo is UTC


@pytest.mark.parametrize("text", ["9" * 5000, "1" + "0" * 40, "-" + "7" * 4301])
def test_a_number_too_long_to_be_an_amount_is_a_clear_error_not_a_crash(text):
    from data_model.formats.values import parse_decimal, parse_int

    for parse in (parse_int, parse_decimal):
        with pytest.raises(ValueProblem, match="too long to be an amount"):
            parse(text)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "31/12/9999"])
def test_placeholder_and_impossible_years_are_refused(text):
    with pytest.raises(ValueProblem, match="outside the years 1900-2199"):
        parse_date(text, "dmy")


def test_the_years_at_the_edges_are_read():
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2199-12-31") == date(2199, 12, 31)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "http://",
        "https:// example.com",
        "www.example.com",
        "https://example.com/" + "a" * 500,
    ],
)
def test_only_web_links_are_links(link):
    from data_model.formats.values import is_web_link, parse_web_link

    with pytest.raises(ValueProblem):
        parse_web_link(link)
    assert not is_web_link(link)


def test_web_links_are_kept_as_written():
    from data_model.formats.values import parse_web_link

    assert parse_web_link(" https://learn.example.com/k8s?x=1 ") == "https://learn.example.com/k8s?x=1"
    assert parse_web_link("HTTP://Example.com") == "HTTP://Example.com"
