"""Reading single values (dates, numbers, emails, words) the same way in every format.

Each function takes the text of one cell and returns a value or raises
`ValueProblem` with a message a person can act on. Callers attach the file, row
and column. Nothing here guesses: an ambiguous date is an error, never a coin flip.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlsplit

DATE_FORMATS = ("dmy", "mdy")


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is shown to the person as is."""


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_FIRST_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")


def check_date_format(date_format: str | None) -> None:
    """Refuse an unknown date_format early: it is a caller's mistake, not the file's."""
    if date_format is not None and date_format not in DATE_FORMATS:
        raise ValueError(f"date_format must be one of {DATE_FORMATS} or None, not {date_format!r}")


# Dates people and systems mean: a hire date of 0001-01-01 or 9999-12-31 is a placeholder or a
# typo, and figures built on it (a survival curve of 24,000 months) are nonsense.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def _in_range(day: date, text: str) -> date:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueProblem(
            f"{text!r} is outside the years {EARLIEST_DATE.year}-{LATEST_DATE.year}; check the year "
            "(a placeholder such as 0001-01-01 or 9999-12-31 means no date: leave the cell empty)"
        )
    return day


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueProblem(f"{text!r} is not a real date") from None
    return _in_range(parsed, text)


def parse_date(text: str, date_format: str | None = None, *, two_digit_years: bool = False) -> date:
    """A calendar date: ISO `YYYY-MM-DD` always; `DD/MM/YYYY` or `MM/DD/YYYY` only when declared.

    Without a declared format a day/month date is refused even when only one
    reading is possible (25/12/2026), because a file rarely mixes conventions
    and the next row may be 03/04/2026. `YYYY/MM/DD` is read as it cannot be
    taken two ways. Two-digit years (Credly's `mm/dd/yy`) mean 2000-2099 and are
    accepted only where a format documents them.
    """
    text = text.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        try:
            parsed = date.fromisoformat(text)  # the common case, without a regex
        except ValueError:
            raise ValueProblem(f"{text!r} is not a real date") from None
        return _in_range(parsed, text)
    if m := _ISO_DATE.fullmatch(text):
        return _real_date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _YEAR_FIRST_SLASH.fullmatch(text):
        return _real_date(int(m[1]), int(m[2]), int(m[3]), text)
    m = _DAY_MONTH.fullmatch(text)
    if m is None or (len(m[3]) == 2 and not two_digit_years):
        raise ValueProblem(f"{text!r} is not a date; write dates as YYYY-MM-DD")
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    if len(m[3]) == 2:
        year += 2000
    if date_format is None:
        if first > 12 and second <= 12:
            raise ValueProblem(
                f"{text!r} can only be day/month/year, but dates with slashes are read only when the "
                "date format is declared: pass --date-format dmy (or write YYYY-MM-DD)"
            )
        if second > 12 and first <= 12:
            raise ValueProblem(
                f"{text!r} can only be month/day/year, but dates with slashes are read only when the "
                "date format is declared: pass --date-format mdy (or write YYYY-MM-DD)"
            )
        if first <= 12 and second <= 12:
            raise ValueProblem(
                f"{text!r} is ambiguous (day/month or month/day?); pass --date-format dmy or mdy, "
                "or write YYYY-MM-DD"
            )
        raise ValueProblem(f"{text!r} is not a date; write dates as YYYY-MM-DD")
    day, month = (first, second) if date_format == "dmy" else (second, first)
    if not 1 <= month <= 12:
        other = "mdy" if date_format == "dmy" else "dmy"
        raise ValueProblem(
            f"{text!r} is not a {_FORMAT_WORDS[date_format]} date (month {month}); "
            f"is the file {_FORMAT_WORDS[other]}? then pass --date-format {other}"
        )
    return _real_date(year, month, day, text)


_FORMAT_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year"}

_DOT_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?|[+-]?\.\d+")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")


MAX_NUMBER_LENGTH = 40  # characters: more than any real amount, far less than a hostile one


def parse_decimal(text: str) -> Decimal:
    """A plain decimal number: `1.5`, or `1,5` from a semicolon-separated export.

    `1,500` is refused: it could be one and a half or fifteen hundred. So are
    exponents, thousands separators, `NaN` and `inf`, which `Decimal` would take,
    and numbers longer than 40 characters (a 5,000-digit number is nobody's minutes).
    """
    raw = text.strip()
    if len(raw) > MAX_NUMBER_LENGTH:
        raise ValueProblem(f"a number of {len(raw):,} characters is too long to be an amount")
    if _DOT_DECIMAL.fullmatch(raw):
        return Decimal(raw)
    if _COMMA_DECIMAL.fullmatch(raw):
        if len(raw.split(",")[1]) == 3:
            raise ValueProblem(f"{raw!r} is ambiguous (a decimal comma or thousands?); write it with a dot")
        return Decimal(raw.replace(",", "."))
    raise ValueProblem(f"{raw!r} is not a number")


