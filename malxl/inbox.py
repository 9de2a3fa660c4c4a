"""Read an inbox: every file in it checked, read and validated, one bad file never stopping the others.

:func:`scan_inbox` lists the inbox A-Z (skipping lock files, folders, links ...), hashes and archives each
file, and hands it to a worker process (:func:`read_received`: preflight, read, validate) with bounded
memory and time; :func:`gather` then applies the merge rules (:mod:`malxl.rules`) to what was read and the
earlier merged workbook: the merged state in memory, what ``malxl collect`` writes and ``malxl status`` shows.
The inbox itself is only ever read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from python_calamine import PasswordError

from . import layout
from .archive import Archive
from .findings import Finding, finding
from .merged import read_merged, restore_deleted
from .models import Merged, Plan, Received, Submission
from .progress import Progress
from .project import MERGED_NAME
from .read import department_sheets, identity_of, read_submission
from .rules import assessment_gaps, choose, merge
from .texts import Text, Texts
from .workbook.isolate import Failure, default_workers, run_isolated, stop_idle
from .workbook.planparts import PlanParts, plan_parts
from .workbook.preflight import LIMITS, Limits, Rejected, inspect, size_text
from .workbook.xlsx import read_book

READABLE = {".xlsx", ".xlsm", ".xls", ".ods"}
SYSTEM_FILES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"}
#: The marks a copy's name gets: "Kopia av X", "Copy (2) of X" (Google Drive, old Windows), "X - Kopia",
#: "X kopia 2" (Windows, macOS), "X (1)" (a browser's second download).
COPY_MARKS = re.compile(r"^(kopia|copy)(\s*\(\d+\))?\s+(av|of)\s|(\s-)?\s(kopia|copy)(\s*\(?\d+\)?)?$|\s*\(\d+\)$",
                        re.IGNORECASE)



def gather(plan: Plan, inbox: Path, t: Texts, workers: int | None = None, archive: Archive | None = None,
           now: datetime | None = None, merged_path: Path | None = None,
           progress: Progress | None = None) -> tuple[Merged, dict[str, Submission]]:
    """Read, choose and merge the inbox in memory (nothing is written but the archive, if given).

    What ``malxl status`` shows and ``malxl collect`` writes; ``workers`` as for :func:`malxl.collect.collect`; ``now`` is the run's time (saved times
    more than a day after it are not trusted); an existing merged workbook at ``merged_path``
    supplies the coordinator's edits (:func:`malxl.rules.merge`); ``progress`` as for :func:`scan_inbox`. The
    departments' answers returned leave out a workbook sent back untouched (it is no answer). The findings
    are those collect counts, the goals nobody assessed included: ``status`` and ``collect`` count the same.
    """
    received, submissions, findings = scan_inbox(plan, inbox, t, workers=workers, archive=archive,
                                                 progress=progress)
    stop_idle()  # the reading workers' memory is not held while the answers are merged (nor after)
    chosen = choose(submissions, received, findings, t, now=now)
    previous = None
    if merged_path is not None and Path(merged_path).exists():
        _, previous = read_merged(Path(merged_path), with_plan=False)  # the plan is the one given
        # plan.xlsx may plan activities the merged workbook never had a row for: a planned row is known
        # to be deleted from it when the hidden sheet holds its answer
        restore_deleted(previous, (a for a in plan.activities if a.id in previous.collected_rows))
    merged_name = Path(merged_path).name if merged_path else MERGED_NAME
    merged = merge(plan, chosen, findings, received, t, previous, merged_name)
    del previous  # not held while the merged workbook is written
    chosen = {dept: sub for dept, sub in chosen.items() if not sub.untouched}  # an untouched one is no answer
    merged.findings.extend(assessment_gaps(merged, chosen, merged_name, t))
    return merged, chosen


def scan_inbox(plan: Plan, inbox: Path, t: Texts, workers: int | None = None, archive: Archive | None = None,
               limits: Limits = LIMITS, progress: Progress | None = None,
               ) -> tuple[list[Received], list[Submission], list[Finding]]:
    """Read every file directly in the inbox; one bad file never stops the others.

    The inbox is only read. Lock files, hidden and system files, links and
    sub-folders are skipped with a finding (a sub-folder is where a coordinator
    keeps old versions, so it is never read). Each file is hashed and archived
    (if ``archive``), then preflighted, read and validated in a worker process
    (:func:`read_received`); a worker that crashes or runs out of time or
    memory makes a finding about its file, and the others go on. Of files with
    the same bytes the plainest name is read (:func:`plainness`), the others are
    set aside (``Received.same_as``). ``progress``, if
    given, is called with ``done`` and ``total`` (the inbox's entries) as files are
    handed to the workers.
    """
    intake = _Intake(t, archive, limits)

    def tasks():
        """Each readable file's task, made (hashed, archived) only as a worker becomes free for it."""
        for done, entry in enumerate(sorted(entries, key=lambda e: plainness(readable_name(e.name), stems))):
            if progress:
                progress(done=done, total=len(entries))
            task = intake.admit(entry)  # the first of identical files is read: the plainest name
            if task is not None:
                yield task

    entries = sorted(os.scandir(inbox), key=lambda e: e.name)
    stems = {layout.same_file_key(s) for s in layout.file_names(d.name for d in plan.departments).values()}
    readable = sum(1 for e in entries if not _skip_reason(e))
    parts = plan_parts(plan) if readable else None
    try:
        outcomes = run_isolated(read_received, tasks(), context=(parts, t.lang, limits),
                                workers=default_workers(readable) if workers is None else workers,
                                timeout=limits.seconds, memory=limits.memory, receive=_PlanValues(plan))
    finally:
        if parts:
            parts.remove()
    if progress:
        progress(done=len(entries), total=len(entries))
    submissions = intake.settle(outcomes)
    at = {readable_name(e.name): i for i, e in enumerate(entries)}
    intake.received.sort(key=lambda r: at[r.name])  # Inkomna lists the inbox A-Z, as it was read or not
    return intake.received, submissions, intake.findings


def plainness(name: str, stems: Container[str]) -> tuple:
    """How plain a file name is, plainest first: which of identical files is read (and named as the answer).

    A name generate gives a department (``stems``: :func:`layout.same_file_key` of each stem) comes first,
    then a name without a copy's marks (:data:`COPY_MARKS`), then the shortest, then A-Z.
    """
    stem = Path(name).stem
    return layout.same_file_key(stem) not in stems, bool(COPY_MARKS.search(stem)), len(name), name


class _Intake:
    """What becomes of each inbox entry before a worker reads it, and what the workers made of the rest.

    An entry is skipped (a lock file, a folder...), unreadable from the disk, a
    copy of a file already received, not a workbook by its name, too large, or
    handed to a worker: every one is listed in ``received`` (Inkomna), with its
    finding if it has one.
    """

    def __init__(self, t: Texts, archive: Archive | None, limits: Limits):
        self.t, self.archive, self.limits = t, archive, limits
        self.received: list[Received] = []
        self.findings: list[Finding] = []
        self.sent: list[Received] = []  # the files that went to the workers, in order
        self._seen: dict[str, str] = {}  # SHA-256 -> the first file with those bytes

    def admit(self, entry: os.DirEntry) -> tuple | None:
        """The entry's task for a worker (hashed and archived first), or None if it is settled here."""
        name = readable_name(entry.name)
        reason = _skip_reason(entry)
        if reason:  # listed in Inkomna too: every inbox entry is accounted for there
            self.received.append(Received(name, reason=self.t("reason.skipped", reason=self.t.render(reason))))
            self.findings.append(finding("skipped-file", {"reason": reason}, file=name))
            if self.archive:
                self.archive.skip(name, self.t.render(reason))
            return None
        try:
            data, digest, size, mtime = read_limited(Path(entry.path), self.limits.file_bytes)
        except OSError as exc:
            item = Received(name)
            self.received.append(item)
            self._refuse(item, "unreadable-file", _read_reason(exc), detail=_reason(exc))
            return None
        item = Received(name, sha256=digest, arrived=datetime.fromtimestamp(mtime, UTC))
        self.received.append(item)
        source = entry.path
        if self.archive:
            stored = self.archive.store(name, data, digest, size, datetime.fromtimestamp(mtime))
            source = str(self.archive.folder / stored.path) if stored.path else source
        if digest in self._seen:
            item.same_as = self._seen[digest]
            item.reason = self.t("reason.same_bytes", other=item.same_as)
            return None
        self._seen[digest] = name
        suffix = Path(name).suffix.lower()
        if suffix not in READABLE:
            self._refuse(item, "unknown-file", Text("reason.xlsb" if suffix == ".xlsb" else "reason.not_xlsx"))
            return None
        if data is None:
            limit = self.limits.file_bytes
            self._refuse(item, "rejected-file", Text("reason.too_large", {"size": size_text(size),
                                                                                 "limit": size_text(limit)}))
            return None
        self.sent.append(item)
        return name, source, digest

    def _refuse(self, item: Received, code: str, reason: Text, detail: str = "") -> None:
        """A file not read, with its finding (whose message gives ``reason``)."""
        item.reason = self.t("reason.finding", code=code)
        self.findings.append(finding(code, {"reason": reason}, file=item.name, detail=detail))

    def settle(self, outcomes: list) -> list[Submission]:
        """Each handed-on file's outcome recorded on its entry and its findings kept; the answers read."""
        submissions = []
        for item, outcome in zip(self.sent, outcomes, strict=True):
            if isinstance(outcome, Failure):
                outcome = _failed(item.name, outcome, self.limits, self.t)
            item.department, item.period, item.saved = outcome.department, outcome.period, outcome.saved
            item.reason = outcome.reason
            self.findings.extend(outcome.findings)
            if outcome.submission:
                submissions.append(outcome.submission)
        return submissions


class _PlanValues:
    """Each answer's rows, as they arrive from a worker, made to share the plan's values.

    A row comes back from its worker with its own copy of every string and date:
    its id, department and status, and an end date that a thousand other rows
    share. Swapped for the plan's (and one date object a day) on arrival, the
    copies are let go before the next file's rows come: at 300,000 activities
    this process grew by 82 MB while the workers read, 53 MB with this.
    """

    def __init__(self, plan: Plan):
        self.plan = plan
        self.statuses = {s.name: s.name for s in plan.vocabulary.statuses}
        self.days: dict[date, date] = {}

    def __call__(self, outcome: FileResult) -> FileResult:
        sub = outcome.submission
        d = self.plan.department(sub.department) if sub else None
        if sub is None or d is None:
            return outcome
        ids = {a.id: a.id for a in self.plan.activities_of(d.name)}
        statuses, days = self.statuses, self.days
        for row in sub.rows:
            row.id = ids.get(row.id, row.id)
            if row.department == d.name:
                row.department = d.name
            row.status = statuses.get(row.status, row.status)
            if type(row.end) is date:
                row.end = days.setdefault(row.end, row.end)
        return outcome


def readable_name(name: str) -> str:
    """An inbox entry's name as malxl shows and records it: bytes that are not text shown as ``\\xe4``.

    A file saved by an old Windows or Mac program can have a name in Latin-1;
    Python gives its undecodable bytes as lone surrogates, which no workbook,
    manifest or console can hold. A name that is text is returned as it is.
    """
    if name.isprintable():
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or code < 0x20 or code == 0x7F:  # a lone surrogate (Windows), a control
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _read_reason(exc: OSError) -> Text:
    """Why a file could not be read from the disk, as a text in the user's language (the system's is English)."""
    if isinstance(exc, FileNotFoundError):
        return Text("reason.vanished")
    if isinstance(exc, PermissionError):
        return Text("reason.no_permission")
    return Text("reason.os_error")


def _skip_reason(entry: os.DirEntry) -> Text | None:
    """Why an inbox entry is not read at all (None: it is read)."""
    name = entry.name
    if entry.is_symlink():
        return Text("reason.link")
    if entry.is_dir(follow_symlinks=False):
        return Text("reason.macos_debris") if name == "__MACOSX" else Text("reason.folder")
    if name.startswith("~$"):
        return Text("reason.lock_file")
    if name.startswith(".~lock.") and name.endswith("#"):
        return Text("reason.lo_lock_file")
    if name.startswith("._"):
        return Text("reason.macos_debris")
    if name.lower() in SYSTEM_FILES:
        return Text("reason.system_file")
    if name.startswith("."):
        return Text("reason.hidden_file")
    if not entry.is_file(follow_symlinks=False):
        return Text("reason.not_regular")
    return None


def read_limited(path: Path, limit: int) -> tuple[bytes | None, str, int, float]:
    """A regular file's bytes (None if larger than ``limit``), SHA-256, size and modification time.

    Opened without following links, without blocking and, where allowed,
    without updating its access time: reading never touches the file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NOATIME", 0))
    except PermissionError:  # O_NOATIME needs ownership of the file
        fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path.name}: not a regular file")
        data: bytes | None
        data = f.read(limit + 1)
        h = hashlib.sha256(data)
        size = len(data)
        if size > limit:
            for chunk in iter(lambda: f.read(1024 * 1024), b""):
                h.update(chunk)
                size += len(chunk)
            data = None
    return data, h.hexdigest(), size, st.st_mtime


@dataclass
class FileResult:
    """What came of one received file: what it claims to be, its answer if any, and its findings."""

    department: str = ""
    period: str = ""
    saved: datetime | None = None
    reason: str = ""
    submission: Submission | None = None
    findings: list[Finding] = field(default_factory=list)


def read_received(parts: PlanParts, lang: str, limits: Limits, task: tuple) -> FileResult:
    """Preflight, read and validate one received file (in a worker process): everything that came of it.

    ``parts`` is the plan (each department's activities read when needed);
    ``task`` is the file's name in the inbox, where to read it (its archived
    copy, or the inbox) and the SHA-256 it had when it was received.
    """
    plan = parts.rest
    name, source, digest = task
    t = Texts(lang)
    result = FileResult()

    def fail(code, params=None, detail="", key=""):
        result.reason = t("reason.finding", code=code)
        result.findings.append(finding(code, params, key=key, department=result.department, file=name,
                                       detail=detail))
        return result

    try:
        data, actual, _, _ = read_limited(Path(source), limits.file_bytes)
    except OSError as exc:
        return fail("unreadable-file", {"reason": _read_reason(exc)}, _reason(exc))
    if actual != digest or data is None:
        return fail("unreadable-file", {"reason": Text("reason.changed")})
    try:
        inspection = inspect(data, limits)
    except Rejected as r:
        return fail(r.code, {"reason": r.text(name)}, r.detail)
    try:
        book = read_book(data, only=department_sheets(t), inspection=inspection)
    except Exception as exc:  # any reader failure is a finding about this file, never a crash
        # The library's words (English) are kept for --debug and the manifest; the message says it in ours.
        if isinstance(exc, PasswordError):
            return fail("protected-file", detail=_reason(exc))
        reason = Text("reason.reader", {"format": Text(f"format.{inspection.kind}")})
        return fail("unreadable-file", {"reason": reason}, _reason(exc))
    identity = identity_of(book)
    result.saved = book.modified
    if identity is not None:
        result.department, result.period = identity.department, identity.period
    if inspection.macros:
        result.findings.append(finding("macros-ignored", department=result.department,
                                       file=name))
    if identity is None:
        return fail("unknown-file", {"reason": Text("reason.no_identity")})
    s = plan.settings
    if identity.organisation != s.organisation or identity.period != s.period:
        return fail("wrong-plan", {"organisation": identity.organisation, "period": identity.period,
                                   "plan_organisation": s.organisation, "plan_period": s.period})
    if plan.department(identity.department) is None:
        return fail("wrong-plan", {"department": identity.department}, key="finding.unknown-department")
    if inspection.kind in ("xls", "ods"):
        result.findings.append(finding("other-format", {"format": Text(f"format.{inspection.kind}")},
                                       department=result.department, file=name))
    result.submission = sub = read_submission(plan, book, identity, name, t,
                                              activities=parts.activities_of(identity.department))
    for row in sub.rows:  # what the plan says of a planned row, merge() takes from the plan: not sent back
        if not row.added:
            row.title, row.goal_ids, row.planned_end = "", (), None
    return result


def _failed(name: str, failure: Failure, limits: Limits, t: Texts) -> FileResult:
    """A file whose reader crashed or ran out of time or memory."""
    if failure.kind == "crashed":
        code, reason = "unreadable-file", Text("reason.crashed")
    elif failure.kind == "timeout":
        code, reason = "rejected-file", Text("reason.timeout", {"seconds": round(limits.seconds)})
    else:
        code, reason = "rejected-file", Text("reason.memory", {"limit": limits.memory // (1024 * 1024)})
    return FileResult(reason=t("reason.finding", code=code),
                      findings=[finding(code, {"reason": reason}, file=name, detail=failure.detail or failure.kind)])


def _reason(exc: Exception) -> str:
    """A library's own words about a failure (English), for ``--debug`` and the manifest: never a message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__
