"""Make this Python look like Windows's to malxl: on PYTHONPATH, it takes away what Windows's Python lacks.

No ``os.fork``, no ``resource`` or ``fcntl`` module, no ``SIGKILL``/``SIGALRM``,
``Popen`` refuses ``pass_fds`` and ``preexec_fn`` as Windows's does, and
multiprocessing offers only the ``spawn`` start method. ``.ci/run`` runs the
cycle and hostile-inbox tests a second time in such a Python.
"""

import os
import signal
import subprocess
import sys

for name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, name):
        delattr(os, name)
for name in ("resource", "fcntl"):
    sys.modules[name] = None  # import raises ImportError, as on Windows
for name in ("SIGKILL", "SIGALRM", "alarm", "setitimer", "SIGCHLD"):
    if hasattr(signal, name):
        delattr(signal, name)

_popen_init = subprocess.Popen.__init__


def _windows_popen_init(self, args, *rest, preexec_fn=None, pass_fds=(), **kwargs):
    if preexec_fn is not None:
        raise ValueError("preexec_fn is not supported on Windows platforms")
    if pass_fds:
        raise AssertionError("pass_fds not supported on Windows.")
    _popen_init(self, args, *rest, **kwargs)


subprocess.Popen.__init__ = _windows_popen_init

import multiprocessing  # noqa: E402
import multiprocessing.context as _context  # noqa: E402

for name in ("fork", "forkserver"):
    _context._concrete_contexts.pop(name, None)
_context.DefaultContext.get_all_start_methods = lambda self: ["spawn"]
multiprocessing.get_all_start_methods = _context._default_context.get_all_start_methods
multiprocessing.set_start_method("spawn", force=True)
