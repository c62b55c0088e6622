"""Drive the real kiosk without a person: start it on a virtual display, tap, read, screenshot.

`kiosk shot` and the tests use this; it runs the same app as `kiosk run`, frame by frame.
"""

from __future__ import annotations

from pathlib import Path

from kiosk import boot, display

VIRTUAL_SCREEN = (1920, 1920)  # room for a portrait and a landscape window
FRAME = 1 / 60


class FrameTime:
    """Kivy's clock, driven by frames instead of the wall: each frame is 1/60 s later.

    Timeouts inside Kivy (a ScrollView waits 0.2 s before passing on a tap) then happen after a
    fixed number of frames, the same on a slow CI machine as on a fast laptop."""

    def __init__(self, start: float):
        self.value = start

    def __call__(self) -> float:
        return self.value


class Harness:
    """One running kiosk in this process (Kivy allows one window per process)."""

    def __init__(self, app, time: FrameTime):
        self.app = app
        self.time = time

    @classmethod
    def start(cls, settings, size=None, now=None, lang=None, plugin_dirs=(), state_dir=None) -> "Harness":
        width, height = size or (settings.screen.width, settings.screen.height)
        if not display.has_display() or not _own_display_ok():
            display.start_virtual(*VIRTUAL_SCREEN)
        boot.prepare(width, height, fullscreen=False, state_dir=state_dir)
        from kivy.config import Config

        Config.set("graphics", "maxfps", "0")  # frames as fast as asked: no waiting in tests
        from kiosk import runtime

        from kivy.clock import Clock

        app = runtime.build(settings, plugin_dirs, now=now, lang=lang)
        time = FrameTime(Clock.time())
        Clock.time = time  # an instance attribute: shadows the wall-clock staticmethod
        # never wait for the next frame: the clock may have read maxfps before we set it, and a
        # frame clock that only moves between frames would make that wait endless
        Clock._max_fps = 0
        app._run_prepare()  # what App.run() does before its loop; frames are ours to drive
        harness = cls(app, time)
        harness.frames(3)
        return harness

    def frames(self, count: int = 2) -> None:
        from kivy.base import EventLoop

        for _ in range(count):
            self.time.value += FRAME
            _contained(EventLoop.idle)

    def go(self, route: str) -> bool:
        shown = self.app.navigate(route)
        self.frames()
        return shown

    def resize(self, width: int, height: int) -> None:
        from kivy.core.window import Window

        Window.size = (width, height)
        self.frames(3)

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
        _contained(touch.touch_down)
        return touch

    def touch_move(self, touch, x: float, y: float) -> None:
        _contained(touch.touch_move, x, y)

    def touch_up(self, touch) -> None:
        _contained(touch.touch_up)

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

    def screenshot(self, path: Path | str) -> Path:
        """Write exactly what the window shows as a PNG of the window's size."""
        from kivy.core.window import Window
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        self.frames(2)
        Window.dispatch("on_draw")  # draw into the back buffer and read it before any swap
        width, height = Window.size
        data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        image = Image.frombytes("RGBA", (width, height), data).transpose(Image.FLIP_TOP_BOTTOM)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").save(path)
        return path


def _contained(step, *args) -> None:
    """Run one step of the event loop as Kivy's own main loop does: an exception goes to the
    ExceptionManager's handlers (the kiosk's guard), which decide whether it ends the run."""
    from kivy.base import ExceptionManager

    try:
        step(*args)
    except BaseException as exc:
        if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
            raise


def visible(widget) -> bool:
    """Not faded out, and not inside a parent that is."""
    while widget is not None:
        if getattr(widget, "opacity", 1) <= 0:
            return False
        parent = widget.parent
        widget = parent if parent is not widget else None
    return True


def _own_display_ok() -> bool:
    """Shots want a private virtual display unless KIOSK_USE_DISPLAY=1 says to use the real one."""
    import os

    return os.environ.get("KIOSK_USE_DISPLAY") == "1"
