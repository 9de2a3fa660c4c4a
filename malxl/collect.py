"""Collect the returned workbooks in an inbox, validate them and write the merged workbook.

``collect()`` reads every file in the inbox (never modifying it), picks each
department's latest answer, merges the answers with the plan, carries over
what the coordinator entered in an earlier merged workbook and writes
``sammanstallning.xlsx``.

Every received file is archived by content hash (``arkiv/``), preflighted
(``preflight.py``) and read in a worker process with bounded memory and time
(``isolate.py``), so no file can take the run down.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import cast

from . import layout
from .archive import ARCHIVE_NAME, MANIFEST, Archive
from .errors import InputError
from .findings import Finding, Severity, count, finding
from .merged import ASSESSMENT_COLS, EDITABLE, Previous, read_merged, restore_deleted, write_merged
from .models import EARLIEST, ActivityRow, Answer, Assessment, Merged, Plan, Received, Submission, instant, on_clock
from .plan import read_plan
from .progress import Progress
from .read import department_sheets, identity_of, read_submission, saved_key
from .texts import Text, Texts, texts
from .validate import Where, check_activity, check_assessment
from .workbook.isolate import Failure, default_workers, run_isolated, stop_idle
from .workbook.outputs import CollectLock, check_outputs, make_folder
from .workbook.planparts import PlanParts, plan_parts
from .workbook.preflight import LIMITS, Limits, Rejected, inspect, require_safe_xml, size_text
from .workbook.values import value_key
from .workbook.xlsx import atomic_path, read_book

MERGED_NAME = "sammanstallning.xlsx"
ROW_CODES = {"missing-comment", "invalid-status", "missing-status", "invalid-date", "overdue", "changed-date"}
ASSESSMENT_CODES = {"missing-assessment", "invalid-assessment"}
READABLE = {".xlsx", ".xlsm", ".xls", ".ods"}
SYSTEM_FILES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"}
FUTURE_MARGIN = timedelta(days=1)  # a saved time later than the run by more than this is not trusted
#: The marks a copy's name gets: "Kopia av X", "Copy (2) of X" (Google Drive, old Windows), "X - Kopia",
#: "X kopia 2" (Windows, macOS), "X (1)" (a browser's second download).
COPY_MARKS = re.compile(r"^(kopia|copy)(\s*\(\d+\))?\s+(av|of)\s|(\s-)?\s(kopia|copy)(\s*\(?\d+\)?)?$|\s*\(\d+\)$",
                        re.IGNORECASE)


@dataclass
class CollectResult:
    merged: Merged
    path: Path
    backup: Path | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.findings, Severity.ERROR)

    @property
    def ok(self) -> bool:
        return self.errors == 0


def default_paths(inbox: Path, plan: Path | None, out: Path | None) -> tuple[Path, Path]:
    inbox = Path(inbox)
    return (Path(plan) if plan else inbox.parent / "plan.xlsx",
            Path(out) if out else inbox.parent / MERGED_NAME)


def out_of_date_notice(merged: Path, inbox: Path | None, t: Texts) -> str:
    """What status and report say when the merged workbook's Översikt and Brister no longer count as they do
    (:func:`malxl.findings.out_of_date`): the collect that brings them up to date, of ``inbox`` if it is known."""
    if inbox is None:
        command = t("cli.stale_collect", inbox=t("cli.arg.inbox"))
    elif default_paths(inbox, None, None)[1].resolve() == Path(merged).resolve():
        command = t("cli.stale_collect", inbox=_at_prompt(inbox))
    else:
        command = t("cli.stale_collect_out", inbox=_at_prompt(inbox), out=_at_prompt(merged))
    return t("cli.stale", overview=t("sheet.overview"), findings=t("sheet.findings"), merged=Path(merged).name,
             command=command)


def _at_prompt(path: Path) -> str:
    """A path as it is typed at a prompt here: from the current folder if it is inside it, quoted if it has a space."""
    try:
        text = str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        text = str(path)
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def collect(inbox: Path, plan_path: Path | None = None, out: Path | None = None,
            now: datetime | None = None, workers: int | None = None, progress: Progress | None = None,
            ) -> CollectResult:
    """Collect ``inbox`` against the plan and write the merged workbook; return what happened.

    ``plan_path`` defaults to ``plan.xlsx`` beside the inbox, ``out`` to
    ``sammanstallning.xlsx`` beside it. An existing merged workbook at ``out``
    supplies the coordinator's earlier edits and is kept as a dated backup.
    Every received file is archived in ``arkiv/`` beside ``out``. ``workers``
    is the number of reading processes (default: one per core; 0 reads in this
    process, without isolation). Nothing is written if ``out`` is open in Excel
    or LibreOffice; while it runs, ``malxl-collect.lock`` keeps a second collect of the
    collect in the folder of ``out`` from writing
    (:class:`~malxl.outputs.CollectLock`). ``progress`` is called with ``done`` and
    ``total`` as the inbox's files are read (:mod:`malxl.progress`).
    """
    inbox = Path(inbox)
    plan_path, out = default_paths(inbox, plan_path, out)
    t = texts()
    require_safe_xml()
    if not inbox.is_dir():
        raise InputError(t("error.no_inbox", path=inbox))
    if _inside(out.parent, inbox):
        raise InputError(t("error.out_in_inbox", path=out, inbox=inbox))
    check_outputs([out, out.parent / ARCHIVE_NAME / MANIFEST])  # none open in Excel, the folder writable
    make_folder(out.parent)
    with CollectLock(out):  # a second collect of the same merged workbook waits, or stops with exit 2
        return _collect(inbox, plan_path, out, now, workers, progress)


def _collect(inbox: Path, plan_path: Path, out: Path, now: datetime | None, workers: int | None,
             progress: Progress | None = None) -> CollectResult:
    t = texts()
    plan = read_plan(plan_path)
    t = texts(plan.settings.language)
    archive = Archive(out.parent / ARCHIVE_NAME).open()
    merged, chosen = gather(plan, inbox, t, workers=workers, archive=archive, now=now, merged_path=out,
                            progress=progress)
    backup = None
    if out.exists():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        backup = out.with_name(f"{out.stem}.{stamp}{out.suffix}")
        with atomic_path(backup) as tmp:  # never a half-written backup either
            shutil.copy2(out, tmp)
    write_merged(merged, out, now=now)
    archive.write_manifest(now or datetime.now(), merged.received, merged.findings, plan_path, out, inbox)
    return CollectResult(merged, out, backup, merged.findings)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def gather(plan: Plan, inbox: Path, t: Texts, workers: int | None = None, archive: Archive | None = None,
           now: datetime | None = None, merged_path: Path | None = None,
           progress: Progress | None = None) -> tuple[Merged, dict[str, Submission]]:
    """Read, choose and merge the inbox in memory (nothing is written but the archive, if given).

    What ``malxl status`` shows; ``workers`` as for :func:`collect`; ``now`` is the run's time (saved times
    more than a day after it are not trusted); an existing merged workbook at ``merged_path``
    supplies the coordinator's edits (:func:`merge`); ``progress`` as for :func:`scan_inbox`. The
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
        restore_deleted(previous, (a for a in plan.activities if ("a", a.id) in previous.collected))
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
        if type(exc).__name__ == "PasswordError":
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


