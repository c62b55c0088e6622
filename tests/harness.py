"""The tests' and benchmarks' hands and eyes: tap, swipe, hold, wait, and read what is on screen.

Builds on `kiosk.headless.Headless` (the real app on a virtual display, frame by frame) and knows
no plugin's internals: it finds widgets by class and property, as a person finds them by sight.
"""

from __future__ import annotations

from kiosk.headless import FRAME, Headless, contained
from kiosk.screens import visible


class Harness(Headless):
    """One running kiosk to touch and read (Kivy allows one window per process)."""

    def tap(self, widget) -> None:
        """Touch the middle of `widget`, as a finger would."""
        x, y = widget.to_window(*widget.center)
        self.tap_at(x, y)

    def tap_at(self, x: float, y: float) -> None:
        """Touch the window at (x, y) (Kivy's coordinates: origin bottom left) and lift."""
        touch = self.touch_down(x, y)
        self.frames(1)
        self.touch_up(touch)
        self.frames(20)  # past a ScrollView's 0.2 s hand-over of a tap to its child

    def touch_down(self, x: float, y: float):
        """Put a finger down at (x, y); returns the touch for `touch_move` and `touch_up`."""
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        contained(touch.touch_down)
        return touch

    def touch_move(self, touch, x: float, y: float) -> None:
        contained(touch.touch_move, x, y)

    def touch_up(self, touch) -> None:
        contained(touch.touch_up)

    def swipe(self, x: float, y: float, dx: float, dy: float, steps: int = 8) -> None:
        """Drag a finger from (x, y) by (dx, dy) over `steps` frames, then lift it."""
        touch = self.touch_down(x, y)
        self.frames(1)
        for i in range(1, steps + 1):
            self.touch_move(touch, x + dx * i / steps, y + dy * i / steps)
            self.frames(1)
        self.touch_up(touch)
        self.frames(20)

    def hold(self, x: float, y: float, seconds: float):
        """Keep a finger down at (x, y) for `seconds` of kiosk time (not wall time); the touch
        stays down: lift it with `touch_up`."""
        touch = self.touch_down(x, y)
        self.frames(1)
        self.advance(seconds)
        return touch

    def advance(self, seconds: float, step: float = 0.5) -> None:
        """Let `seconds` of kiosk time pass, in steps of `step` seconds with one frame each:
        Kivy's clock and every timer on it see the time pass; nothing sleeps."""
        left = seconds
        while left > 1e-9:
            jump = max(min(step, left), FRAME)  # each frame moves the clock on by one frame at least
            self.time.value += jump - FRAME
            self.frames(1)
            left -= jump

    def until(self, condition, limit: int = 600) -> None:
        """Run frames until `condition()` is true (background work done); fail after `limit`."""
        for _ in range(limit):
            if condition():
                return
            self.frames(1)
            import time

            time.sleep(0.005)  # let a worker thread run; the kiosk's own clock does not move by it
        raise TimeoutError(f"not true after {limit} frames: {condition}")

    def roots(self) -> list:
        """What a person sees: open overlays, then the title band, the navigation and the screen."""
        overlay = self.app.root.ids.overlay
        roots = list(overlay.children)  # the newest overlay is first
        ids = self.app.root.ids
        return roots + [ids.title_band, ids.header, self.app.current_screen()]

    def texts(self) -> list[str]:
        """Every text a person can read now: overlays, the header and the current screen."""
        from kivy.uix.label import Label

        found = []
        for root in self.roots():
            for widget in root.walk(restrict=True):
                if isinstance(widget, Label) and widget.text and widget.font_name != "KioskIcons" and visible(widget):
                    found.append(widget.text)
        return found

    def find(self, cls=None, **props):
        """The widgets on screen (overlays, header, screen) of class `cls` with these properties."""
        found = []
        for root in self.roots():
            for widget in root.walk(restrict=True):
                if (cls is None or isinstance(widget, cls)) and all(
                    getattr(widget, k, object()) == v for k, v in props.items()
                ):
                    found.append(widget)
        return found
