"""Progress on long work, shown to a person at a terminal and to nobody else.

Library functions take an optional ``progress`` callable and call it with the
fields of their progress text (``progress(done=12, total=300)``); they never
print. The CLI passes a :class:`Progress` when stderr is a terminal: it stays
silent for the first second (short work shows nothing), then rewrites one line
on stderr, and clears it when the work is done. With output redirected nothing
is shown at all, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: Seconds of work before anything is shown.
DELAY = 1.0
#: At most this many updates a second (a terminal that redraws slowly must not slow the work).
RATE = 10


class Progress:
    """One line of progress on ``stream``, made from ``text(**fields)``; see the module's docstring."""

    def __init__(self, text: Callable[..., str], stream: TextIO | None = None, delay: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.text = text
        self.stream = stream if stream is not None else sys.stderr
        self.delay = DELAY if delay is None else delay
        self.clock = clock
        self.started = clock()
        self.shown = 0.0  # when the line was last drawn (0: never)
        self.width = 0

    def __call__(self, **fields) -> None:
        now = self.clock()
        last = "total" in fields and fields.get("done") == fields["total"]  # the work's end is always drawn
        if now - self.started < self.delay or (self.shown and now - self.shown < 1 / RATE and not last):
            return
        line = self.text(**fields)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)
        self.shown = now

    def close(self) -> None:
        """Clear the line, if one was drawn, so what the command prints next starts on a clean line."""
        if self.shown:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.shown = 0.0


def for_terminal(text: Callable[..., str], stream: TextIO | None = None) -> Progress | None:
    """A :class:`Progress` if ``stream`` (default stderr) is a terminal, else None: nothing is shown."""
    stream = stream if stream is not None else sys.stderr
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # closed or not a file
        interactive = False
    return Progress(text, stream) if interactive else None
