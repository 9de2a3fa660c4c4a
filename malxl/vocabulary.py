"""Statuses and assessment levels: the words departments and goal owners choose from.

The validator, the department workbook's dropdowns and its instructions all
read the same :class:`Vocabulary`, so they can never disagree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

_INVISIBLE = ("\u200b", "\ufeff")  # zero-width spaces: not whitespace to str.split, but spaces to a reader
_SHORT = 48  # words this short (statuses, levels, headers, ids) are looked up often: their keys are kept
_KEYS: dict[str, str] = {}


def normalise(text: object) -> str:
    """The matching key of a typed word: NFC, trimmed, inner spaces collapsed, case folded."""
    if text is None:
        return ""
    value = text if type(text) is str else str(text)
    key = _KEYS.get(value)
    if key is not None:
        return key
    key = unicodedata.normalize("NFC", value)
    if "\u200b" in key or "\ufeff" in key:
        key = key.replace("\u200b", " ").replace("\ufeff", " ")
    # str.split() splits at runs of whitespace (non-breaking and figure spaces too) and drops both ends:
    # the same as a regular expression over them, at a fifth of the cost.
    key = " ".join(key.split()).casefold()
    if len(value) <= _SHORT:
        if len(_KEYS) >= 65536:
            _KEYS.clear()  # bounded: a run sees a few thousand distinct short words
        _KEYS[value] = key
    return key


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
        return self._statuses.get(normalise(typed))

    def level(self, typed: object) -> Level | None:
        """The assessment level meant by ``typed``, or None."""
        return self._levels.get(normalise(typed))

    # Asked once per row of every workbook: the names' keys are made once (the first of equal keys wins).
    @cached_property
    def _statuses(self) -> dict[str, Status]:
        index: dict[str, Status] = {}
        for s in self.statuses:
            index.setdefault(normalise(s.name), s)
        return index

    @cached_property
    def _levels(self) -> dict[str, Level]:
        index: dict[str, Level] = {}
        for lv in self.levels:
            index.setdefault(normalise(lv.name), lv)
        return index

    @property
    def comment_statuses(self) -> tuple[Status, ...]:
        return tuple(s for s in self.statuses if s.needs_comment)

    @property
    def met_levels(self) -> tuple[Level, ...]:
        return tuple(lv for lv in self.levels if lv.counts_as_met)

    @property
    def unmet_levels(self) -> tuple[Level, ...]:
        return tuple(lv for lv in self.levels if not lv.counts_as_met)
