"""malxl's benchmark: generate, collect and report at a given scale, against baselines, with peak memory.

    python benchmarks/bench.py --workbooks 100,300,1000 --activities 300 --runs 3 --json bench.json

For each scale (workbooks × activities per workbook) it builds a synthetic plan
and inbox (``synth.py``: realistic text lengths, a few deviations and mistakes,
a lock file, a note, a broken workbook, a duplicate, a department that has not
answered), then measures, each over ``--runs`` runs, the median wall time of:

- ``generate``: ``malxl generate``, against a minimal xlsxwriter script writing
  the same cells and the same dropdown (``baselines.py generate``);
- ``collect``: ``malxl collect`` into a new merged workbook (all validation on,
  all outputs written), against the *floor* (python-calamine reading every
  sheet of every file, plus xlsxwriter in constant-memory mode writing the same
  merged rows), the *raw floor* (the same read, the rows written as raw sheet
  XML) and a coordinator's pandas script (``read_excel`` with openpyxl per
  file, ``concat``, ``to_excel``), all on the same files in the same runs;
- ``collect again``: ``malxl collect`` over its own earlier output (reads the
  previous merged workbook to keep the coordinator's edits, writes a backup);
- ``report``: ``malxl report`` at municipality scale (``--report-scale``);
- the Ånge example (8 workbooks): ``malxl collect``, ``malxl report`` and
  ``malxl --help``, wall time including interpreter start-up.

Every command runs in its own process; peak memory is that of its whole process
tree (the proportional set sizes summed, sampled every 50 ms: a peak shorter
than that can be missed),
so worker processes count (their shared pages once: PSS). Runs of malxl and its baselines alternate, so a
busy machine slows both alike. Prints a Markdown table; ``--json`` writes the
same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WINDOWSLIKE = HERE.parent / "tests" / "windowslike"
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# -- running one command and measuring it ------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss(pid: int) -> int:
    """Proportional set size: resident bytes, pages shared with other processes counted by share."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree_pss(pid: int) -> int:
    """Memory of ``pid`` and all its descendants (Linux /proc): forked workers' shared pages count once."""
    tree = _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _pss(p)
        todo.extend(tree.get(p, []))
    return total


@dataclass
class Run:
    seconds: float
    peak_bytes: int  # the process tree's memory (PSS), sampled every 50 ms
    returncode: int


