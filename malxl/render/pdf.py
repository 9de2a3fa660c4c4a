"""rapport.pdf: the HTML report printed by headless Chromium, else the Word report converted by LibreOffice.

Both tools install from Debian's packages (``apt-get install chromium``,
``apt-get install libreoffice-writer-nogui``). ``$MALXL_CHROMIUM`` and
``$MALXL_SOFFICE`` name a binary explicitly. Each run uses a throwaway
profile folder, so it neither touches nor waits for a browser or office
program the coordinator has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError
from ..texts import texts
from ..workbook.xlsx import atomic_path
from .html import contents, render_html

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SOFFICE = ("soffice", "libreoffice")
TIMEOUT = 180


def find_chromium() -> str | None:
    """The Chromium (or Chrome) binary: ``$MALXL_CHROMIUM``, else the first on PATH."""
    return _find("MALXL_CHROMIUM", CHROMIUM)


def find_soffice() -> str | None:
    """The LibreOffice binary: ``$MALXL_SOFFICE``, else the first on PATH."""
    return _find("MALXL_SOFFICE", SOFFICE)


def _find(env: str, names) -> str | None:
    if os.environ.get(env):
        return shutil.which(os.environ[env]) or None
    return next((found for found in map(shutil.which, names) if found), None)


def chromium_command(binary: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """Headless Chromium printing ``html`` to ``pdf`` (A4 and margins come from the page's CSS)."""
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
            "--generate-pdf-document-outline", Path(html).resolve().as_uri()]


def html_to_pdf(html: Path, pdf: Path, chromium: str | None = None, timeout: int = TIMEOUT) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium; the PDF appears only if printing succeeded."""
    binary = chromium or find_chromium()
    if not binary:
        raise OutputError(texts()("error.pdf_tool"))
    with tempfile.TemporaryDirectory(prefix="malxl-chromium-") as work:
        out = Path(work) / "out.pdf"
        _run(chromium_command(binary, html, out, Path(work) / "profile"), "Chromium", timeout)
        return _move(out, pdf, "Chromium")


def docx_to_pdf(docx: Path, pdf: Path, soffice: str | None = None, timeout: int = TIMEOUT) -> Path:
    """Convert ``docx`` to ``pdf`` with LibreOffice in headless mode."""
    binary = soffice or find_soffice()
    if not binary:
        raise OutputError(texts()("error.pdf_tool"))
    with tempfile.TemporaryDirectory(prefix="malxl-soffice-") as work:
        profile = (Path(work) / "profile").as_uri()
        _run([binary, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
              "--convert-to", "pdf", "--outdir", work, str(Path(docx).resolve())], "LibreOffice", timeout)
        return _move(Path(work) / (Path(docx).stem + ".pdf"), pdf, "LibreOffice")


def print_report(model, pdf: Path, templates: Path | None = None, chromium: str | None = None,
                 timeout: int = TIMEOUT, progress=None) -> Path:
    """Print the report's HTML to ``pdf`` with page numbers in its table of contents.

    Chromium cannot number a table of contents itself, so malxl prints once, reads on
    which page each heading fell (the PDF's bookmarks), and prints again with those
    numbers; once more if adding them moved a heading. ``progress``, if given, is
    called after each printing with ``done`` (the printings so far) and ``pages``.
    """
    binary = chromium or find_chromium()
    if not binary:
        raise OutputError(texts()("error.pdf_tool"))
    entries = contents(model)
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="malxl-chromium-") as work:
        page = Path(work) / "rapport.html"
        out = Path(work) / "out.pdf"
        for done in range(1, 4):
            page.write_text(render_html(model, templates, pages), encoding="utf-8")
            _run(chromium_command(binary, page, out, Path(work) / "profile"), "Chromium", timeout)
            reader = _reader(out)  # read once for the headings' pages and the page count
            found = heading_pages(out, entries, reader)
            if progress:
                progress(done=done, pages=len(reader.pages) if reader else "?")
            if not found or found == pages:
                break
            pages = found
        return _move(out, pdf, "Chromium")


def _reader(pdf: Path):
    """A pypdf reader of ``pdf``, or None where pypdf is missing."""
    try:
        import pypdf
    except ImportError:
        return None
    return pypdf.PdfReader(str(pdf))


def heading_pages(pdf: Path, entries: list[tuple[str, str]], reader=None) -> dict[str, int]:
    """Anchor → page number, from the bookmarks Chromium writes for the headings ({} without pypdf).

    A bookmark's title is its heading's text with the line breaks dropped, so titles
    are compared without whitespace, in document order. ``reader``: ``pdf`` already read.
    """
    reader = reader or _reader(pdf)
    if reader is None:
        return {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield "".join(str(item.title).split()), reader.get_destination_page_number(item) + 1

    marks = list(walk(reader.outline))
    found, i = {}, 0
    for anchor, title in entries:
        key = "".join(title.split())
        for j in range(i, len(marks)):
            if marks[j][0] == key:
                found[anchor], i = marks[j][1], j + 1
                break
    return found


def write_report_pdf(pdf: Path, html: Path | None = None, docx: Path | None = None, model=None,
                     templates: Path | None = None, progress=None) -> Path:
    """Make ``pdf`` with Chromium (from ``model``, else the file ``html``), else from ``docx`` with LibreOffice.

    ``progress`` as for :func:`print_report` (Chromium from ``model`` only).
    """
    if find_chromium() and model is not None:
        return print_report(model, pdf, templates, progress=progress)
    if find_chromium() and html:
        return html_to_pdf(html, pdf)
    if docx and find_soffice():
        return docx_to_pdf(docx, pdf)
    raise OutputError(texts()("error.pdf_tool"))


def _run(command: list[str], tool: str, timeout: int):
    t = texts()
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise OutputError(t("error.pdf_failed", tool=tool, reason=t("reason.pdf_timeout", seconds=timeout))) from exc
    except OSError as exc:
        raise OutputError(t("error.pdf_failed", tool=tool, reason=exc.strerror or exc)) from exc
    if done.returncode != 0:
        tail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise OutputError(t("error.pdf_failed", tool=tool, reason=tail[0]))


def _move(out: Path, pdf: Path, tool: str) -> Path:
    if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
        t = texts()
        raise OutputError(t("error.pdf_failed", tool=tool, reason=t("reason.no_pdf")))
    with atomic_path(Path(pdf)) as tmp:
        shutil.copyfile(out, tmp)
    return Path(pdf)
