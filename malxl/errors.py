"""What stops a run. Bad data in a returned workbook is a Finding, never one of these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class MalxlError(Exception):
    """Base of every error that stops a malxl command."""

    exit_code = 2


@dataclass(frozen=True)
class PlanProblem:
    """One mistake in the plan: its sheet and cell ("" for a whole sheet or column) and the message naming them."""

    sheet: str
    cell: str
    message: str


class PlanError(MalxlError):
    """The plan workbook is missing, unreadable or inconsistent; ``problems`` holds each mistake found."""

    def __init__(self, message: str, problems: Sequence[PlanProblem] = ()):
        super().__init__(message)
        self.problems = tuple(problems) or (PlanProblem("", "", message),)


class OutputError(MalxlError):
    """An output file or folder cannot be written."""


class InputError(MalxlError):
    """An input folder or workbook given on the command line cannot be used."""
