"""Statuses and assessment levels: the words departments and goal owners choose from.

The validator, the department workbook's dropdowns and its instructions all
read the same :class:`Vocabulary`, so they can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def normalise(text: object) -> str:
    """The matching key of a typed word: NFC, trimmed, inner spaces collapsed, case folded."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return _SPACES.sub(" ", value).strip().casefold()


@dataclass(frozen=True)
class Status:
    name: str
    needs_comment: bool = False
    finished: bool = False
    colour: str = "FFFFFF"


@dataclass(frozen=True)
class Level:
    name: str
    counts_as_met: bool = False
    colour: str = "FFFFFF"


# Colours chosen from the Okabe-Ito palette family so the four levels stay
# distinguishable with the common forms of colour blindness; every symbol is
# also shown with its word.
GREEN, YELLOW, ORANGE, RED = "009E73", "F0E442", "E69F00", "D55E00"

DEFAULT_STATUSES = (
    Status("Avslutad enligt plan", finished=True, colour="C6EFCE"),
    Status("Pågående enligt plan", colour="DDEBF7"),
    Status("Pågående med avvikelse", needs_comment=True, colour="FFEB9C"),
    Status("Försenad", needs_comment=True, colour="F8CBAD"),
    Status("Vänteläge", needs_comment=True, colour="E7E6E6"),
)

DEFAULT_LEVELS = (
    Level("Uppfyllt", counts_as_met=True, colour=GREEN),
    Level("Delvis uppfyllt", counts_as_met=True, colour=YELLOW),
    Level("Knappt uppfyllt", colour=ORANGE),
    Level("Ej uppfyllt", colour=RED),
)


@dataclass(frozen=True)
class Vocabulary:
    statuses: tuple[Status, ...] = DEFAULT_STATUSES
    levels: tuple[Level, ...] = DEFAULT_LEVELS

    def status(self, typed: object) -> Status | None:
        """The status a department meant by ``typed``, or None."""
        key = normalise(typed)
        return next((s for s in self.statuses if normalise(s.name) == key), None)

    def level(self, typed: object) -> Level | None:
        """The assessment level meant by ``typed``, or None."""
        key = normalise(typed)
        return next((lv for lv in self.levels if normalise(lv.name) == key), None)

    @property
    def comment_statuses(self) -> tuple[Status, ...]:
        return tuple(s for s in self.statuses if s.needs_comment)

    @property
    def met_levels(self) -> tuple[Level, ...]:
        return tuple(lv for lv in self.levels if lv.counts_as_met)

    @property
    def unmet_levels(self) -> tuple[Level, ...]:
        return tuple(lv for lv in self.levels if not lv.counts_as_met)
