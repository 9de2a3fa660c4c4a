"""Every received file kept by content hash beside the merged workbook, with a manifest of every run.

``arkiv/<sha256>.<ext>`` holds a file's bytes exactly as received (a file sent
twice is stored once); ``arkiv/manifest.jsonl`` gains, per run, one line for
the run itself (the plan's hash and archived copy, the output, the inbox) and one line
per entry in the inbox: its name (bytes that are not text shown as ``\xe4``), hash, size, when it arrived (its time in the
inbox), the department and period it claims, the saved time recorded inside
it, whether it was used or why not, the finding codes it drew and, where a
reading library failed on it, the library's own words (``details``). A later
dispute ("we sent it on time", "that is not what we wrote") can be settled
from the archive alone.

JSON Lines rather than CSV, so no spreadsheet program ever reads a file name
as a formula. The archive is only ever added to; the manifest is rewritten
whole (atomically) with the new lines appended.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import OutputError
from .findings import Finding
from .models import Received
from .texts import texts
from .workbook.outputs import os_reason
from .workbook.xlsx import atomic_path

ARCHIVE_NAME = "arkiv"
MANIFEST = "manifest.jsonl"
KEPT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".htm", ".html", ".xml", ".pdf", ".zip"}


@dataclass
class Stored:
    """One inbox entry as the archive saw it."""

    name: str
    sha256: str = ""
    size: int = 0
    received: datetime | None = None  # the file's modification time in the inbox
    path: str = ""  # relative to the archive folder; empty if not stored
    skipped: str = ""  # why the entry was not read at all


class Archive:
    """The ``arkiv/`` folder beside the merged workbook."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.entries: dict[str, Stored] = {}

    def open(self) -> Archive:
        """Create the folder and check it can be written, before anything is read."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / f".probe.{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise OutputError(texts()("error.output", path=self.folder, reason=os_reason(exc))) from exc
        return self

    def store(self, name: str, data: bytes | None, sha256: str, size: int, received: datetime | None) -> Stored:
        """Keep ``data`` as ``<sha256><ext>`` unless an identical copy is there; ``data=None``: record only."""
        entry = Stored(name, sha256, size, received, self._keep(name, data, sha256) if data is not None else "")
        self.entries[name] = entry
        return entry

    def _keep(self, name: str, data: bytes, sha256: str) -> str:
        suffix = Path(name).suffix.lower()
        target = self.folder / f"{sha256}{suffix if suffix in KEPT_SUFFIXES else '.bin'}"
        if not (target.exists() and _sha256(target) == sha256):
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
        return target.name

    def skip(self, name: str, reason: str) -> None:
        self.entries[name] = Stored(name, skipped=reason)

    def write_manifest(self, run: datetime, received: list[Received], findings: list[Finding], plan: Path,
                       output: Path, inbox: Path | None = None) -> Path:
        """Append this run's lines to the manifest (``inbox``: the folder collected, recorded in full)."""
        plan_bytes = Path(plan).read_bytes()
        plan_sha = hashlib.sha256(plan_bytes).hexdigest()
        plan_copy = self._keep(Path(plan).name, plan_bytes, plan_sha)
        stamp = run.isoformat(timespec="seconds")
        codes: dict[str, list[str]] = {}
        details: dict[str, list[str]] = {}  # a reading library's own words, which no message shows
        for f in findings:
            if f.file:
                codes.setdefault(f.file, [])
                if f.code not in codes[f.file]:
                    codes[f.file].append(f.code)
                if f.detail:
                    details.setdefault(f.file, []).append(f.detail)
        lines = [{"kind": "run", "run": stamp, "plan": Path(plan).name, "plan_sha256": plan_sha,
                  "plan_archived": plan_copy, "output": Path(output).name,
                  "files": sum(1 for e in self.entries.values() if not e.skipped)}]
        if inbox is not None:
            lines[0]["inbox"] = str(Path(inbox).resolve())
        by_name = {r.name: r for r in received}
        for name in sorted(self.entries):
            e = self.entries[name]
            r = by_name.get(name)
            line = {"kind": "file", "run": stamp, "file": name, "sha256": e.sha256, "size": e.size,
                    "received": e.received.isoformat(timespec="seconds") if e.received else "",
                    "archived": e.path}
            if e.skipped:
                line["skipped"] = e.skipped
            if r is not None:
                line.update(department=r.department, period=r.period,
                            saved=r.saved.isoformat(timespec="seconds") if r.saved else "",
                            used=r.used, reason=r.reason)
            line["findings"] = codes.get(name, [])
            if name in details:
                line["details"] = details[name]
            lines.append(line)
        path = self.folder / MANIFEST
        old = path.read_bytes() if path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        new = "".join(json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n" for line in lines)
        with atomic_path(path) as tmp:
            tmp.write_bytes(old + new.encode("utf-8"))
        return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(folder: Path) -> list[dict]:
    """Every line of the manifest, oldest first (a damaged line is left out)."""
    path = Path(folder) / MANIFEST
    lines = []
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines


def last_inbox(folder: Path, output: str) -> Path | None:
    """The inbox the last collect that wrote ``output`` (a merged workbook's name) read, as the manifest in
    ``folder`` records it; None if none is recorded or it is no longer a folder."""
    runs = [line for line in read_manifest(folder) if line.get("kind") == "run" and line.get("output") == output]
    inbox = runs[-1].get("inbox") if runs else None
    return Path(inbox) if isinstance(inbox, str) and Path(inbox).is_dir() else None