def choose(submissions: list[Submission], received: list[Received], findings: list[Finding],
           t: Texts, now: datetime | None = None) -> dict[str, Submission]:
    """Each department's answer: the workbook with the latest saved time recorded inside it.

    A workbook sent back untouched counts only if the department sent nothing else. A saved
    time more than a day after ``now`` (default: the clock; a naive time is the local clock's)
    cannot be trusted: that file is ranked by the time it arrived in the inbox instead
    (``future-saved-time``). Every time is compared in UTC (:func:`~malxl.models.instant`).
    Ties go by content (SHA-256), never by file name or reading order.
    """
    limit = instant(now or datetime.now(UTC)) + FUTURE_MARGIN
    items = {r.name: r for r in received}
    by_dept: dict[str, list[Submission]] = {}
    rank: dict[str, datetime] = {}
    for sub in submissions:
        by_dept.setdefault(sub.department, []).append(sub)
        rank[sub.file] = saved_key(sub)
        if sub.saved and sub.saved > limit:
            item = items[sub.file]
            rank[sub.file] = item.arrived or EARLIEST
            findings.append(finding("future-saved-time", {
                "saved": _shown(sub.saved), "arrived": _shown(item.arrived) if item.arrived else "-"},
                department=sub.department, file=sub.file))
    chosen = {}

    def key(s: Submission):
        return (not s.untouched, rank[s.file], items[s.file].sha256)

    for dept, subs in by_dept.items():
        subs.sort(key=key, reverse=True)
        best = subs[0]
        chosen[dept] = best
        if best.untouched:
            items[best.file].reason = t("reason.finding", code="empty-submission")
        else:
            items[best.file].used = True
        others = subs[1:]
        if not others:
            continue
        ties = [s for s in others if key(s)[:2] == key(best)[:2]]
        saved = _shown(best.saved) if best.saved else "-"
        if ties:
            findings.append(finding("duplicate-submission", {"department": dept, "saved": saved,
                                    "files": ", ".join(s.file for s in [best, *ties])}, key="finding.duplicate-tie",
                                    severity=Severity.ERROR, department=dept, file=best.file))
        else:
            findings.append(finding("duplicate-submission", {"department": dept, "used": best.file, "saved": saved,
                                    "others": ", ".join(s.file for s in others)}, department=dept, file=best.file))
        for s in others:
            items[s.file].reason = t("reason.duplicate", used=best.file)
    return chosen