def run(cmd: list[str], cwd: Path, ok=(0,), env: dict | None = None) -> Run:
    """Run ``cmd`` (with ``env`` added to the environment); its wall time and the peak memory of its process tree."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        peak = [0]
        done = threading.Event()

        def sample():
            can = os.path.exists("/proc/self/statm")
            pause = 0.01  # a first look soon after exec, so even `malxl --help` is seen
            while can and not done.wait(pause):
                peak[0] = max(peak[0], _tree_pss(proc.pid))
                pause = 0.05

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # Not the kernel's ru_maxrss: it counts the pages of this (large) process the child had
        # between fork and exec, so a 16 MB `malxl --help` would show as this process's size.
        proc.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        if proc.returncode not in ok:
            out.seek(0)
            err.seek(0)
            sys.stderr.write(out.read()[-2000:].decode(errors="replace") + err.read()[-4000:].decode(errors="replace"))
            raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited {proc.returncode}")
    return Run(seconds, peak[0], proc.returncode)


def malxl_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "malxl.cli", *map(str, args)]


def library_cmd(call: str, *args) -> list[str]:
    """A library call in its own process (for what the CLI does not expose, e.g. one worker only)."""
    code = ("import sys; from pathlib import Path; from malxl.plan import read_plan; "
            "from malxl.generate import generate; from malxl.collect import collect; a = sys.argv[1:]; " + call)
    return [sys.executable, "-c", code, *map(str, args)]


def baseline_cmd(*args) -> list[str]:
    return [sys.executable, str(HERE / "baselines.py"), *map(str, args)]


# -- results -------------------------------------------------------------------

@dataclass
class Measure:
    step: str
    tool: str
    scale: str
    rows: int
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def add(self, r: Run) -> None:
        self.seconds.append(r.seconds)
        self.peaks.append(r.peak_bytes)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks) / 2**20 if self.peaks else 0.0

    def as_dict(self, against: "Measure | None" = None) -> dict:
        d = {"step": self.step, "tool": self.tool, "scale": self.scale, "rows": self.rows,
             "runs": len(self.seconds), "seconds": [round(s, 3) for s in self.seconds],
             "median_s": round(self.median, 3), "rows_per_s": round(self.rows / self.median) if self.rows else None,
             "peak_rss_mb": round(self.peak_mb, 1)}
        if against is not None:
            d["malxl_over_baseline"] = round(against.median / self.median, 3)
        return d


def _scale(workbooks: int, activities: int) -> str:
    return f"{workbooks}x{activities}"


def _fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


# -- the steps ---------------------------------------------------------------

def bench_scale(workbooks: int, activities: int, args, work: Path) -> list[tuple[Measure, Measure | None]]:
    """generate, collect and collect again at one scale."""
    import synth
    from malxl.plan import write_plan

    scale = _scale(workbooks, activities)
    root = work / scale
    root.mkdir(parents=True, exist_ok=True)
    plan = synth.make_plan(workbooks, activities)
    plan_path = write_plan(plan, root / "plan.xlsx")
    rows = len(plan.activities)
    out: list[tuple[Measure, Measure | None]] = []
    say = args.say

    gen = Measure("generate", "malxl", scale, rows)
    gen_base = Measure("generate", "minimal xlsxwriter", scale, rows)
    gen_one = Measure("generate", "malxl in 1 process", scale, rows)
    for i in range(args.runs):
        say(f"{scale} generate run {i + 1}/{args.runs}")
        gen.add(run(malxl_cmd("generate", plan_path, "-o", _fresh(root / "utkorg")), root))
        gen_base.add(run(baseline_cmd("generate", plan_path, _fresh(root / "utkorg-baseline")), root))
        if args.single:
            gen_one.add(run(library_cmd("generate(read_plan(Path(a[0])), Path(a[1]), workers=1)", plan_path,
                                        _fresh(root / "utkorg-one")), root))
    out += [(gen, None), (gen_base, gen)] + ([(gen_one, gen)] if args.single else [])

    say(f"{scale} filling the inbox")
    synth.fill_inbox(plan, root / "utkorg", _fresh(root / "inbox"))
    inbox = root / "inbox"
    col = Measure("collect", "malxl", scale, rows)
    bases = [Measure("collect", "floor: calamine + xlsxwriter constant_memory", scale, rows),
             Measure("collect", "raw floor: calamine + raw sheet XML", scale, rows)]
    if not args.no_pandas:
        bases.append(Measure("collect", "pandas: read_excel(openpyxl) + concat + to_excel", scale, rows))
    if args.single:
        bases.append(Measure("collect", "malxl reading in 1 worker", scale, rows))
    if args.portable:
        portable = Measure("collect", "malxl, portable path (Windows-like Python)", scale, rows)
        bases.append(portable)
    merged = root / "sammanstallning.xlsx"
    for i in range(args.runs):
        say(f"{scale} collect run {i + 1}/{args.runs}")
        col.add(run(malxl_cmd("collect", inbox, "--plan", plan_path, "-o", _fresh(merged)), root, ok=(0, 1)))
        if args.portable:
            portable.add(run(malxl_cmd("collect", inbox, "--plan", plan_path, "-o", _fresh(root / "portable.xlsx")),
                             root, ok=(0, 1), env={"PYTHONPATH": str(WINDOWSLIKE)}))
        if args.single:
            bases[-1].add(run(library_cmd("collect(Path(a[0]), Path(a[1]), Path(a[2]), workers=1)", inbox,
                                          plan_path, _fresh(root / "one.xlsx")), root))
        bases[0].add(run(baseline_cmd("floor", inbox, plan_path, _fresh(root / "floor.xlsx")), root))
        bases[1].add(run(baseline_cmd("rawfloor", inbox, plan_path, _fresh(root / "rawfloor.xlsx")), root))
        if not args.no_pandas:
            bases[2].add(run(baseline_cmd("pandas", inbox, _fresh(root / "pandas.xlsx")), root))
    out += [(col, None)] + [(b, col) for b in bases]

    again = Measure("collect again", "malxl", scale, rows)
    for i in range(args.runs):
        say(f"{scale} collect again run {i + 1}/{args.runs}")
        again.add(run(malxl_cmd("collect", inbox, "--plan", plan_path, "-o", merged), root, ok=(0, 1)))
        for backup in root.glob("sammanstallning.*-*.xlsx"):
            backup.unlink()
    out.append((again, None))
    if args.profile:
        prof = Path(args.profile) / f"collect-{scale}.prof"
        prof.parent.mkdir(parents=True, exist_ok=True)
        say(f"{scale} profiling collect into {prof}")
        run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "malxl.cli", "collect", str(inbox),
             "--plan", str(plan_path), "-o", str(_fresh(root / "profiled.xlsx"))], root, ok=(0, 1))
    if not args.keep:
        for name in ("utkorg", "utkorg-baseline", "utkorg-one", "floor.xlsx", "rawfloor.xlsx", "pandas.xlsx", "portable.xlsx",
                     "one.xlsx"):
            _fresh(root / name)
    return out


def bench_report(workbooks: int, activities: int, args, work: Path) -> list[tuple[Measure, Measure | None]]:
    """``malxl report`` on the merged workbook of a municipality."""
    import synth
    from malxl.collect import collect
    from malxl.generate import generate
    from malxl.plan import write_plan

    scale = _scale(workbooks, activities)
    root = work / f"report-{scale}"
    root.mkdir(parents=True, exist_ok=True)
    plan = synth.make_plan(workbooks, activities, seed=7)
    plan_path = write_plan(plan, root / "plan.xlsx")
    generate(plan, _fresh(root / "utkorg"))
    synth.fill_inbox(plan, root / "utkorg", _fresh(root / "inbox"))
    merged = collect(root / "inbox", plan_path, root / "sammanstallning.xlsx").path
    rep = Measure("report", "malxl", scale, len(plan.activities))
    for i in range(args.runs):
        args.say(f"report {scale} run {i + 1}/{args.runs}")
        rep.add(run(malxl_cmd("report", merged, "-o", _fresh(root / "rapport")), root, ok=(0, 1)))
    rep.tool = "malxl (" + ", ".join(sorted(p.name for p in (root / "rapport").iterdir())) + ")"
    return [(rep, None)]


def bench_ange(args, work: Path) -> list[tuple[Measure, Measure | None]]:
    """The flagship example: 8 departments' workbooks, as a coordinator runs it."""
    root = work / "ange2023"
    _fresh(root).mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "ange2023" / "plan.xlsx", root / "plan.xlsx")
    shutil.copytree(ROOT / "examples" / "ange2023" / "inbox", root / "inbox")
    from malxl.example import ange_plan

    rows = len(ange_plan().activities)
    runs = args.ange_runs
    col, rep, helps = (Measure("ange collect", "malxl", "8 workbooks", rows),
                       Measure("ange report", "malxl", "8 workbooks", rows),
                       Measure("malxl --help", "malxl", "-", 0))
    for i in range(runs):
        args.say(f"Ånge run {i + 1}/{runs}")
        for old in root.glob("sammanstallning*.xlsx"):
            old.unlink()
        col.add(run(malxl_cmd("collect", "inbox"), root, ok=(0, 1)))
        rep.add(run(malxl_cmd("report", "sammanstallning.xlsx"), root, ok=(0, 1)))
        helps.add(run(malxl_cmd("--help"), root))
    return [(col, None), (rep, None), (helps, None)]


