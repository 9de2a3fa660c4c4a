"""Run a function on each item in worker processes that may crash, hang or run out of memory alone.

A reader can abort the whole process on a hostile file (calamine does, on an
allocation it cannot make), loop for a long time, or need more memory than
the machine should give it. :func:`run_isolated` runs each item in a worker
process whose address space is capped (``RLIMIT_AS``); a worker that dies or
runs past its time gives that item a :class:`Failure` and is replaced, and
the other items go on.

Workers are fresh interpreters (``python -c``) that talk to this process over
two pipes with pickled messages: unlike multiprocessing's spawn and
forkserver, they never re-import the caller's ``__main__`` (a script without a
main guard still works), and unlike fork they never copy a caller's threads.
Starting one costs about 0.1 s (the interpreter and malxl's imports), paid in
parallel; idle workers are kept for the next call in the same process and
stop when it exits.

Two paths, chosen by what the platform offers (:mod:`malxl.capabilities`):
where ``Popen`` passes extra pipe ends (POSIX), a worker gets its own pair and
this process waits on them with a selector, and the worker caps its address
space where ``resource`` can. Elsewhere (Windows) the worker's stdin and stdout
are the pipes, a thread per worker reads its answers, and a worker past its
time is terminated; memory is then bounded by preflight's limits alone.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import selectors
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import capabilities

#: The folder holding the malxl package: a worker started with ``-I`` (no PYTHONPATH) imports malxl from it.
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MAX_WORKERS = 4
_HEADER = struct.Struct("<Q")


@dataclass(frozen=True)
class Failure:
    """Why an item has no result: ``kind`` is "crashed", "timeout" or "memory"; ``detail`` what is known."""

    kind: str
    detail: str = ""


def default_workers(items: int) -> int:
    """As many workers as cores (at most :data:`MAX_WORKERS`), never more than items."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, items))


def run_isolated(func, items, context: tuple = (), workers: int | None = None, timeout: float = 60.0,
                 memory: int | None = None, receive: Callable[[Any], Any] | None = None) -> list:
    """``func(*context, item)`` for every item, each in a worker process; the results in item order.

    ``items`` may be a generator: it is drawn from only as workers become free,
    so what makes the items (reading, hashing) overlaps the workers' work.
    An item whose worker dies, runs longer than ``timeout`` seconds or runs
    out of memory gets a :class:`Failure` instead of a result. ``memory`` caps
    each worker's address space in bytes. ``workers=0`` runs everything in this
    process, without isolation (for debugging). ``func`` must be a module-level
    function; ``context``, the items and the results must pickle. ``receive``,
    if given, is called in this process with each result (not a Failure) as it
    arrives, and what it returns is kept: the place to let go of what a result
    holds twice before the next one arrives.
    """
    keep = _Keep(receive)
    if workers == 0:
        return [keep(_call(func, context, item)) for item in items]
    if workers is None:
        workers = default_workers(len(items) if hasattr(items, "__len__") else MAX_WORKERS)
    return _Pool(func, context, workers, timeout, memory, keep).run(items)


class _Keep:
    """What is kept of a result: ``receive``'s answer, or the result itself (a Failure always)."""

    def __init__(self, receive: Callable[[Any], Any] | None):
        self.receive = receive

    def __call__(self, result):
        if self.receive is None or isinstance(result, Failure):
            return result
        return self.receive(result)


def _call(func, context, item):
    try:
        return func(*context, item)
    except MemoryError:
        return Failure("memory")


# -- the worker side ----------------------------------------------------------------------------------------------


def serve(task_fd: int, result_fd: int, memory: int) -> None:
    """A worker's loop on its own pipes: read ``(func, context)``, then ``(index, item)`` messages until None."""
    if memory and capabilities.MEMORY_LIMIT:
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ValueError, OSError):
            pass  # a lower hard limit is already in place
    _serve(os.fdopen(task_fd, "rb"), os.fdopen(result_fd, "wb"))


def serve_stdio() -> None:
    """A worker's loop where no extra pipes can be passed: tasks on stdin, answers on (a copy of) stdout."""
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what a library prints goes to stderr, never into the answers
    sys.stdout = sys.stderr
    _serve(sys.stdin.buffer, results)


