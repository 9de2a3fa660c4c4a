"""What the running Python offers, decided once here: the rest of malxl asks this module, never the OS's name.

Each switch names a capability, not a platform. Where one is missing malxl
takes a portable path that gives the same content (see ``isolate.py``,
``generate.py``); a Python without any of them (Windows's) runs every command.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys

try:
    import resource as _resource
except ImportError:  # Windows
    _resource = None  # type: ignore[assignment]  # the module or None: asked below, once

#: A worker's address space can be capped (``resource.RLIMIT_AS``): a reader that overreaches fails alone.
MEMORY_LIMIT = _resource is not None and hasattr(_resource, "RLIMIT_AS") and hasattr(_resource, "setrlimit")

#: ``Popen.kill`` sends SIGKILL; without it ``terminate`` is the hardest stop (TerminateProcess on Windows).
KILL_SIGNAL = hasattr(signal, "SIGKILL")


@functools.cache
def fork() -> bool:
    """Whether worker processes can be forked (``os.fork`` and multiprocessing's "fork" start method)."""
    if not hasattr(os, "fork"):
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@functools.cache
def pass_fds() -> bool:
    """Whether ``subprocess.Popen`` hands a child extra pipe ends (``pass_fds``); tried once, with a child that exits."""
    if not hasattr(os, "pipe"):
        return False
    read, write = os.pipe()
    try:
        child = subprocess.Popen([sys.executable, "-I", "-S", "-c", ""], pass_fds=(read,),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (AssertionError, ValueError, TypeError, NotImplementedError, OSError):
        return False
    finally:
        os.close(read)
        os.close(write)
    child.wait()
    return True


def stop_process(process: subprocess.Popen) -> None:
    """Stop a child at once: SIGKILL where there is one, else ``terminate`` (which is the hard stop on Windows)."""
    if KILL_SIGNAL:
        process.kill()
    else:
        process.terminate()