# -- output --------------------------------------------------------------------

def machine() -> dict:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"cores": os.cpu_count(), "python": platform.python_version(), "system": platform.system(),
            "machine": platform.machine(), "commit": commit}


def table(results: list[tuple[Measure, Measure | None]], runs: int) -> str:
    lines = ["| step | tool | scale | rows | median s | rows/s | peak memory MB | malxl time ÷ this |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    for m, against in results:
        rate = f"{m.rows / m.median:,.0f}" if m.rows else ""
        if against is None:
            ratio = ""
        else:
            r = against.median / m.median
            ratio = f"{r:.2f}×" + (f" (malxl {1 / r:.1f}× faster)" if r < 1 else "")
        tool = m.tool if against is None else f"↳ {m.tool}"
        lines.append(f"| {m.step} | {tool} | {m.scale} | {m.rows:,} | {m.median:.2f} | {rate} | "
                     f"{m.peak_mb:.0f} | {ratio} |")
    return "\n".join(lines)


def scaling(results) -> list[dict]:
    """Time per row of each malxl step across scales: flat means linear."""
    out = []
    for step in ("generate", "collect", "collect again"):
        points = [(m.rows, m.median) for m, against in results
                  if against is None and m.step == step and m.tool == "malxl"]
        if len(points) > 1:
            out.append({"step": step, "points": [{"rows": r, "median_s": round(s, 3),
                                                  "us_per_row": round(s / r * 1e6, 1)} for r, s in points]})
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workbooks", default="100", help="comma-separated workbook counts (default 100)")
    p.add_argument("--activities", type=int, default=300, help="activities per workbook (default 300)")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    p.add_argument("--report-scale", default="40x50", help="workbooks x activities for report (default 40x50)")
    p.add_argument("--steps", default="scale,report,ange", help="any of scale,report,ange (default all)")
    p.add_argument("--ange-runs", type=int, default=5, help="runs of the Ånge example (default 5)")
    p.add_argument("--single", action="store_true",
                   help="also measure generate and collect in one process, to show what the second core brings")
    p.add_argument("--portable", action="store_true",
                   help="also collect in a Windows-like Python (tests/windowslike: no fork, pass_fds, resource)")
    p.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline (slow at large scale)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    p.add_argument("--workdir", type=Path, help="where to build the data (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the generated files")
    p.add_argument("--profile", help="also write a cProfile of one collect per scale into this folder")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = p.parse_args(argv)
    args.say = (lambda msg: None) if args.quiet else (lambda msg: print(f"· {msg}", file=sys.stderr, flush=True))
    steps = set(args.steps.split(","))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="malxl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[tuple[Measure, Measure | None]] = []
    started = time.perf_counter()
    try:
        if "scale" in steps:
            for n in (int(x) for x in args.workbooks.split(",") if x):
                results += bench_scale(n, args.activities, args, work)
        if "report" in steps:
            w, a = (int(x) for x in args.report_scale.lower().split("x"))
            results += bench_report(w, a, args, work)
        if "ange" in steps:
            results += bench_ange(args, work)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    info = machine()
    print(f"malxl benchmark: {info['cores']} cores, Python {info['python']}, {info['system']} {info['machine']}, "
          f"commit {info['commit'] or '-'}; median of {args.runs} runs (Ånge: {args.ange_runs}); "
          f"{time.perf_counter() - started:.0f} s in all")
    print()
    print(table(results, args.runs))
    if args.json:
        data = {"machine": info, "runs": args.runs, "activities_per_workbook": args.activities,
                "results": [m.as_dict(against) for m, against in results], "scaling": scaling(results)}
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
