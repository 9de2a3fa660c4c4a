"""The benchmark's switch for measuring a speed device by its absence (benchmarks/devices.py).

Put on PYTHONPATH with ``MALXL_BENCH_WITHOUT=<device>``; every Python process of the run (collect's
workers included) takes the device out by patching malxl as it is imported. Nothing in malxl reads
the variable: the product has no such knob.
"""

import os

DEVICE = os.environ.get("MALXL_BENCH_WITHOUT", "")
if DEVICE:
    import malxl_without

    malxl_without.patch(DEVICE)
    malxl_without.pass_on(DEVICE)