def _shown(moment: datetime) -> str:
    """A time as a finding shows it: the coordinator's clock, to the minute."""
    return on_clock(moment).isoformat(" ", "minutes")


def merge(plan: Plan, chosen: dict[str, Submission], findings: list[Finding], received: list[Received],
          t: Texts, previous: Previous | None = None, merged_name: str = MERGED_NAME) -> Merged:
    """The merged state from the plan, each department's answer and (if given) the previous merged workbook.

    Pure: no file is read or written, and the result depends on nothing but the
    arguments' contents (not on the order of ``chosen`` nor on file names).
    Rows are keyed by (department, activity id): a planned activity takes only
    its own department's answer, and only if its workbook was sent with it. Any
    other row a department sent is kept as that department's added row; if its
    id is taken (a planned activity, another department's added row, a row the
    coordinator added by hand), it gets a new id and a ``foreign-id`` finding.
    Every planned activity comes first, in plan order, then the added rows by
    department in plan order, each department's in its sheet's order. A
    workbook sent back untouched is no answer (``empty-submission``).
    ``previous`` carries over the coordinator's edits (:func:`carry_over`).
    """
    answered: dict[str, str] = {}
    all_findings = list(findings)
    # department -> activity id -> its answer (no (department, id) key a row: 37 MB at 300,000 rows)
    answers: dict[str, dict[str, ActivityRow]] = {}
    extra: list[tuple[Submission, ActivityRow]] = []
    departments = [d.name for d in plan.departments]
    departments += sorted(set(chosen) - set(departments))  # (a department not in the plan: never, but kept)
    for dept in departments:
        sub = chosen.get(dept)
        if sub is None:
            d = plan.department(dept)
            contact = (d.contact or d.email or dept) if d else dept
            all_findings.append(finding("missing-submission", {"department": dept, "contact": contact},
                                        department=dept))
            continue
        if sub.untouched:
            all_findings.append(finding("empty-submission", {"department": dept, "file": sub.file},
                                        department=dept, file=sub.file))
            continue
        answered[dept] = sub.file
        sent = set(sub.activity_ids_sent)
        own = {a.id for a in plan.activities_of(dept)}
        mine = answers[dept] = {}
        for row in sub.rows:
            if not row.added and row.id in own and (not sent or row.id in sent):
                mine[row.id] = row
            else:
                extra.append((sub, row))
        all_findings.extend(sub.findings)
    # A planned row takes the plan's id, title, goals and planned end (workers do not even send the last
    # three); its status already shares the vocabulary's string (collect._PlanValues, as the rows arrive).
    rows: list[ActivityRow] = []
    unanswered: dict[str, ActivityRow] = {}
    for a in plan.activities:
        found = answers.get(a.department, unanswered).get(a.id)
        if found is None:
            row = ActivityRow(a.id, a.title, a.department, a.goal_ids, a.planned_end)
        else:
            row = found
            row.id, row.title, row.department, row.goal_ids, row.planned_end = (
                a.id, a.title, a.department, a.goal_ids, a.planned_end)
            row.answered = True
        rows.append(row)
    if extra:
        planned = {a.id: a for a in plan.activities}
        rows.extend(_added_rows(extra, planned, partial(plan.earlier, "a"), previous, all_findings, t))
    assessments = []
    collected: dict[str, tuple[str, str]] = {}
    for dept in departments:
        sub = chosen.get(dept)
        if sub is None or sub.untouched:
            continue
        for given in sub.assessments:
            assessments.append(given)
            collected[given.goal_id] = (given.level, given.analysis)
    merged = Merged(plan, rows, assessments, all_findings, received, answered, {}, collected)
    if previous is not None:
        carry_over(merged, previous, merged_name, t)
    return merged