def _serve(tasks, results) -> None:
    func, context = None, ()
    while True:
        message = _receive(tasks)
        if message is None:
            return
        if message[0] == "setup":
            _, func, context = message
            continue
        _, index, item = message
        result = _call(func, context, item)
        try:
            data = pickle.dumps((index, result), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps((index, Failure("memory")))
        results.write(_HEADER.pack(len(data)) + data)
        results.flush()


def _receive(stream):
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


# -- the caller's side --------------------------------------------------------------------------------------------


class _Worker:
    def __init__(self, memory: int | None):
        self.memory = memory
        self.buffer = b""
        self.task: int | None = None
        self.deadline = 0.0
        self.setup: object = None  # the (func, context) it holds
        self.sink: queue.SimpleQueue | None = None  # where its answers go on the portable path
        if capabilities.pass_fds():
            self._start_with_pipes(memory)
        else:
            self._start_with_stdio()

    def _start_with_stdio(self) -> None:
        root = _ROOT
        code = f"import sys; sys.path.insert(0, {root!r}); from malxl.workbook.isolate import serve_stdio; serve_stdio()"
        self.stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-c", code], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.stderr)
        except BaseException:
            self.stderr.close()
            raise
        assert self.process.stdin is not None  # stdin=PIPE
        self.tasks = self.process.stdin
        self.results: int | None = None
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        """Pass each answer the worker writes to its current sink; ``_GONE`` when it ends."""
        stream = self.process.stdout
        assert stream is not None  # stdout=PIPE
        try:
            while True:
                try:
                    message = _receive(stream)
                except Exception:  # a torn message: the worker died while writing
                    message = None
                sink = self.sink
                if sink is not None:
                    sink.put((self, _GONE if message is None else message))
                if message is None:
                    return
        finally:
            stream.close()

    def _start_with_pipes(self, memory: int | None) -> None:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        root = _ROOT
        code = (f"import sys; sys.path.insert(0, {root!r}); from malxl.workbook.isolate import serve; "
                f"serve({task_r}, {result_w}, {int(memory or 0)})")
        self.stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-c", code], pass_fds=(task_r, result_w),
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr)
        except BaseException:
            for fd in (task_w, result_r):
                os.close(fd)
            self.stderr.close()
            raise
        finally:
            os.close(task_r)
            os.close(result_w)
        self.tasks = os.fdopen(task_w, "wb")
        self.results = result_r

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message) -> None:
        self.send_pickled(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def send_pickled(self, data: bytes) -> None:
        self.tasks.write(_HEADER.pack(len(data)) + data)
        self.tasks.flush()

    def read(self):
        """Take what the pipe holds: the answer once it is whole, None until then; EOFError if the worker is gone."""
        chunk = os.read(self.results, 1024 * 1024)
        if not chunk:
            raise EOFError
        self.buffer += chunk
        if len(self.buffer) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack(self.buffer[:_HEADER.size])
        if len(self.buffer) < _HEADER.size + size:
            return None
        data, self.buffer = self.buffer[_HEADER.size:_HEADER.size + size], self.buffer[_HEADER.size + size:]
        return pickle.loads(data)

    def why(self) -> str:
        """How the worker ended: its exit status and the last line it wrote to stderr."""
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return ""
        self.stderr.seek(0, os.SEEK_END)
        self.stderr.seek(max(0, self.stderr.tell() - 2000))
        lines = [line for line in self.stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        status = f"signal {-code}" if code < 0 else f"exit code {code}"
        first = next((line.strip() for line in lines if "memory allocation" in line or "Error" in line), "")
        return f"{status}; {first}" if first else status

    def stop(self, kill: bool = False) -> None:
        try:
            if not kill:
                self.tasks.write(_HEADER.pack(len(_NONE)) + _NONE)
                self.tasks.flush()
        except OSError:
            kill = True
        try:
            self.tasks.close()
        except OSError:
            pass
        if kill:
            capabilities.stop_process(self.process)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            capabilities.stop_process(self.process)
            self.process.wait()
        if self.results is not None:
            os.close(self.results)
        self.stderr.close()


_NONE = pickle.dumps(None)
_GONE = object()  # the portable path's word for a worker whose answers ended
_idle: list[_Worker] = []  # kept between calls
_lock = threading.Lock()


def _take(memory: int | None) -> _Worker:
    with _lock:
        while _idle:
            w = _idle.pop()
            if w.memory == memory and w.alive():
                return w
            w.stop(kill=True)
    return _Worker(memory)


def _keep(workers: list[_Worker]) -> None:
    with _lock:
        for w in workers:
            w.setup = None
            if len(_idle) < MAX_WORKERS and w.alive():
                _idle.append(w)
            else:
                w.stop()


@atexit.register
def stop_idle() -> None:
    """Stop the workers kept for a next call (collect does, before it writes: their memory is let go)."""
    with _lock:
        while _idle:
            _idle.pop().stop()


class _Items:
    """The items of a run, drawn one ahead from a list or a generator; an item to try again comes first."""

    def __init__(self, items, results: list):
        self.source, self.results = iter(items), results
        self.taken: list = []
        self.retry: deque[int] = deque()
        self.ahead: tuple[int, object] | None = None

    def more(self) -> bool:
        if self.retry or self.ahead is not None:
            return True
        for item in self.source:
            self.taken.append(item)
            self.results.append(None)
            self.ahead = (len(self.taken) - 1, item)
            return True
        return False

    def take(self) -> tuple[int, object]:
        if self.retry:
            index = self.retry.popleft()
            return index, self.taken[index]
        taken, self.ahead = self.ahead, None
        assert taken is not None  # more() drew it
        return taken

    def again(self, index: int) -> None:
        self.retry.append(index)


class _Pool:
    def __init__(self, func, context, workers: int, timeout: float, memory: int | None, keep: _Keep):
        self.func, self.context, self.memory, self.keep = func, context, memory, keep
        self._setup: bytes | None = None  # the setup message, pickled once for every worker
        self.size, self.timeout = workers, timeout

    def run(self, items) -> list:
        results: list = []
        source = _Items(items, results)
        idle: list[_Worker] = []
        busy: set[_Worker] = set()
        retried: set[int] = set()
        answers = _Answers()
        try:
            while busy or source.more():
                self._start(source, idle, busy, results)
                self._hand_out(source, idle, busy, retried, answers, results)
                if busy:
                    self._wait(idle, busy, answers, results)
        finally:
            for w in list(busy):
                w.stop(kill=True)
            _keep(idle)
            answers.close()
        return results

    def _start(self, source: _Items, idle: list[_Worker], busy: set[_Worker], results: list) -> None:
        """Workers taken (kept or started) up to the pool's size while items are left; where none can be
        started at all, the items read in this process."""
        while source.more() and len(idle) + len(busy) < self.size:
            try:
                idle.append(_take(self.memory))
            except OSError:  # no process can be started here (limits, no interpreter): read in this one
                if idle or busy:
                    return
                while source.more():
                    index, item = source.take()
                    results[index] = self.keep(_call(self.func, self.context, item))

    def _hand_out(self, source: _Items, idle: list[_Worker], busy: set[_Worker], retried: set[int],
                  answers: _Answers, results: list) -> None:
        """An item to each idle worker; one that died before taking it is tried again on another, once."""
        while idle and source.more():
            w = idle.pop()
            index, item = source.take()
            answers.watch(w)
            try:
                if w.setup is not self:
                    if self._setup is None:
                        self._setup = pickle.dumps(("setup", self.func, self.context), protocol=pickle.HIGHEST_PROTOCOL)
                    w.send_pickled(self._setup)
                    w.setup = self
                w.send(("task", index, item))
            except OSError:  # the worker died before taking the item: another one gets it, once
                answers.unwatch(w)
                why = w.why()
                w.stop(kill=True)
                if index in retried:
                    results[index] = Failure("crashed", why)
                else:
                    retried.add(index)
                    source.again(index)
                continue
            w.task, w.deadline = index, time.monotonic() + self.timeout
            busy.add(w)

    def _wait(self, idle: list[_Worker], busy: set[_Worker], answers: _Answers, results: list) -> None:
        """The answers that come before the first deadline; a worker that ended or ran out of time retired."""
        left = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        for w, answer in answers.wait(left):
            if w not in busy:
                continue  # the end of a worker already retired
            if answer is _GONE:
                results[w.task] = self._retire(  # type: ignore[index]  # a busy worker has a task
                    w, busy, answers, Failure("crashed", w.why()))
                continue
            index, result = answer
            results[index] = self.keep(result)
            busy.discard(w)
            answers.unwatch(w)
            w.task = None
            idle.append(w)
        now = time.monotonic()
        for w in [w for w in busy if now >= w.deadline]:
            results[w.task] = self._retire(  # type: ignore[index]  # a busy worker has a task
                w, busy, answers, Failure("timeout"))

    @staticmethod
    def _retire(w: _Worker, busy: set, answers: _Answers, failure: Failure) -> Failure:
        """Take a worker that crashed or ran out of time out of the pool (a new one takes the next item)."""
        busy.discard(w)
        answers.unwatch(w)
        w.stop(kill=True)
        return failure


class _Answers:
    """Waits for busy workers' answers: a selector on their own pipes, or the queue their reader threads fill."""

    def __init__(self):
        self.selector = selectors.DefaultSelector() if capabilities.pass_fds() else None
        self.queue: queue.SimpleQueue = queue.SimpleQueue()

    def watch(self, w: _Worker) -> None:
        if self.selector:
            self.selector.register(w.results, selectors.EVENT_READ, w)
        else:
            w.sink = self.queue

    def unwatch(self, w: _Worker) -> None:
        if self.selector:
            self.selector.unregister(w.results)

    def wait(self, timeout: float) -> list[tuple[_Worker, Any]]:
        """``(worker, answer)`` for the answers that came within ``timeout`` seconds; ``_GONE`` for a worker that ended."""
        got = []
        if self.selector:
            for key, _ in self.selector.select(timeout=timeout):
                try:
                    answer = key.data.read()
                except (EOFError, OSError):
                    answer = _GONE
                if answer is not None:
                    got.append((key.data, answer))
            return got
        try:
            got.append(self.queue.get(timeout=timeout))
            while True:
                got.append(self.queue.get_nowait())
        except queue.Empty:
            return got

    def close(self) -> None:
        if self.selector:
            self.selector.close()
