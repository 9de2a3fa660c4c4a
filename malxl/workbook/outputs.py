"""Before a command writes: can each output be replaced, and its folder made? And one collect at a time.

Every command that writes calls :func:`check_outputs` with all it will write
before it writes the first file, so a workbook open in Excel or LibreOffice,
or a folder that cannot be made, stops the run with nothing written.
:func:`make_folder` makes a folder or raises :class:`~malxl.errors.OutputError`
naming it; :func:`flush_to_disk` is what every atomic writer calls before it
renames a file into place (:func:`place_new` where no file may be replaced); :class:`CollectLock` keeps two collects from
writing one merged workbook at once.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..errors import OutputError
from ..texts import texts

#: Office's owner file (Excel: ``~$`` before the name; Word shortens longer names) and LibreOffice's lock file.
LOCK_PATTERNS = ("~${name}", ".~lock.{name}#")
#: The programs that keep a lock file beside a file of each kind (LibreOffice for any file it opens).
LOCKING_PROGRAMS = {".xlsx": "program.excel", ".xlsm": "program.excel", ".xls": "program.excel",
                    ".docx": "program.word", ".doc": "program.word"}
COLLECT_LOCK = "malxl-collect.lock"
#: How long a second collect waits for the first to finish before it stops (seconds).
LOCK_WAIT = 10.0
#: A collect lock older than this, from a process that cannot be checked (another computer), is stale.
LOCK_STALE_AFTER = 3600.0


class OutputOpenError(OutputError):
    """An output is open in Excel, Word or LibreOffice (its lock file lies beside it)."""


class CollectRunningError(OutputError):
    """Another collect is writing the same merged workbook."""


class OutputExistsError(OutputError):
    """An output that must be new exists already (another run made it first)."""


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel, Word and LibreOffice keep beside ``path`` while it is open."""
    path = Path(path)
    name = path.name
    names = [p.format(name=name) for p in LOCK_PATTERNS]
    stem = len(path.stem)
    if stem == 7:  # Word (and Excel in some versions) put ~$ over the first character or two of a long name
        names.append("~$" + name[1:])
    elif stem >= 8:
        names.append("~$" + name[2:])
    return [path.with_name(n) for n in names]


def open_lock(path: Path) -> Path | None:
    """The lock file beside ``path`` if ``path`` exists and a program seems to have it open, else None."""
    path = Path(path)
    if not path.exists():
        return None
    return next((lock for lock in lock_files(path) if os.path.lexists(lock)), None)


def check_not_open(path: Path) -> None:
    """Raise :class:`OutputOpenError` if ``path`` exists with a lock file beside it."""
    lock = open_lock(path)
    if lock is not None:
        t = texts()
        program = t(LOCKING_PROGRAMS.get(Path(path).suffix.lower(), "program.any"))
        raise OutputOpenError(t("error.output_open", path=path, lock=lock.name, program=program))


def check_outputs(paths: Iterable[Path]) -> None:
    """Check, writing nothing, that every output in ``paths`` can be written; raise OutputError if not.

    None may be open in another program (a lock file beside it), none may be a
    folder, and the folder of each must exist or be possible to make, and be
    writable (tried with a file made and removed at once, which is what counts
    on Windows and for root, where permission bits say little).
    """
    paths = [Path(p) for p in paths]
    for path in paths:
        check_not_open(path)
    tried: set[Path] = set()
    for path in paths:
        if path.is_dir():
            raise OutputError(texts()("error.output", path=path, reason=texts()("reason.os.is_folder")))
        folder = _nearest_existing(path.parent)
        if folder in tried:
            continue
        tried.add(folder)
        if not folder.is_dir():
            raise OutputError(texts()("error.folder", path=path.parent,
                                      reason=texts()("reason.os.not_a_folder", part=folder)))
        _probe(folder, path)


def _nearest_existing(folder: Path) -> Path:
    while not os.path.lexists(folder) and folder.parent != folder:
        folder = folder.parent
    return folder


def _probe(folder: Path, target: Path) -> None:
    probe = folder / f".malxl-probe.{os.getpid()}"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return  # our own probe from a moment ago: the folder is writable
    except OSError as exc:
        kind = "error.folder" if folder != target.parent else "error.output"
        raise OutputError(texts()(kind, path=target.parent if kind == "error.folder" else target,
                                  reason=os_reason(exc))) from exc
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass


def make_folder(folder: Path) -> Path:
    """Make ``folder`` (and its parents) or raise OutputError naming it, in the user's language."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or (folder.exists() and not folder.is_dir()):
            reason = texts()("reason.os.not_a_folder", part=_nearest_existing(folder))
        else:
            reason = os_reason(exc)
        raise OutputError(texts()("error.folder", path=folder, reason=reason)) from exc
    return folder


_REASONS = {
    errno.EACCES: "reason.os.denied", errno.EPERM: "reason.os.denied", errno.ENOSPC: "reason.os.no_space",
    errno.EROFS: "reason.os.read_only", errno.ENAMETOOLONG: "reason.os.too_long",
    errno.EISDIR: "reason.os.is_folder", errno.ENOTDIR: "reason.os.not_a_folder_plain",
    errno.EEXIST: "reason.os.not_a_folder_plain", errno.ENOENT: "reason.os.missing",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in the user's language where malxl knows the reason, else as the OS said it."""
    key = _REASONS.get(exc.errno or 0)
    return texts()(key) if key else str(exc.strerror or exc)