def _added_rows(extra: list[tuple[Submission, ActivityRow]], planned: dict, earlier: Callable[[str], list[Answer]],
                previous: Previous | None, findings: list[Finding], t: Texts) -> list[ActivityRow]:
    """The rows departments added, each under an id no other row has (``foreign-id`` when it had to change).

    First every row whose id is free keeps it (in order: departments in plan order, rows in sheet
    order), then the others get new ids: an id a department chose is never taken by a rename. An id an
    earlier round had (``earlier``: the history's answers about an activity id) is never free: a row under it
    would inherit another activity's history.
    """
    owner: dict[str, str] = {aid: a.department for aid, a in planned.items()}
    if previous is not None:  # rows of the previous merged workbook keep their ids (and their department)
        for aid in previous.order:
            owner.setdefault(aid, previous.rows[aid]["department"])
    placed: set[str] = set()  # ids given to added rows so far

    def free(aid: str, dept: str) -> bool:
        """Unused (in this round and every earlier one), or this department's own added row of the previous run,
        not yet placed."""
        held = owner.get(aid)
        return aid not in placed and (held is None or (held == dept and aid not in planned)) and not earlier(aid)

    ids: list[str | None] = []
    for sub, row in extra:
        if free(row.id, sub.department):
            placed.add(row.id)
            owner[row.id] = sub.department
            ids.append(row.id)
        else:
            ids.append(None)
    renamed: dict[tuple[str, str], str] = {}  # (file, id) -> the row's new id
    moved = []
    for i, (sub, row) in enumerate(extra):
        if ids[i] is not None:
            continue
        dept = sub.department
        new = base = t("foreign_activity_id", id=row.id, department=dept)
        n = 1
        while not free(new, dept):
            n += 1
            new = f"{base} {n}"
        placed.add(new)
        ids[i] = new
        renamed[(sub.file, row.id)] = new
        moved.append((sub, row, new, owner.get(row.id)))
        owner[new] = dept
    if renamed:  # the row's findings name it by its new id; foreign-id replaces its unknown-activity
        findings[:] = [f if (f.file, f.subject) not in renamed else replace(f, subject=renamed[f.file, f.subject])
                       for f in findings
                       if not (f.code == "unknown-activity" and (f.file, f.subject) in renamed)]
    for sub, row, new, belongs in moved:
        sheet, cell = _id_cell(sub, row.id)
        if belongs is None:  # an earlier round's activity
            key, params = "finding.foreign-id-earlier", {"activity": row.id, "period": earlier(row.id)[-1].period}
        else:
            key, params = "", {"activity": row.id, "owner": belongs}
        params["new"] = new
        findings.append(finding("foreign-id", params, key=key, department=sub.department, file=sub.file,
                                sheet=sheet, cell=cell, subject=new))
    out = []
    for (_sub, row), new in zip(extra, cast("list[str]", ids), strict=True):  # every row has its id by now
        if new != row.id or not row.added:
            row = _copy(row, new)  # the submission's own row is left as it was read
        row.answered = True
        out.append(row)
    return out


def _copy(row: ActivityRow, new_id: str) -> ActivityRow:
    """A department's row as an added row under ``new_id`` (the submission's own row is left as it was)."""
    return ActivityRow(new_id, row.title, row.department, row.goal_ids, None, row.status, row.end,
                       row.comment, row.source, added=True, answered=True)


def _id_cell(sub: Submission, aid: str) -> tuple[str, str]:
    """Sheet and cell of a row's id in the department's file (where its ``unknown-activity`` points)."""
    for f in sub.findings:
        if f.subject == aid and f.code == "unknown-activity":
            return f.sheet, f.cell
    return "", ""


