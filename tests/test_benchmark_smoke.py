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
