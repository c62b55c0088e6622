"""Work that waits until nobody waits for the screen: Python's full garbage collections, and
errands (work done ahead of time, such as measuring a screen's texts in the languages a visitor
may choose next: kiosk/rehearse.py).

A full (generation 2) collection walks every object the collector tracks. The screens a visitor
leaves are garbage in reference cycles, and they wait in the oldest generation: on the 2,000-offer
pack one full collection took 100-130 ms here and came on one row tap in three (bench/tap), just
when the next screen was being built. The kiosk turns Python's own trigger down to a safety net
and runs the collection itself in a frame when the screen has settled: no finger is down, and
the last QUIET_FRAMES frames drew nothing (or no touch has ended for READING_SECONDS, which an
animation like the attract loop's needs). The visitor is then looking at an answer that is already drawn.

Errands run in the same settled frames, after a collection, for at most ERRAND_BUDGET_S of each
frame: a finger that comes down meanwhile waits at most that long.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator

log = logging.getLogger("kiosk.heap")

DUE = 10  # young (generation 1) collections since the last full one: Python's own threshold
SAFETY = 30  # ... after which Python collects by itself again, even in the middle of a tap (its own: 10)
QUIET_FRAMES = 2  # frames in a row that drew nothing: the screen has settled
READING_SECONDS = 2.0  # no touch ended for this long: nobody is waiting, even while something moves
ERRAND_BUDGET_S = 0.006  # of a settled frame, for errands: well inside a frame at 60 Hz


class QuietCollector:
    """Full collections and errands in settled frames; `collections` counts the collections it
    ran. `timer` (seconds, for the errands' budget) is injectable."""

    def __init__(self, window, clock, timer=time.perf_counter):
        from kivy.base import EventLoop

        self._clock = clock
        self._timer = timer
        self._errands: list[Iterator] = []
        self._touches = EventLoop.touches  # the fingers down now (Kivy keeps this list)
        self.collections = 0
        self._drew = True
        self._quiet = 0  # frames in a row that drew nothing
        self._last_touch = clock.get_time()
        young, middle, _old = gc.get_threshold()
        gc.set_threshold(young, middle, SAFETY)
        window.bind(on_flip=self._flipped, on_touch_down=self._touched, on_touch_up=self._touched)
        self._event = clock.schedule_interval(self._tick, 0)  # every frame, for the kiosk's life

    def _flipped(self, *_args) -> None:
        self._drew = True

    def _touched(self, *_args) -> None:
        self._last_touch = self._clock.get_time()
        self._drew = True  # the screen answers it in the next frame: not that frame's time

    def errand(self, steps: Iterator) -> None:
        """Run `steps` in settled frames: each `next(steps)` one small piece of work (a few
        milliseconds at most), until it is exhausted. Errands run one after the other, in the
        order given; one that raises is logged and dropped. An errand that may become pointless
        (the visitor moved on) checks that itself and stops."""
        self._errands.append(steps)

    @property
    def errands(self) -> int:
        """Errands not yet done."""
        return len(self._errands)

    def _tick(self, _dt) -> None:
        # Kivy's clock runs before the frame draws: `_drew` says whether the last frame did
        drew, self._drew = self._drew, False
        self._quiet = 0 if drew else self._quiet + 1
        if self._touches:
            return
        if self._quiet < QUIET_FRAMES and self._clock.get_time() - self._last_touch < READING_SECONDS:
            return
        if gc.get_count()[2] >= DUE:
            gc.collect(2)
            self.collections += 1
        if self._errands:
            self._run_errands()

    def _run_errands(self) -> None:
        end = self._timer() + ERRAND_BUDGET_S
        while self._errands:
            steps = self._errands[0]
            try:
                next(steps)
            except StopIteration:
                self._errands.pop(0)
            except Exception:  # work ahead of time is never worth a broken screen
                log.exception("an errand failed and is dropped")
                self._errands.pop(0)
            if self._timer() >= end:
                return
