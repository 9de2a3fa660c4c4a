"""The cost of a history: ``next``, ``generate`` and ``report`` with 10 earlier rounds against a first round.

    python benchmarks/history.py --activities 1000 --rounds 10 --runs 3

Builds a plan of ``--activities`` activities (20 departments, 50 development
goals, realistic text lengths from ``synth.py``) and a merged workbook where
every activity is answered and none is finished (so every round carries all of
them). The same merged workbook is written twice: once as a first round (no
history) and once with ``--rounds`` earlier rounds in its plan (every
activity's and goal's answer in each). Then, for each, the median over
``--runs`` of: ``malxl next`` (library call), ``malxl generate`` of the new
round's plan, and ``malxl report`` of the merged workbook. Prints the times and
the ratio history / first round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from malxl.generate import generate  # noqa: E402
from malxl.merged import write_merged  # noqa: E402
from malxl.models import (Activity, ActivityRow, Answer, Assessment, Department, Goal, KFGoal, Merged,  # noqa: E402
                          Plan, Settings)
from malxl.nextround import next_round  # noqa: E402
from malxl.plan import read_plan  # noqa: E402
from malxl.report import report  # noqa: E402
from synth import Words  # noqa: E402

STATUSES = ["Pågående enligt plan", "Pågående med avvikelse", "Försenad", "Vänteläge"]
LEVELS = ["Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt"]


def build(activities: int, rounds: int) -> tuple[Merged, Merged]:
    """The same round's merged state without and with ``rounds`` earlier rounds of history."""
    w = Words(15)
    departments = tuple(Department(f"Avdelning {i:02d}", f"Kontakt {i}", f"a{i}@example.se") for i in range(20))
    kf = tuple(KFGoal(str(k + 1), w.text(20, 60)) for k in range(10))
    goals = tuple(Goal(f"{k + 1}.{j + 1}", w.text(40, 120), str(k + 1), departments[(k * 5 + j) % 20].name)
                  for k in range(10) for j in range(5))
    acts = tuple(Activity(f"A{i + 1:05d}", w.text(20, 80), departments[i % 20].name, (goals[i % 50].id,),
                          date(2025, 1, 1) + timedelta(days=i % 300)) for i in range(activities))
    settings = Settings("Benchby kommun", "Delår 2026", date(2026, 8, 31), date(2026, 9, 14), "Eva Ek", "eva@example.se")
    plan = Plan(settings, kf, goals, acts, departments)
    rows = [ActivityRow(a.id, a.title, a.department, a.goal_ids, a.planned_end, STATUSES[i % 4], a.planned_end,
                        w.text(40, 200) if i % 4 else "", f"{a.department}.xlsx", answered=True)
            for i, a in enumerate(acts)]
    assessments = [Assessment(g.id, LEVELS[i % 4], w.text(100, 400), f"{g.owner}.xlsx") for i, g in enumerate(goals)]
    history = []
    for n in range(rounds):
        period = f"Period {n + 1:02d}"
        # The last round differs from this one in one activity and goal in 20, as a real round would.
        shift = (lambda i: (i % 20 == 0) * (n + 1)) if n == rounds - 1 else (lambda i: i + n + 1)
        history += [Answer(period, "a", a.id, STATUSES[(i + shift(i)) % 4], a.planned_end - timedelta(days=shift(i)),
                           w.text(40, 200)) for i, a in enumerate(acts)]
        history += [Answer(period, "g", g.id, LEVELS[(i + shift(i)) % 4], None, w.text(100, 400))
                    for i, g in enumerate(goals)]
    answered = {d.name: f"{d.name}.xlsx" for d in departments}

    def merged(p):
        return Merged(p, rows, assessments, [], [], answered, collected={a.goal_id: (a.level, a.analysis)
                                                                        for a in assessments})

    return merged(plan), merged(replace(plan, history=tuple(history)))


def timed(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--activities", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    first, later = build(args.activities, args.rounds)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, merged in (("first round", first), ("history", later)):
            path = write_merged(merged, work / f"{name}.xlsx")
            count = [0]

            def roll():
                count[0] += 1
                next_round(path, work / f"{name}-next-{count[0]}", "Nästa", date(2026, 12, 31))

            t_next = timed(roll, args.runs)
            plan = read_plan(work / f"{name}-next-1" / "plan.xlsx")
            t_generate = timed(lambda: generate(plan, work / f"{name}-utkorg", workers=1), args.runs)
            t_report = timed(lambda: report(path, work / f"{name}-rapport"), args.runs)
            results[name] = (t_next, t_generate, t_report)
    print(f"{args.activities} activities, {args.rounds} earlier rounds of history, median of {args.runs} runs\n")
    print("| step | first round (s) | with history (s) | ratio |")
    print("|---|---:|---:|---:|")
    for i, step in enumerate(("next", "generate", "report")):
        a, b = results["first round"][i], results["history"][i]
        print(f"| {step} | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    a, b = sum(results["first round"]), sum(results["history"])
    print(f"| all three | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
