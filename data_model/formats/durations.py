"""ISO 8601 durations as xAPI writes them (`PT1H30M`, `PT45.5S`), read into seconds.

Only durations with a fixed length make sense as learning time: years and
months are refused (how long is a month?), as are negative durations and
anything over 24 hours, which is no single learning session.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .values import ValueProblem

MAX_SECONDS = 24 * 3600

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"(-)?P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
    rf"(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?"
)
_SECONDS_PER = (None, None, 7 * 86400, 86400, 3600, 60, 1)  # Y, M, W, D, H, M, S


def duration_seconds(text: str) -> Decimal:
    """Seconds in an ISO 8601 duration, or ValueProblem for anything we cannot count."""
    raw = text.strip()
    match = _DURATION.fullmatch(raw)
    parts = match.groups()[1:] if match else ()
    if match is None or not any(parts) or raw.endswith("T"):
        raise ValueProblem(f"{raw!r} is not an ISO 8601 duration (like PT1H30M)")
    if match.group(1):
        raise ValueProblem(f"{raw!r} is negative; a duration cannot be")
    values = [Decimal(p.replace(",", ".")) if p else Decimal(0) for p in parts]
    if values[0] or values[1]:
        raise ValueProblem(
            f"{raw!r} has years or months, which have no fixed length; use days, hours, minutes"
        )
    seconds = sum((v * s for v, s in zip(values[2:], _SECONDS_PER[2:], strict=True)), Decimal(0))
    if seconds > MAX_SECONDS:
        raise ValueProblem(f"{raw!r} is over 24 hours; no single learning session is that long")
    return seconds


def whole_minutes(seconds: Decimal) -> int:
    """Seconds as whole minutes, half a minute rounding up: 29 s is 0, 30 s is 1, 90 s is 2."""
    return int((seconds / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
