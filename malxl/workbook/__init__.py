"""The workbook machinery: what stands between malxl's pipeline and the files it reads and writes.

Reading safely: ``preflight`` checks every received file before any full reader
touches it (what it really is, whole, within size and zip-bomb bounds, no DOCTYPE
or entities); ``ooxml`` is the safe streaming XML reader of .xlsx parts (what a
sheet really holds, and a reader for huge sheets); ``isolate`` runs readers in
worker processes that may crash or hang alone (``capabilities`` decides, once, what
the platform offers for that: fork, memory caps, passed pipes), and ``planparts``
gives those workers the plan one department at a time; ``xlsx`` turns a workbook
into plain values at the boundary and ``values`` reads a typed cell (dates, ids,
text) the same way everywhere. Writing: ``outputs`` refuses to replace a file open
in Excel or LibreOffice and keeps one collect at a time, ``xlsx.atomic_path``
writes every output to a temporary file, flushes it and renames it into place, and
``bulkxlsx`` streams the merged workbook's large tables. Nothing here knows about
goals, statuses or departments' answers: that is the pipeline's, one level up.
"""
