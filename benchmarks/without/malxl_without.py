"""Takes one speed device out of malxl, by patching it as it is imported (see sitecustomize.py)."""

import subprocess


class Whole:
    """The whole plan where collect's workers expect plan parts (device "planparts")."""

    def __init__(self, plan):
        self.rest = plan

    def activities_of(self, department):
        return tuple(self.rest.activities_of(department))

    def remove(self):
        pass


def patch(DEVICE: str) -> None:
    if DEVICE in ("", "none"):
        return
    if DEVICE == "bulk":  # the merged workbook's tables through xlsxwriter's own write calls
        from datetime import date, datetime

        from malxl.workbook import bulkxlsx
        from malxl.workbook.xlsx import line_chars, wrapped_lines

        def add_rows(self, ws, rows, *, first_row=1, columns, count=None, text_format=None, date_format=None,
                     widths=None, elsewhere=False):
            chars = [line_chars(w) for w in widths] if widths else []
            for r, row in enumerate(rows, start=first_row):
                lines = 1
                for c, v in enumerate(row[:columns]):
                    if v is None or v == "":
                        continue
                    if type(v) is bulkxlsx.Styled:
                        ws.write(r, c, v.value, v.format)
                    elif isinstance(v, (date, datetime)):
                        ws.write_datetime(r, c, v, date_format)
                    elif type(v) is str:
                        ws.write_string(r, c, v, text_format)
                        if c < len(chars) and (len(v) > chars[c] or "\n" in v):
                            lines = max(lines, wrapped_lines(v, chars[c]))
                    else:
                        ws.write(r, c, v, text_format)
                if lines > 1:
                    ws.set_row(r, min(15.0 * lines, 409))

        def close(self):
            self.wb.close()

        bulkxlsx.BulkWorkbook.add_rows = add_rows
        bulkxlsx.BulkWorkbook.close = close
    elif DEVICE == "quickscan":  # every sheet walked element by element (SheetScan)
        from malxl.workbook import ooxml

        ooxml.QuickScan = ooxml.SheetScan
    elif DEVICE == "planparts":  # every worker gets the whole plan pickled
        from malxl.workbook import planparts

        def plan_parts(plan, folder=None):
            return Whole(plan)

        planparts.plan_parts = plan_parts
        import malxl.inbox as inbox

        inbox.plan_parts = plan_parts
    elif DEVICE == "fork":  # generate writes every workbook in one process
        from malxl import generate

        generate.capabilities.fork = lambda: False
    else:
        raise SystemExit(f"MALXL_BENCH_WITHOUT: no device {DEVICE!r}")


def pass_on(device: str) -> None:
    """Collect's workers start as ``python -I -c CODE`` (no PYTHONPATH, no environment): the same patch there."""
    popen = subprocess.Popen.__init__
    here = __file__.rsplit("/", 1)[0]

    def init(self, args, *a, **k):
        if isinstance(args, list) and len(args) == 4 and args[1:3] == ["-I", "-c"] and "malxl" in args[3]:
            args = [*args[:3], f"import sys; sys.path.insert(0, {here!r}); import malxl_without; "
                               f"malxl_without.patch({device!r}); malxl_without.pass_on({device!r}); " + args[3]]
        popen(self, args, *a, **k)

    subprocess.Popen.__init__ = init