def carry_over(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """Keep what the coordinator entered in the earlier merged workbook.

    A field the coordinator changed (its value differs from what was collected
    then) is kept, unless the department has since sent a different answer:
    then the department's answer wins and an ``edit-conflict`` shows the
    coordinator's value. Rows the coordinator added by hand are kept too. A
    planned row deleted from the sheet (``prev.deleted``) is a
    ``deleted-activity``: its answer is the department's.
    """
    merged.texts.update(prev.texts)
    merged.findings.extend(_deleted_rows(merged.plan, prev, merged_name, t))
    _keep_activity_edits(merged, prev, merged_name, t)
    _keep_rows_added_by_hand(merged, prev, merged_name, t)
    _keep_assessment_edits(merged, prev, merged_name, t)


def _deleted_rows(plan: Plan, prev: Previous, merged_name: str, t: Texts) -> list[Finding]:
    """A ``deleted-activity`` for each planned row the merged workbook's Aktiviteter sheet lacks."""
    found: list[Finding] = []
    planned = {a.id: a for a in plan.activities} if prev.deleted else {}
    for aid in prev.deleted:
        a = planned.get(aid)
        if a is None:
            continue
        sent = prev.collected.get(("a", aid))
        params = {"activity": aid, "title": a.title}
        if sent is not None:
            params.update(status=sent["status"], end=sent["end"] or "-")
        found.append(finding("deleted-activity", params, key="" if sent else "finding.deleted-activity-unanswered",
                             department=a.department, file=merged_name, sheet=t("sheet.activities"), subject=aid))
    return found


def _keep_activity_edits(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """The coordinator's edits of activity rows; a row so edited is checked again, its findings replaced."""
    plan = merged.plan
    sheet = t("sheet.activities")
    cols = layout.merged_activities(bool(plan.previous_period)).cols  # as this run writes the sheet
    planned = {a.id: a for a in plan.activities}
    # (department, id) -> its findings as the coordinator left it
    revalidated: dict[tuple[str, str], list[Finding]] = {}
    # Cells are named where this run writes the row (header in row 1, rows in order), whatever the
    # previous file's order was: the coordinator may have sorted it.
    for r, row in enumerate(merged.rows, start=1):
        old = prev.rows.get(row.id)
        if old is None or (old["department"] != row.department and (row.added or row.id not in planned)):
            continue  # keyed by (department, id): another department's row of that id is not this one
        was = prev.collected.get(("a", row.id), {"status": "", "end": "", "comment": ""})
        where = Where(row.department, merged_name, sheet, r, cols)
        edited = _keep_row_edits(row, old, was, merged.findings, where)
        if edited:
            revalidated[(row.department, row.id)] = _revalidate(plan, planned.get(row.id), row, where, edited)
    if revalidated:  # one pass over the findings, not one per edited row
        merged.findings[:] = [f for f in merged.findings
                              if not (f.code in ROW_CODES and (f.department, f.subject) in revalidated)]
        for found in revalidated.values():
            merged.findings.extend(found)


def _keep_row_edits(row: ActivityRow, old, was, findings: list[Finding], where: Where) -> set[str]:
    """Each field of one row the coordinator changed, kept if the department's answer is still the one
    collected then, else an ``edit-conflict`` at the row's cell (``where``); the fields whose edit was kept."""
    now = dict(zip(EDITABLE, row.collected(), strict=True))  # what the department sent, as the merged workbook keeps it
    edited = set()
    for key in EDITABLE:
        mine = value_key(old[key])
        if mine == was[key]:
            continue  # the coordinator did not touch it
        if now[key] == mine:
            continue  # the department now sends what the coordinator wrote (a return workbook): agreed
        if now[key] == was[key]:
            if row.answered and row.sent is None:
                row.sent = row.collected()  # what the department sent, before the edit replaces it
            setattr(row, key, old[key])  # department unchanged: keep the coordinator's edit
            edited.add(key)
        else:
            findings.append(finding("edit-conflict", {"column": Text(f"col.{key}"), "new": now[key], "old": mine},
                                    **replace(where, subject=row.id).at(f"col.{key}")))
    return edited


def _keep_rows_added_by_hand(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """Rows the coordinator added by hand in the merged workbook are never dropped (nor rows a department
    added before and no longer sends): merge() kept their ids free. A row the coordinator typed alone (nothing
    collected for it) is checked as a department's added row is, its findings the coordinator's."""
    known = {(r.department, r.id) for r in merged.rows}
    ids = {r.id for r in merged.rows}
    cols = layout.merged_activities(bool(merged.plan.previous_period)).cols  # as this run writes the sheet
    for aid in prev.order:
        old = prev.rows[aid]
        if (old["department"], aid) in known or aid in ids:
            continue
        ids.add(aid)
        row = ActivityRow(aid, old["title"], old["department"], old["goal_ids"],
                          old["planned_end"] if not isinstance(old["planned_end"], str) else None,
                          old["status"], old["end"], old["comment"], old["source"], added=True)
        merged.rows.append(row)
        if ("a", aid) not in prev.collected:
            where = Where(row.department, merged_name, t("sheet.activities"), len(merged.rows), cols)
            merged.findings.extend(_revalidate(merged.plan, None, row, where, set(EDITABLE)))


def _keep_assessment_edits(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """The coordinator's assessments; a goal the coordinator assessed is checked again, its findings replaced."""
    by_goal = {a.goal_id: a for a in merged.assessments}
    goal_rows = {g.id: r for r, g in enumerate(merged.plan.goals, start=1)}  # as the merged workbook is written
    settled: dict[str, set[str]] = {}  # goals the coordinator assessed -> the fields kept: checked again
    for gid, kept in prev.assessments.items():
        if gid not in goal_rows:
            continue  # a goal no longer in the plan: the merged workbook has no row for it
        was = prev.collected.get(("g", gid), {"level": "", "analysis": ""})
        current = by_goal.get(gid)
        now = {"level": current.level if current else "", "analysis": current.analysis if current else ""}
        for key in ("level", "analysis"):
            if kept[key] == was[key] or now[key] == kept[key]:
                continue  # untouched by the coordinator, or the department now agrees with the edit
            if now[key] == was[key]:
                if current is None:
                    current = by_goal[gid] = Assessment(gid, source=merged_name)
                    merged.assessments.append(current)
                setattr(current, key, kept[key])
                current.source = kept["source"] or merged_name
                settled.setdefault(gid, set()).add(key)
            else:
                where = Where("", merged_name, t("sheet.assessment"), goal_rows[gid], ASSESSMENT_COLS, gid)
                merged.findings.append(finding("edit-conflict", {"column": Text(f"col.{key}"), "new": now[key],
                                                                 "old": kept[key]}, **where.at(f"col.{key}")))
    if settled:
        merged.findings[:] = [f for f in merged.findings if not (f.code in ASSESSMENT_CODES and f.subject in settled)]
        owners = {g.id: g.owner for g in merged.plan.goals}
        for gid, edited in settled.items():
            where = Where(owners[gid], merged_name, t("sheet.assessment"), goal_rows[gid], ASSESSMENT_COLS)
            merged.findings.extend(_recheck_assessment(merged.plan, by_goal[gid], edited, where))


def _recheck_assessment(plan: Plan, kept: Assessment, edited: set[str], where: Where) -> list[Finding]:
    """Check a goal's assessment as the coordinator left it (its level in the plan's spelling); its findings,
    those at a field in ``edited`` the coordinator's. A level no one filled in is :func:`assessment_gaps`' to count
    (nothing while its owner has not answered)."""
    kept.level, kept.analysis, found = check_assessment(plan, kept.goal_id, kept.level, kept.analysis, where)
    if "level" not in edited:
        found = [f for f in found if f.code != "missing-assessment"]
    return _typed_by_coordinator(found, where, edited)


def _revalidate(plan: Plan, activity, row: ActivityRow, where: Where, edited: set[str]) -> list[Finding]:
    """Check a row's values as the coordinator left them; the findings that replace the row's own (those at a
    field in ``edited`` are the coordinator's: :func:`_typed_by_coordinator`)."""
    answer = check_activity(plan, row.id, activity, row.status, row.end, row.comment, where)
    row.status, row.end, row.comment = answer.status, answer.end, answer.comment
    return _typed_by_coordinator(answer.findings, where, edited)


def _typed_by_coordinator(findings: list[Finding], where: Where, edited: set[str]) -> list[Finding]:
    """``findings`` of a row or goal in the merged workbook, each at a cell whose value the coordinator typed (a
    field in ``edited``) marked ``by_coordinator``: counted as any, never sent to a department to fix."""
    cells = {where.at(f"col.{key}")["cell"] for key in edited}
    return [replace(f, by_coordinator=True) if f.cell in cells else f for f in findings]


def assessment_gaps(merged: Merged, chosen: Container[str], merged_name: str, t: Texts) -> list[Finding]:
    """``missing-assessment`` for goals that no department nor the coordinator has assessed.

    ``chosen`` holds the departments that answered: a goal whose owner has not answered is not one of
    them, as the owner's ``missing-submission`` already stands for everything it owes.
    """
    have = {a.goal_id for a in merged.assessments if a.level}
    reported = {f.subject for f in merged.findings if f.code in ASSESSMENT_CODES}
    plan = merged.plan
    gaps = []
    for r, g in enumerate(plan.goals, start=1):
        if g.id in have or g.id in reported:
            continue
        if g.owner not in chosen and plan.department(g.owner) is not None:
            continue
        gaps.append(finding("missing-assessment", {"goal": g.id}, department=g.owner,
                            file=merged_name, sheet=t("sheet.assessment"), cell=f"C{r + 1}", subject=g.id))
    return gaps
