"""The benchmark runs end to end at a tiny scale (no timing is asserted: CI machines differ)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_its_table_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--workbooks", "3", "--activities", "10",
         "--runs", "1", "--ange-runs", "1", "--report-scale", "3x10", "--json", str(out), "--quiet",
         "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| step | tool | scale | rows | median s | rows/s | peak memory MB |" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["machine"]["cores"] >= 1
    steps = {(r["step"], r["tool"].split(":")[0].split(" (")[0]) for r in data["results"]}
    assert {("generate", "malxl"), ("generate", "minimal xlsxwriter"), ("collect", "malxl"), ("collect", "floor"),
            ("collect", "raw floor"), ("collect", "pandas"), ("collect again", "malxl"), ("report", "malxl"),
            ("ange collect", "malxl"), ("ange report", "malxl"), ("malxl --help", "malxl")} <= steps
    for r in data["results"]:
        assert {"median_s", "rows_per_s", "peak_rss_mb", "runs", "seconds", "rows", "scale"} <= set(r)
        assert r["median_s"] > 0 and r["peak_rss_mb"] > 0
    baselines = [r for r in data["results"] if r["tool"] != "malxl" and not r["tool"].startswith("malxl (")]
    assert all("malxl_over_baseline" in r for r in baselines)


def test_the_device_benchmark_takes_each_device_out_in_every_process(tmp_path):
    """benchmarks/devices.py's switch: the patch is made in the command and in collect's workers alike."""
    import os

    code = ("from malxl.workbook import ooxml; from malxl.workbook.isolate import run_isolated; "
            "import malxl.workbook.ooxml as o; "
            "print(o.QuickScan is o.SheetScan, run_isolated(eval, ['__import__(\"malxl.workbook.ooxml\", "
            "fromlist=[\"x\"]).QuickScan.__name__'], workers=1)[0])")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks" / "without"), "MALXL_BENCH_WITHOUT": "quickscan"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "SheetScan"], out.stderr[-2000:]
    env["MALXL_BENCH_WITHOUT"] = "none"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "QuickScan"], out.stderr[-2000:]

    results = tmp_path / "devices.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "devices.py"), "--workbooks", "0",
                           "--ange-runs", "1", "--devices", "quickscan", "--work", str(tmp_path / "work"),
                           "--json", str(results)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    [r] = json.loads(results.read_text(encoding="utf-8"))
    assert (r["device"], r["scale"], len(r["runs"]["with"]), len(r["runs"]["without"])) == ("quickscan", "Ånge", 1, 1)
