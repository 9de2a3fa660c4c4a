"""What each speed device buys: a malxl command with and without it, runs alternating.

    python benchmarks/devices.py --workbooks 300 --activities 300 --runs 2 --json devices.json

For each device (``benchmarks/without/sitecustomize.py`` says how each is taken out: a patch made in
every Python process of the run when ``MALXL_BENCH_WITHOUT`` names it; malxl itself reads no such
variable) the command it serves runs with and without it, alternately and in swapped order each
round, on the Ånge example and on a synthetic plan and inbox (``synth.py``). Wall time (median) and
the process tree's peak memory (PSS) as ``bench.py`` measures them. benchmarks/README.md has the
figures and what was kept.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from bench import HERE, ROOT, _fresh, malxl_cmd, run

WITHOUT = HERE / "without"
# device -> the commands it serves ("collect", "again": collect over its own output, "generate")
DEVICES = {  # the devices that stay (README.md there: those measured and removed)
    "bulk": ("collect",), "quickscan": ("collect",), "planparts": ("collect",), "fork": ("generate",),
}


def measure(root: Path, device: str, step: str, runs: int, plan: str | None) -> dict:
    plan_args = ["--plan", plan] if plan else []
    out = {"with": [], "without": []}
    for i in range(runs):
        for arm in (("with", "without") if i % 2 == 0 else ("without", "with")):
            env = {"PYTHONPATH": str(WITHOUT), "MALXL_BENCH_WITHOUT": device if arm == "without" else "none"}
            if step == "generate":
                cmd = malxl_cmd("generate", *(plan_args[1:] or ["plan.xlsx"]), "-o", _fresh(root / "utkorg-run"))
            elif step == "again":
                merged = root / f"again-{arm}.xlsx"
                if not merged.exists():
                    run(malxl_cmd("collect", "inbox", *plan_args, "-o", merged), root, ok=(0, 1), env=env)
                cmd = malxl_cmd("collect", "inbox", *plan_args, "-o", merged)
            else:
                cmd = malxl_cmd("collect", "inbox", *plan_args, "-o", _fresh(root / f"merged-{arm}.xlsx"))
            r = run(cmd, root, ok=(0, 1), env=env)
            out[arm].append((round(r.seconds, 3), round(r.peak_bytes / 2**20, 1)))
    w = statistics.median(s for s, _ in out["with"])
    wo = statistics.median(s for s, _ in out["without"])
    mw = max(m for _, m in out["with"])
    mwo = max(m for _, m in out["without"])
    return {"device": device, "step": step, "runs": out, "with_s": w, "without_s": wo,
            "time_bought": round(1 - w / wo, 3), "with_mb": mw, "without_mb": mwo,
            "memory_bought": round(1 - mw / mwo, 3)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workbooks", type=int, default=300)
    p.add_argument("--activities", type=int, default=300)
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--ange-runs", type=int, default=4)
    p.add_argument("--devices", default=",".join(DEVICES))
    p.add_argument("--work", type=Path, default=Path("/tmp/malxl-devices"))
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    devices = args.devices.split(",")
    results = []

    ange = args.work / "ange2023"
    if not ange.exists():
        ange.mkdir(parents=True)
        shutil.copy(ROOT / "examples" / "ange2023" / "plan.xlsx", ange / "plan.xlsx")
        shutil.copytree(ROOT / "examples" / "ange2023" / "inbox", ange / "inbox")
    scale = args.work / f"{args.workbooks}x{args.activities}"
    if args.workbooks and not (scale / "inbox").exists():
        import synth

        from malxl.plan import write_plan

        scale.mkdir(parents=True, exist_ok=True)
        plan = synth.make_plan(args.workbooks, args.activities)
        write_plan(plan, scale / "plan.xlsx")
        run(malxl_cmd("generate", scale / "plan.xlsx", "-o", _fresh(scale / "utkorg")), scale)
        synth.fill_inbox(plan, scale / "utkorg", _fresh(scale / "inbox"))
    for device in devices:
        for step in DEVICES[device]:
            places = [("Ånge", ange, args.ange_runs, None)]
            if args.workbooks:
                places.append((f"{args.workbooks}x{args.activities}", scale, args.runs, str(scale / "plan.xlsx")))
            for name, root, runs, plan in places:
                r = measure(root, device, step, runs, plan)
                r["scale"] = name
                results.append(r)
                print(f"{device:10} {step:8} {name:8} with {r['with_s']:6.2f} s {r['with_mb']:6.0f} MB  "
                      f"without {r['without_s']:6.2f} s {r['without_mb']:6.0f} MB  "
                      f"buys {r['time_bought']:+.0%} time {r['memory_bought']:+.0%} memory", flush=True)
                if args.json:
                    args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
