"""The real kiosk without a screen: started on a virtual display and driven frame by frame.

`kiosk shot` renders a route with it; the tests' harness (tests/harness.py) builds on it to tap
and read. It runs the same app as `kiosk run`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

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


class WindowWaits:
    """Holds the first import of `kivy.core.window`, which opens the window, until the display
    is up (`ready()`), whoever imports it: the app, or a plugin's module while plugins load."""

    WINDOW = "kivy.core.window"

    def __init__(self, ready):
        self.ready = ready

    @classmethod
    def until(cls, ready) -> None:
        if cls.WINDOW in sys.modules:  # the window is open already: nothing left to hold
            ready()
            return
        sys.meta_path.insert(0, cls(ready))

    def find_spec(self, name, path=None, target=None):
        if name == self.WINDOW:
            sys.meta_path.remove(self)
            self.ready()
        return None  # the import itself goes on as always


class Headless:
    """One running kiosk in this process (Kivy allows one window per process), drawn only when
    asked: `frames`, `go`, `resize`, `screenshot`."""

    def __init__(self, app, time: FrameTime):
        self.app = app
        self.time = time

    @classmethod
    def start(cls, settings, size=None, now=None, lang=None, plugin_dirs=(), state_dir=None) -> "Headless":
        width, height = size or (settings.screen.width, settings.screen.height)
        if not display.has_display() or not _own_display_ok():
            # plugins and content load while Xvfb starts; the window waits for it
            WindowWaits.until(display.begin_virtual(*VIRTUAL_SCREEN))
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
            contained(EventLoop.idle)

    def go(self, route: str) -> bool:
        """Show `route` and run frames until the screen is whole (`KioskScreen.later`)."""
        shown = self.app.navigate(route)
        self.frames()
        for _ in range(60):
            screen = self.app.current_screen()
            if not getattr(screen, "building", False):
                break
            self.frames(1)
        return shown

    def resize(self, width: int, height: int) -> None:
        from kivy.core.window import Window

        Window.size = (width, height)
        self.frames(3)

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

    def leave(self, code: int) -> NoReturn:
        """End this process with `code` now that its one window has done its work (`kiosk shot`):
        the exit handlers run (the log flushed, Xvfb stopped), then the process ends without
        Python's teardown of every object it made: Kivy's widgets and textures, the pack, every
        module. That teardown frees memory the kernel frees at once anyway, and took 0.25-0.4 s
        of a shot's 2 s here, six times bare Kivy's."""
        import atexit
        import os

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)


def contained(step, *args) -> None:
    """Run one step of the event loop as Kivy's own main loop does: an exception goes to the
    ExceptionManager's handlers (the kiosk's guard), which decide whether it ends the run."""
    from kivy.base import ExceptionManager

    try:
        step(*args)
    except BaseException as exc:
        if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
            raise


def _own_display_ok() -> bool:
    """Shots want a private virtual display unless KIOSK_USE_DISPLAY=1 says to use the real one."""
    import os

    return os.environ.get("KIOSK_USE_DISPLAY") == "1"