def flush_to_disk(path: Path) -> None:
    """Make the file's bytes durable before it is renamed into place (a crash never leaves an empty file)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def place_new(tmp: Path, path: Path) -> None:
    """Give the finished file ``tmp`` the name ``path`` only if nothing has it: the check and the naming are one step.

    A hard link fails if ``path`` exists, so of two runs naming one file at once
    exactly one succeeds; the other gets :class:`OutputExistsError`. Where the
    file system has no hard links (FAT, some network drives), an exclusive create
    claims the name first and ``tmp`` then replaces the claim. ``tmp`` is left
    for the caller to remove.
    """
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise OutputExistsError(texts()("error.output_exists", path=path)) from None
    except OSError:
        pass  # no hard links here: claim the name instead
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0))
    except FileExistsError:
        raise OutputExistsError(texts()("error.output_exists", path=path)) from None
    os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        os.unlink(path)  # the empty claim: the name is free again
        raise


def flush_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the system can open a folder for that (not on Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- one collect at a time -------------------------------------------------------------------------------------

class CollectLock:
    """``malxl-collect.lock`` beside the merged workbook while a collect writes it (and ``arkiv/`` beside it).

    One lock per folder, not per merged workbook: collects into two merged
    workbooks of one folder share the archive and its manifest.

    Made with O_CREAT|O_EXCL (atomic on every system and on network drives),
    holding the process id, the computer's name and the start time. A second
    collect waits up to ``wait`` seconds, then stops with
    :class:`CollectRunningError`. A lock left by a process that no longer runs
    on this computer, or older than :data:`LOCK_STALE_AFTER` from another
    computer, is taken over. The lock is removed at the end, whatever happens.
    """

    def __init__(self, merged: Path, wait: float | None = None):
        self.path = Path(merged).with_name(COLLECT_LOCK)
        self.merged = Path(merged)
        self.wait = LOCK_WAIT if wait is None else wait
        self.mine = b""

    def __enter__(self) -> CollectLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "out": self.merged.name,
                "started": datetime.now().replace(microsecond=0).isoformat(sep=" ")}
        self.mine = json.dumps(info, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0))
            except FileExistsError:
                held = self._read()
                if self._stale(held):
                    self._remove_stale(held)
                    continue
                if time.monotonic() >= deadline:
                    t = texts()
                    out = self.merged.with_name(str(held.get("out") or self.merged.name))
                    raise CollectRunningError(t("error.collect_running", out=out, lock=self.path,
                                                pid=held.get("pid", "?"), host=held.get("host", "?"),
                                                started=held.get("started", "?"))) from None
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.01)))
                continue
            except OSError as exc:
                raise OutputError(texts()("error.output", path=self.path, reason=os_reason(exc))) from exc
            try:
                os.write(fd, self.mine)
                os.fsync(fd)
            finally:
                os.close(fd)
            return

    def release(self) -> None:
        """Remove the lock if it is still this run's (a lock taken over as stale is not ours to remove)."""
        try:
            if self.mine and self.path.read_bytes() == self.mine:
                self.path.unlink()
        except OSError:
            pass

    def _read(self) -> dict:
        """What the lock holds (``{}`` if it is gone or unreadable), with its bytes and time."""
        try:
            raw = self.path.read_bytes()
            mtime = self.path.stat().st_mtime
        except OSError:
            return {}
        try:
            info = json.loads(raw.decode("utf-8"))
        except ValueError:
            info = None
        info = info if isinstance(info, dict) else {}  # half-written or not ours: judged by its age alone
        info.update(_raw=raw, _mtime=mtime)
        return info

    def _stale(self, held: dict) -> bool:
        if "_mtime" not in held:
            return False  # gone or unreadable this instant: try again
        pid = held.get("pid")
        if held.get("host") == socket.gethostname() and isinstance(pid, int):
            return pid != os.getpid() and not process_alive(pid)
        return time.time() - held["_mtime"] > LOCK_STALE_AFTER

    def _remove_stale(self, held: dict) -> None:
        """Move the stale lock aside and remove it, unless another collect replaced it in between."""
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.stale")
        try:
            os.replace(self.path, aside)
        except OSError:
            return  # another collect took it first
        try:
            if aside.read_bytes() != held.get("_raw"):  # a fresh lock, made after we read the stale one
                if not os.path.lexists(self.path):
                    os.replace(aside, self.path)
                return
        except OSError:
            return
        try:
            aside.unlink()
        except OSError:
            pass


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        kernel32 = None
    if kernel32 is not None:  # os.kill(pid, 0) would end the process where the Windows API is
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # type: ignore[attr-defined]  # (typeshed: Windows only)  # ERROR_ACCESS_DENIED: it runs, as another user
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
