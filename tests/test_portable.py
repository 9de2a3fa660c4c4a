"""The portable path: what a Python without fork, resource, fcntl, pass_fds and SIGKILL (Windows's) runs.

``tests/windowslike/sitecustomize.py`` makes such a Python on Linux; ``.ci/run``
runs the cycle and hostile-inbox tests a second time in it. Here: that it
really takes those away, and that malxl then chooses the portable path.
"""

import os
import subprocess
import sys
from pathlib import Path

WINDOWSLIKE = Path(__file__).parent / "windowslike"


def windowslike(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(WINDOWSLIKE), str(WINDOWSLIKE.parent.parent)]))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_windowslike_python_lacks_what_windows_lacks():
    out = windowslike(
        "import os, signal, subprocess, sys, multiprocessing\n"
        "missing = []\n"
        "for name in ('resource', 'fcntl'):\n"
        "    try: __import__(name)\n"
        "    except ImportError: missing.append(name)\n"
        "missing += [n for n in ('fork',) if not hasattr(os, n)]\n"
        "missing += [n for n in ('SIGKILL', 'SIGALRM') if not hasattr(signal, n)]\n"
        "for arg in ({'pass_fds': (0,)}, {'preexec_fn': print}):\n"
        "    try: subprocess.Popen([sys.executable, '-c', ''], **arg).wait()\n"
        "    except (AssertionError, ValueError): missing.append(next(iter(arg)))\n"
        "print(' '.join(missing), multiprocessing.get_all_start_methods())")
    assert out == "resource fcntl fork SIGKILL SIGALRM pass_fds preexec_fn ['spawn']"


def _pid(_):
    return os.getpid()


def test_malxl_takes_the_portable_path_there_and_reads_in_worker_processes():
    out = windowslike(
        "import os\n"
        "from malxl.workbook import capabilities, isolate\n"
        "from tests.test_portable import _pid\n"
        "print(capabilities.MEMORY_LIMIT, capabilities.KILL_SIGNAL, capabilities.fork(), capabilities.pass_fds())\n"
        "pids = isolate.run_isolated(_pid, [1, 2, 3, 4], workers=2)\n"
        "print(len(pids), os.getpid() in pids, len(set(pids)))\n")
    assert out.splitlines() == ["False False False False", "4 False 2"]
