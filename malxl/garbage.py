"""Python's cycle collector, run less often while a command works on a whole round (collect, status, report).

A round's plan, answers, indicator values and a report's document objects are tens of thousands of objects
that live until the command ends; at the default thresholds the collector goes over them again and again.
Measured (benchmarks/indicators.py's rounds, 50 departments x 100 activities, medians): collect 0.87 -> 0.74 s,
with 1,000 indicators x 10 years 1.37 -> 1.03 s; report with those indicators 7.82 -> 7.46 s and 10.53 ->
8.34 s in two runs, without them unchanged (5.37 -> 5.35 s, 6.02 -> 6.35 s). Only garbage in reference cycles
waits the longer: 50,000 new objects at most between the young generation's collections.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector's thresholds raised for the block, the caller's own put back after (also after an error)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
