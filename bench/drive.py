"""Inside a scenario's process: start the real kiosk and time what it does, frame by frame.

A frame here is one turn of Kivy's event loop (input, clock, layout, drawing, buffer swap); the
kiosk's clock moves 1/60 s per frame, so timeouts inside Kivy cost frames, not wall time, and the
wall time measured is the work the kiosk does. "Drawn" means the frame swapped a new picture in.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
# A Tuesday morning: offers open now and later today, as in the tests.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SETTLE_FRAMES = 3  # a screen is settled after this many frames in a row with nothing to draw
MAX_FRAMES = 120


def start(pack: str | Path | None = None, size=(1080, 1920), lang=None):
    """The kiosk of ./kiosk.yaml, on `pack` (default: its own), in its own virtual display."""
    from harness import Harness
    from kiosk.settings import load_settings

    settings = load_settings(REPO / "kiosk.yaml")
    if pack is not None:
        settings = settings.with_(pack=Path(pack))
    state = Path(tempfile.mkdtemp(prefix="bench-state-"))
    harness = Harness.start(settings, size=size, now=NOW, lang=lang, state_dir=state)
    Draws.install()
    return harness


class Draws:
    """Counts buffer swaps: a frame that swapped drew something new."""

    count = 0

    @classmethod
    def install(cls) -> None:
        from kivy.core.window import Window

        def flipped(*_):
            cls.count += 1

        Window.bind(on_flip=flipped)


@dataclass
class Answer:
    first_ms: float  # to the end of the first frame that drew the changed screen
    settled_ms: float  # to the end of the last frame that drew before nothing changed any more
    frames: int


def answer(harness, act, changed) -> Answer:
    """Do `act()` (lift a finger, switch a language) and run frames until `changed()` holds and a
    frame has drawn it, then until the screen settles. Wall time from the start of `act`."""
    start = time.perf_counter()
    act()
    first = None
    last_drawn = time.perf_counter()
    quiet = 0
    for frame in range(1, MAX_FRAMES + 1):
        before = Draws.count
        harness.frames(1)
        now = time.perf_counter()
        drew = Draws.count > before
        if drew:
            last_drawn, quiet = now, 0
        else:
            quiet += 1
        if first is None and drew and changed():
            first = now
        if first is not None and quiet >= SETTLE_FRAMES:
            break
    if first is None:
        raise RuntimeError(f"the screen did not change within {MAX_FRAMES} frames")
    return Answer((first - start) * 1000, (last_drawn - start) * 1000, frame)


def tap(harness, widget, changed) -> Answer:
    """A finger on `widget` for one frame, then lifted: timed from the lift, when buttons act."""
    x, y = widget.to_window(*widget.center)
    touch = harness.touch_down(x, y)
    harness.frames(1)
    return answer(harness, lambda: harness.touch_up(touch), changed)


def redraw_ms(harness, times: int = 5) -> list[float]:
    """The same screen drawn again with nothing changed: the cost of drawing and swapping alone."""
    from kivy.core.window import Window

    out = []
    for _ in range(times):
        Window.canvas.ask_update()
        start = time.perf_counter()
        harness.frames(1)
        out.append((time.perf_counter() - start) * 1000)
    return out


def in_view(widget) -> bool:
    """The middle of `widget` is on the window, inside every scroll view that holds it."""
    from kivy.core.window import Window
    from kivy.uix.scrollview import ScrollView

    x, y = widget.to_window(*widget.center)
    if not (0 <= x < Window.width and 0 <= y < Window.height):
        return False
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            left, bottom = parent.to_window(parent.x, parent.y)
            if not (left <= x <= left + parent.width and bottom + 20 <= y <= bottom + parent.height - 20):
                return False
        parent = parent.parent
    return True


def gl_renderer() -> str:
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    value = glGetString(GL_RENDERER)
    return value.decode() if isinstance(value, bytes) else str(value)
