"""A deadline for each step of a phase, kept by killing the phase's Chromium when a step overruns it.

Playwright bounds a navigation or a wait, but not ``frame.evaluate`` nor a
call into a renderer that a script keeps busy (``while (true) {}``): the
call waits forever, and so would the scan. The sync API may not be called
from another thread, so the watchdog cannot ask Playwright to give up;
instead, at the deadline, it kills the browser the step waits on, found by
the profile folder that only this phase's Chromium was started with. The
waiting call then raises in the main thread, and the visit turns that into
a :class:`~privacy_notices.scan.observed.ScanFailed` saying the page did not
respond. Finding the processes reads ``/proc``: Linux only, where the scan's
Debian Chromium runs; elsewhere a hung step still hangs.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def chromium_processes(profile: Path) -> list[int]:
    """The ids of the processes started with ``--user-data-dir=profile``: a browser and its helpers.

    A helper process rewrites its command line as one string, so the flag is looked for as a word of it.
    """
    flag = f"--user-data-dir={profile}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().replace(b"\0", b" ").split(b" ")
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if flag in words:
            found.append(int(entry.name))
    return found


def kill_chromium(profile: Path) -> None:
    """Kill every process of the Chromium using ``profile``, with their process groups (the renderers are in the browser's)."""
    for pid in chromium_processes(profile):
        try:
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except OSError:
            continue  # it ended on its own meanwhile


class Watchdog:
    """Kills a phase's Chromium when a step runs past its deadline; :attr:`fired` names the page it was at."""

    def __init__(self, profile: Path, seconds: float) -> None:
        self.profile, self.seconds = profile, seconds
        self.fired: str | None = None
        """The page whose step overran, once the browser was killed for it."""
        self._deadline: float | None = None
        self._page = self._busy = ""
        self.busy = ""
        """What kept the page busy, as the step that overran said."""
        self._changed = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._watch, name="notices-scan-watchdog", daemon=True)
        self._thread.start()

    @contextmanager
    def step(self, page: str, grace: float = 0.0, busy: str = "a script kept the page busy") -> Iterator[None]:
        """Bound the block to the plan's timeout (plus ``grace``, for a call whose own timeout should speak first);
        ``busy`` says what would have kept it waiting, for the message."""
        with self._changed:
            self._deadline, self._page, self._busy = time.monotonic() + self.seconds + grace, page, busy
            self._changed.notify()
        try:
            yield
        finally:
            with self._changed:
                self._deadline = None
                self._changed.notify()

    def stop(self) -> None:
        """End the watching thread (the phase is over)."""
        with self._changed:
            self._stopped = True
            self._changed.notify()
        self._thread.join()

    def _watch(self) -> None:
        with self._changed:
            while not self._stopped:
                if self._deadline is None:
                    self._changed.wait()
                elif (left := self._deadline - time.monotonic()) > 0:
                    self._changed.wait(left)
                else:
                    self.fired, self.busy, self._deadline = self._page, self._busy, None
                    kill_chromium(self.profile)
