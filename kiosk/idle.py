"""Notice when the visitor has gone: no touch for a while means the next person is coming."""

from __future__ import annotations

import logging
import time

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import NumericProperty, OptionProperty


log = logging.getLogger("kiosk.idle")

STALE_SECONDS = 1.0  # touches that waited longer than this for a busy main thread are dropped


class IdleWatch(EventDispatcher):
    """Watches every touch on `window` and tells when nobody has touched it for `timeout` seconds.

    Events:
      `on_warning(seconds_left)`: each tick during the last `warn_for` seconds before `on_idle`;
      `on_idle()`: once, when `timeout` seconds passed without a touch;
      `on_active()`: at the first touch after a warning or after idle.

    A finger that stays down counts as a touch for as long as it is down, so the timer never fires
    under a finger. Time comes from `now` (Kivy's frame clock by default), never from sleeping.

    It also drops touches that queued up while the main thread was held (a plugin's hook that
    slept or looped for more than STALE_SECONDS): replayed afterwards they would land on whatever
    screen came up in the meantime, not on what the visitor saw when they tapped.
    """

    __events__ = ("on_warning", "on_idle", "on_active")

    timeout = NumericProperty(90)
    """`timeout` is a NumericProperty and defaults to 90: seconds without a touch until idle."""
    # not called `warning`: Kivy calls `on_<property>` when a property changes, and `on_warning`
    # is the event; with that name every timeout under 20 s crashed the kiosk at start
    warn_for = NumericProperty(10)
    """`warn_for` is a NumericProperty and defaults to 10: seconds of warning before idle."""
    state = OptionProperty("active", options=("active", "warning", "idle"))
    """`state` is an OptionProperty and defaults to 'active'."""

    def __init__(self, window, timeout: float = 90, warning: float = 10, now=None, tick: float = 0.25, **kwargs):
        super().__init__(**kwargs)
        self.timeout = timeout
        self.warn_for = min(warning, timeout / 2)
        self._now = now or Clock.get_time
        self._last = self._now()
        self._down: set = set()
        self._window = window
        window.bind(on_touch_down=self._touch_down, on_touch_move=self._touch_move, on_touch_up=self._touch_up)
        self._event = Clock.schedule_interval(self._tick, tick)
        self._frame_start = Clock.get_time()
        self._frame_wall = time.perf_counter()
        self._stale_frame = -1
        self._stale: set = set()
        self._frames = Clock.schedule_interval(self._each_frame, 0)

    def stop(self) -> None:
        self._event.cancel()
        self._frames.cancel()
        self._window.unbind(on_touch_down=self._touch_down, on_touch_move=self._touch_move, on_touch_up=self._touch_up)

    def poke(self) -> None:
        """Something happened that counts as a visitor being here."""
        self._last = self._now()
        if self.state != "active":
            self.state = "active"
            self.dispatch("on_active")

    @property
    def fingers_down(self) -> int:
        return len(self._down)

    def idle_for(self) -> float:
        return 0.0 if self._down else max(0.0, self._now() - self._last)

    # -- touches: observed, never consumed, except the one that dismisses the warning ---------------

    # -- touches that waited for a held main thread ---------------------------------------------------

    def _each_frame(self, _dt) -> None:
        start, wall = Clock.get_time(), time.perf_counter()
        # the main thread was held through the last frame: by the kiosk's clock and by the wall
        # (a test's clock that jumps between frames holds nothing)
        if start - self._frame_start > STALE_SECONDS and wall - self._frame_wall > STALE_SECONDS:
            self._stale_frame = Clock.frames
        self._frame_start, self._frame_wall = start, wall

    def _waited(self, touch) -> bool:
        """True for a touch that queued up while the main thread was held; it is dropped, with
        its moves and its lifting."""
        if touch.uid in self._stale:
            return True
        held = Clock.time() - Clock.get_time() > STALE_SECONDS  # held within this very frame
        if held or Clock.frames == self._stale_frame:
            self._stale.add(touch.uid)
            log.warning("a touch that waited while the screen was held was dropped")
            return True
        return False

    def _touch_down(self, _window, touch):
        if self._waited(touch):
            return True
        self._down.add(touch.uid)
        was_warning = self.state == "warning"
        self.poke()
        if was_warning:
            touch.ud["kiosk.dismissed"] = True
            return True  # this touch only answers "still there?", it taps nothing underneath
        return None

    def _touch_move(self, _window, touch):
        if touch.uid in self._stale:
            return True
        self._last = self._now()
        return True if touch.ud.get("kiosk.dismissed") else None

    def _touch_up(self, _window, touch):
        if touch.uid in self._stale:
            self._stale.discard(touch.uid)
            return True
        self._down.discard(touch.uid)
        self._last = self._now()
        return True if touch.ud.get("kiosk.dismissed") else None

    def _tick(self, _dt) -> None:
        if self._down or self.state == "idle":
            return
        left = self.timeout - (self._now() - self._last)
        if left <= 0:
            self.state = "idle"
            self.dispatch("on_idle")
        elif left <= self.warn_for:
            self.state = "warning"
            self.dispatch("on_warning", left)

    def on_warning(self, seconds_left: float) -> None:
        pass

    def on_idle(self) -> None:
        pass

    def on_active(self) -> None:
        pass