def parse_int(text: str) -> int:
    """A whole number; `90.0` (as spreadsheets write it) is accepted, `1.5` is not."""
    if len(text.strip()) > MAX_NUMBER_LENGTH:
        raise ValueProblem(f"a number of {len(text.strip()):,} characters is too long to be an amount")
    if text.isascii() and text.isdigit():
        return int(text)
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueProblem(f"{text.strip()!r} is not a whole number")
    return int(value)


def minutes_from_hours(hours: Decimal) -> int:
    """Hours as whole minutes, half a minute rounding up (1.5 h = 90, 0.01 h = 1)."""
    try:
        return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        raise ValueProblem(f"{hours} hours is not a usable number") from None


MAX_LINK_LENGTH = 500


def parse_web_link(text: str) -> str:
    """A web address people can open safely: `http://` or `https://` with a host, nothing else.

    `javascript:`, `data:` and `file:` links would run or open something on the reader's
    machine when clicked in a table, so they are refused wherever a link is stored.
    """
    link = text.strip()
    if len(link) > MAX_LINK_LENGTH:
        raise ValueProblem(f"the link is longer than {MAX_LINK_LENGTH} characters")
    parts = urlsplit(link) if not any(c.isspace() for c in link) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        shown = link if len(link) <= 60 else link[:57] + "..."
        raise ValueProblem(f"{shown!r} is not a web link; only http:// and https:// links are accepted")
    return link


def is_web_link(text: object) -> bool:
    """True for a link `parse_web_link` accepts (for showing stored links only when safe)."""
    try:
        return isinstance(text, str) and bool(parse_web_link(text))
    except ValueProblem:
        return False


_EMAIL = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+")


def parse_email(text: str) -> str:
    """An email address, stored lower-case as the database requires."""
    raw = text.strip()
    if not _EMAIL.fullmatch(raw) or ".." in raw or len(raw) > 254:
        raise ValueProblem(f"{raw!r} is not an email address")
    return raw.lower()


_TRUE = {"true", "yes", "y", "1", "required", "active"}
_FALSE = {"false", "no", "n", "0", "optional", "inactive"}


def parse_bool(text: str) -> bool:
    """yes/no, true/false, 1/0 (and required/optional, active/inactive)."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueProblem(f"{text.strip()!r} is not yes or no")


def normal_word(text: str) -> str:
    """A vocabulary word compared ignoring case, spaces, `_` and `-`: 'In progress' = 'in_progress'."""
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def parse_word(text: str, vocabulary: dict[str, str], what: str) -> str:
    """Map a word onto our vocabulary through a synonym table keyed by `normal_word`."""
    word = normal_word(text)
    if word in vocabulary:
        return vocabulary[word]
    accepted = ", ".join(sorted(set(vocabulary.values())))
    raise ValueProblem(f"{text.strip()!r} is not a known {what}; use one of: {accepted}")


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}:?\d{2})?"
)


def parse_timestamp(text: str, *, naive_is_utc: bool = False) -> datetime:
    """An ISO 8601 timestamp with a time zone, returned in UTC.

    Badges must carry a zone (the spec says so); xAPI statements without one are
    read as UTC when `naive_is_utc` is set. A date alone means midnight UTC.
    """
    raw = text.strip()
    if _ISO_DATE.fullmatch(raw):
        return datetime.combine(parse_date(raw), datetime.min.time(), tzinfo=UTC)
    m = _TIMESTAMP.fullmatch(raw)
    if m is None:
        raise ValueProblem(f"{raw!r} is not an ISO 8601 timestamp (like 2026-01-31T09:30:00Z)")
    zone = m[8]
    if zone is None and not naive_is_utc:
        raise ValueProblem(f"{raw!r} has no time zone; add Z or an offset like +01:00")
    fraction = (m[7] or "")[:6].ljust(6, "0")
    cleaned = f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6] or '00'}.{fraction}"
    if zone in (None, "Z", "z"):
        cleaned += "+00:00"
    else:
        cleaned += zone if ":" in zone else zone[:3] + ":" + zone[3:]
    try:
        return datetime.fromisoformat(cleaned).astimezone(UTC)
    except ValueError:
        raise ValueProblem(f"{raw!r} is not a real date and time") from None
