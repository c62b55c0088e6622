"""Python's full garbage collections, run when nobody waits for the screen.

A full (generation 2) collection walks every object the collector tracks. The screens a visitor
leaves are garbage in reference cycles, and they wait in the oldest generation: on the 2,000-offer
pack one full collection took 100-130 ms here and came on one row tap in three (bench/tap), just
when the next screen was being built. The kiosk turns Python's own trigger down to a safety net
and runs the collection itself in a frame when the screen has settled: no finger is down, and
the last QUIET_FRAMES frames drew nothing (or no touch has ended for READING_SECONDS, which an
animation like the attract loop's needs). The visitor is then looking at an answer that is already drawn.
"""

from __future__ import annotations

import gc

DUE = 10  # young (generation 1) collections since the last full one: Python's own threshold
SAFETY = 30  # ... after which Python collects by itself again, even in the middle of a tap (its own: 10)
QUIET_FRAMES = 2  # frames in a row that drew nothing: the screen has settled
READING_SECONDS = 2.0  # no touch ended for this long: nobody is waiting, even while something moves


class QuietCollector:
    """Full collections in settled frames; `collections` counts those it ran."""

    def __init__(self, window, clock):
        from kivy.base import EventLoop

        self._clock = clock
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

    def _tick(self, _dt) -> None:
        # Kivy's clock runs before the frame draws: `_drew` says whether the last frame did
        drew, self._drew = self._drew, False
        self._quiet = 0 if drew else self._quiet + 1
        if self._touches or gc.get_count()[2] < DUE:
            return
        if self._quiet < QUIET_FRAMES and self._clock.get_time() - self._last_touch < READING_SECONDS:
            return
        gc.collect(2)
        self.collections += 1
