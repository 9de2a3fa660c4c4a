"""What stops a run. Bad data in a returned workbook is a Finding, never one of these."""


class MalxlError(Exception):
    """Base of every error that stops a malxl command."""

    exit_code = 2


class PlanError(MalxlError):
    """The plan workbook is missing, unreadable or inconsistent."""


class OutputError(MalxlError):
    """An output file or folder cannot be written."""


class InputError(MalxlError):
    """An input folder or workbook given on the command line cannot be used."""
