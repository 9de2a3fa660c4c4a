"""The few private members of other libraries that malxl uses: each where the library offers no public way.

Nothing else in malxl touches another library's underscored names (ruff's SLF001, configured in
pyproject.toml, holds the rest of the code to that), and ``tests/test_compat.py`` pins each one, so an
upgrade that renames one fails there and not in a coordinator's run. Checked with python-docx 1.2.0,
openpyxl 3.1.5, xlsxwriter 3.3.1 and Python 3.11. python-calamine needs none: its ``PasswordError``
is public.
"""

from __future__ import annotations

import zipfile


def docx_element(proxy):
    """The XML element behind a python-docx paragraph, table, row or cell.

    For what python-docx's API does not cover: a table's borders, cell margins
    and caption, a header row repeated on every page, rows kept whole, cell
    shading, fields, a paragraph inserted after another, a style set by id.
    Only ``Run`` has a public ``element``; the others hold it as ``_element``
    (python-docx's ``ElementProxy`` names the same thing ``element``).
    """
    return proxy._element


def first_picture(ws) -> bytes | None:
    """The bytes of the first picture on an openpyxl worksheet, if it has any.

    openpyxl keeps a sheet's pictures in ``_images`` and gives a picture's
    bytes by ``_data()``. It loads pictures only where Pillow is installed
    (not a dependency of malxl): without it, a sheet has none.
    """
    images = getattr(ws, "_images", [])
    return images[0]._data() if images else None


def xf_index(fmt) -> int:
    """An xlsxwriter Format's index in the workbook's cell styles (given it here if it had none).

    xlsxwriter gives a format its index when a cell first uses it; a sheet's rows
    written by hand (``workbook/bulkxlsx.py``) need it before that, and xlsxwriter
    has no public way: ``Format._get_xf_index``. The xlsxwriter pin in
    pyproject.toml keeps to the versions it was checked with.
    """
    return fmt._get_xf_index()


def set_compress_level(entry: zipfile.ZipInfo, level: int) -> None:
    """Give a zip member its own deflate level, for ``ZipFile.open(entry, "w")`` (which, unlike
    ``writestr``, takes no level: only the ZipInfo, whose fixed time it keeps).

    Public as ``ZipInfo.compress_level`` from Python 3.13; the same attribute is
    ``_compresslevel`` before.
    """
    setattr(entry, "compress_level" if hasattr(zipfile.ZipInfo, "compress_level") else "_compresslevel", level)
