"""Proficiency levels: ours are 1..5; other scales are mapped onto them explicitly.

Our scale: 1 Awareness, 2 Foundation, 3 Practitioner, 4 Advanced, 5 Expert.

SFIA's seven levels of responsibility map as follows, never upwards, so a
target or grant imported from SFIA never asks for (or gives) more than the SFIA
level says:

| SFIA | name                          | ours |
|------|-------------------------------|------|
| 1    | Follow                        | 1 Awareness |
| 2    | Assist                        | 2 Foundation |
| 3    | Apply                         | 3 Practitioner |
| 4    | Enable                        | 4 Advanced |
| 5    | Ensure, advise                | 4 Advanced (SFIA 5 adds accountability, not deeper skill) |
| 6    | Initiate, influence           | 5 Expert |
| 7    | Set strategy, inspire         | 5 Expert |
"""

from __future__ import annotations

from .values import ValueProblem, normal_word

SFIA_TO_PROFICIENCY = {1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 5, 7: 5}

SCALES = {
    "": "upskill",
    "upskill": "upskill",
    "proficiency": "upskill",
    "15": "upskill",
    "sfia": "sfia",
    "sfia17": "sfia",
}


def parse_scale(text: str | None) -> str:
    """`upskill` (1-5, the default) or `sfia` (1-7)."""
    word = normal_word(text or "")
    if word not in SCALES:
        raise ValueProblem(f"{text!r} is not a known scale; use upskill (1-5) or sfia (1-7)")
    return SCALES[word]


def to_proficiency(level: int, scale: str = "upskill") -> int:
    """A level on `scale` as our 1..5 level, or ValueProblem when out of that scale's range."""
    if scale == "sfia":
        if level not in SFIA_TO_PROFICIENCY:
            raise ValueProblem(f"SFIA level {level} is outside 1..7")
        return SFIA_TO_PROFICIENCY[level]
    if not 1 <= level <= 5:
        raise ValueProblem(f"level {level} is outside 1..5 (or set the scale to sfia for 1..7)")
    return level
