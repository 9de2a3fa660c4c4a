"""The plain objects the stages pass along: the plan, answers and the merged result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from .findings import Finding
from .indicators import Indicator, Point, Row
from .vocabulary import Vocabulary
from .workbook.values import value_key


@dataclass(frozen=True)
class Settings:
    organisation: str
    period: str
    report_date: date
    deadline: date | None = None
    coordinator: str = ""
    coordinator_email: str = ""
    password: str = ""
    language: str = "sv"
    municipality: str = ""  # Kommunkod: the municipality's four-digit code in Kolada (2260 for Ånge)
    comparison: str = "0000"  # Jämförelse: the unit indicators are compared with (0000: the whole country)


@dataclass(frozen=True)
class KFGoal:
    id: str
    title: str


@dataclass(frozen=True)
class Goal:
    """A development goal (utvecklingsmål) under a KF goal; ``owner`` assesses it."""

    id: str
    title: str
    kf_id: str
    owner: str = ""


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    title: str
    department: str
    goal_ids: tuple[str, ...]
    planned_end: date | None = None


@dataclass(frozen=True)
class Department:
    name: str
    contact: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """An earlier round's answer, kept in the plan's history: an activity's (``kind`` "a") or a goal's ("g").

    For a goal ``status`` is its assessment and ``comment`` its analysis.
    """

    period: str
    kind: str
    id: str
    status: str = ""
    end: date | None = None
    comment: str = ""


@dataclass(frozen=True)
class Plan:
    """The coordinator's plan: one frozen object, checked once when read."""

    settings: Settings
    kf_goals: tuple[KFGoal, ...]
    goals: tuple[Goal, ...]
    activities: tuple[Activity, ...]
    departments: tuple[Department, ...]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    history: tuple[Answer, ...] = ()  # earlier rounds' answers, oldest round first (malxl next)
    indicators: tuple[Indicator, ...] = ()  # the development goals' key figures (sheet Indikatorer)
    indicator_values: tuple[Point, ...] = ()  # their values known before this round (sheet Indikatorvärden)

    # The look-ups below are indexed once per plan (cached on the frozen object): a region's
    # plan has thousands of activities and hundreds of departments, asked about per row.
    def goal(self, goal_id: str) -> Goal | None:
        return self._goals_by_id.get(goal_id)

    @property
    def goal_ids(self) -> dict[str, Goal]:
        """Every development goal by id (a look-up: ``gid in plan.goal_ids``)."""
        return self._goals_by_id

    @cached_property
    def _goals_by_id(self) -> dict[str, Goal]:
        return {g.id: g for g in self.goals}

    @cached_property
    def _index(self) -> dict[tuple[str, str], list]:
        index: dict[tuple[str, str], list] = {}
        for a in self.activities:
            index.setdefault(("activities", a.department), []).append(a)
        for g in self.goals:
            index.setdefault(("owned", g.owner), []).append(g)
            index.setdefault(("kf", g.kf_id), []).append(g)
        for d in self.departments:
            index.setdefault(("department", d.name), []).append(d)
        return index

    def activities_of(self, department: str) -> list[Activity]:
        return list(self._index.get(("activities", department), ()))

    def goals_owned_by(self, department: str) -> list[Goal]:
        return list(self._index.get(("owned", department), ()))

    def goals_of(self, kf_id: str) -> list[Goal]:
        return list(self._index.get(("kf", kf_id), ()))

    def department(self, name: str) -> Department | None:
        found = self._index.get(("department", name))
        return found[0] if found else None

    @cached_property
    def periods(self) -> tuple[str, ...]:
        """The earlier rounds' periods in the history, oldest first."""
        return tuple(dict.fromkeys(h.period for h in self.history))

    @property
    def previous_period(self) -> str:
        """The last round's period, or "" in a first round."""
        return self.periods[-1] if self.periods else ""

    @cached_property
    def _history_index(self) -> dict[tuple[str, str], list[Answer]]:
        index: dict[tuple[str, str], list[Answer]] = {}
        for h in self.history:
            index.setdefault((h.kind, h.id), []).append(h)
        return index

    def previous(self, kind: str, id_: str) -> Answer | None:
        """The last answer about an activity (``kind`` "a") or a goal ("g"): the latest round's that gave a status
        (or level), so a round the department skipped does not hide the one before; None if none ever did."""
        for h in reversed(self._history_index.get((kind, id_), ())):
            if h.status:
                return h
        return None

    def earlier(self, kind: str, id_: str) -> list[Answer]:
        """Every earlier round's answer about an activity or a goal, oldest first."""
        return list(self._history_index.get((kind, id_), ()))

    def version(self, department: str | None = None) -> str:
        """A short fingerprint of the plan (or of one department's part of it)."""
        acts = self.activities_of(department) if department else self.activities
        goals = self.goals_owned_by(department) if department else self.goals
        text = "|".join(
            [f"{a.id}\t{a.title}\t{','.join(a.goal_ids)}\t{a.planned_end}" for a in acts]
            + [f"{g.id}\t{g.title}" for g in goals]
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class ActivityRow:
    """One activity as reported (or as the coordinator edited it in the merged workbook)."""

    id: str
    title: str
    department: str
    goal_ids: tuple[str, ...]
    planned_end: date | None
    status: str = ""
    end: date | str | None = None  # the text as written when it is not a date (an invalid-date finding)
    comment: str = ""
    source: str = ""
    added: bool = False  # a row the department added, not in the plan
    # Whether a department's answer was collected for this row; what it said (status, end date as
    # text, comment) is the row's own values, unless the coordinator's edits replaced them: then it
    # is kept in ``sent``. (One tuple a row in a dict was 44 MB at 300,000 rows.)
    answered: bool = False
    sent: tuple[str, str, str] | None = None

    def collected(self) -> tuple[str, str, str]:
        """What the department sent for this row, as kept in the merged workbook's hidden sheet."""
        return self.sent or (self.status, value_key(self.end), self.comment)


@dataclass
class Assessment:
    goal_id: str
    level: str = ""
    analysis: str = ""
    source: str = ""


#: Before every time: what a file without a saved time ranks as.
EARLIEST = datetime.min.replace(tzinfo=UTC)


def instant(moment: datetime) -> datetime:
    """``moment`` in UTC, aware: the one zone malxl compares times in. A naive time is the local clock's.

    A workbook's saved time is UTC in the file, a file's modification time and
    ``datetime.now()`` are the computer's clock: compared as they come, a file
    saved 30 minutes ago in Stockholm was older than one that arrived an hour ago.
    """
    return moment.astimezone(UTC)


def on_clock(moment: datetime) -> datetime:
    """An aware time as the coordinator's clock shows it: naive local time, as a workbook holds times."""
    return moment.astimezone().replace(tzinfo=None)


@dataclass
class Submission:
    """What one department's workbook said, after validation. ``saved`` is aware (UTC): see :func:`instant`."""

    department: str
    file: str
    saved: datetime | None
    rows: list[ActivityRow] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    activity_ids_sent: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    untouched: bool = False  # every editable cell as generated: not an answer
    # The report year's values of the indicators the department reports (source: the file's name); a blank
    # Värde is no point, a Värde that is no number none either (an invalid-value finding instead).
    indicator_values: list[Point] = field(default_factory=list)


@dataclass
class Received:
    """One file seen in the inbox, and what became of it (the Inkomna sheet). Its times are aware (UTC)."""

    name: str
    department: str = ""
    period: str = ""
    saved: datetime | None = None
    sha256: str = ""
    used: bool = False
    reason: str = ""
    arrived: datetime | None = None  # its modification time in the inbox
    same_as: str = ""  # the file with the same bytes that was read instead (this one was set aside)


@dataclass
class Merged:
    """The merged state: everything the merged workbook holds."""

    plan: Plan
    rows: list[ActivityRow]
    assessments: list[Assessment]
    findings: list[Finding]
    received: list[Received]
    answered: dict[str, str]  # department -> file used
    texts: dict[str, str] = field(default_factory=dict)
    collected: dict[str, tuple[str, str]] = field(default_factory=dict)  # goal id -> level and analysis sent
    # The indicators' values, layer over layer (each Point's source says where its value came from), judged
    indicator_rows: list[Row] = field(default_factory=list)
    # (indicator id, year) -> the value collected from a department or Kolada (the Indikatorer sheet's hidden column)
    indicator_collected: dict[tuple[str, int], float] = field(default_factory=dict)
    # (indicator id, year) -> what the coordinator typed in Värde that is no number (kept, an invalid-value)
    indicator_typed: dict[tuple[str, int], str] = field(default_factory=dict)
    # (what was collected for the activities is on the rows: ActivityRow.answered and .collected())
