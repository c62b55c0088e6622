"""A crowd in a box: random taps, swipes and language changes with a fixed seed, to find what breaks.

`Monkey(harness, seed).run(events)` touches the running kiosk like passers-by would: mostly taps,
some aimed at what looks tappable so it gets deep into the screens, some swipes, back and home,
now and then another language, now and then a pause long enough for the idle timer. It records
which routes and languages it saw and fails on the first exception or ERROR logged by the kiosk.
The same seed gives the same run: time is the harness's frame clock, never the wall.
"""

from __future__ import annotations

import logging
import random
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field

from harness import visible

ERROR_LOGGERS = ("kiosk", "kivy")
# (action, weight): taps dominate, as on a real screen
ACTIONS = (
    ("tap_target", 42),
    ("tap_anywhere", 24),
    ("swipe", 12),
    ("back", 8),
    ("home", 5),
    ("language", 5),
    ("pause", 4),
)
LONG_PAUSE_ODDS = 400  # one pause in this many outlasts the idle timeout (attract loop, reset)
TAP_SETTLE = 0.25  # kiosk seconds after lifting a finger: past a ScrollView's 0.2 s hand-over


class MonkeyError(AssertionError):
    """The kiosk raised, logged an error, or stopped answering; the message says how to replay."""


@dataclass
class MonkeyReport:
    """What one run did and saw."""

    seed: int
    events: int = 0
    actions: Counter = field(default_factory=Counter)
    routes: Counter = field(default_factory=Counter)
    """Each route kind (the route's first word: `offer`, `offers`, `home` ...) by the number of
    times the monkey found the kiosk on it (after each event, and between the taps of one)."""
    languages: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.routes.items()))
        langs = ", ".join(f"{k} {n}" for k, n in sorted(self.languages.items()))
        return f"seed {self.seed}: {self.events} events; routes: {kinds}; languages: {langs}"


class _ErrorLog(logging.Handler):
    """Keeps every ERROR the kiosk (or Kivy) logs while attached."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class Monkey:
    """Random events on `harness` (a `harness.Harness`), reproducible from `seed`."""

    def __init__(self, harness, seed: int = 0):
        self.harness = harness
        self.app = harness.app
        self.rng = random.Random(seed)
        self.report = MonkeyReport(seed=seed)
        self.trail: deque[str] = deque(maxlen=12)  # the last actions, for the failure message
        self.tapped: Counter = Counter()  # how often each target was tapped: new ones are favoured

    # -- running ------------------------------------------------------------------------------------

    def run(self, events: int, checkpoint=None, every: int = 1000) -> MonkeyReport:
        """Do `events` more events; call `checkpoint(report)` after each `every` events. Raises
        MonkeyError on the first exception or logged error; ends with a responsiveness check."""
        errors = _ErrorLog()
        loggers = [logging.getLogger(name) for name in ERROR_LOGGERS]
        for logger in loggers:
            logger.addHandler(errors)
        try:
            goal = self.report.events + events
            mark = (self.report.events // every + 1) * every
            while self.report.events < goal:
                self._event()
                self._check(errors)
                if checkpoint is not None and self.report.events >= mark:
                    checkpoint(self.report)
                    mark += every
            self.check_responsive()
            self._check(errors)
        finally:
            for logger in loggers:
                logger.removeHandler(errors)
        return self.report

    def check_responsive(self) -> None:
        """A visitor can always get home: tap home (waking the screen first if it sleeps)."""
        h = self.harness
        if not self.app.chrome:  # a full-screen route (the attract loop): any touch wakes it
            self._tap_at(*self._window_center())
        button = self.app.root.ids.home_button
        if not self.app.chrome or button.disabled:
            raise MonkeyError(self._message("the header did not come back after a tap"))
        self._tap_at(*button.to_window(*button.center))
        h.frames(2)
        if self.app.route != "home" or self.app.current_screen().name != "home":
            raise MonkeyError(self._message(f"tapping home left the kiosk on {self.app.route!r}"))

    def _event(self) -> None:
        name = self.rng.choices([a for a, _ in ACTIONS], [w for _, w in ACTIONS])[0]
        before = self.report.events
        try:
            getattr(self, "_" + name)()
        except MonkeyError:
            raise
        except Exception as exc:
            raise MonkeyError(self._message(f"{type(exc).__name__} raised:\n{traceback.format_exc()}")) from exc
        if self.report.events == before:  # actions made of several taps count each of them
            self.report.events += 1
        self.report.actions[name] += 1
        self._note()

    def _note(self) -> None:
        self.report.routes[self.app.route.split("/")[0]] += 1
        self.report.languages[self.app.lang] += 1

    def _check(self, errors: _ErrorLog) -> None:
        if errors.records:
            record = errors.records[0]
            raise MonkeyError(self._message(f"{record.name} logged an error: {record.getMessage()}"))

    def _message(self, what: str) -> str:
        steps = "\n  ".join(self.trail)
        return (
            f"monkey seed {self.report.seed}, event {self.report.events}, on {self.app.route!r} "
            f"in {self.app.lang!r}: {what}\nlast actions:\n  {steps}"
        )

    # -- actions ------------------------------------------------------------------------------------

    def _tap_target(self) -> None:
        header = self.app.root.ids.header.__self__  # its buttons have their own actions (back, home, language)
        targets = [w for w in self.targets() if not _inside(w, header)]
        if not targets:
            self._tap_anywhere()
            return
        # favour what was seldom tapped, so a short run still gets deep into every screen
        keys = [(self.app.route, type(w).__name__, _describe(w)) for w in targets]
        index = self.rng.choices(range(len(targets)), [1 / (1 + self.tapped[k]) for k in keys])[0]
        widget = targets[index]
        self.tapped[keys[index]] += 1
        x, y = widget.to_window(*widget.center)
        self.trail.append(f"tap {keys[index][1]} {keys[index][2]} at ({x:.0f}, {y:.0f})")
        self._tap_at(x, y)

    def _tap_anywhere(self) -> None:
        width, height = self._window_size()
        x, y = self.rng.uniform(0, width), self.rng.uniform(0, height)
        self.trail.append(f"tap at ({x:.0f}, {y:.0f})")
        self._tap_at(x, y)

    def _swipe(self) -> None:
        width, height = self._window_size()
        x, y = self.rng.uniform(0.1, 0.9) * width, self.rng.uniform(0.15, 0.85) * height
        if self.rng.random() < 0.8:  # mostly scrolling a list up or down
            dx, dy = self.rng.uniform(-40, 40), self.rng.choice((-1, 1)) * self.rng.uniform(150, 0.6 * height)
        else:
            dx, dy = self.rng.choice((-1, 1)) * self.rng.uniform(200, 0.7 * width), self.rng.uniform(-40, 40)
        steps = self.rng.randint(3, 10)
        self.trail.append(f"swipe from ({x:.0f}, {y:.0f}) by ({dx:.0f}, {dy:.0f}) in {steps} frames")
        h = self.harness
        touch = h.touch_down(x, y)
        try:
            h.frames(1)
            for i in range(1, steps + 1):
                h.touch_move(touch, x + dx * i / steps, y + dy * i / steps)
                h.frames(1)
        finally:
            h.touch_up(touch)
        self._wait(self.rng.uniform(0.3, 1.5))  # let a flung list coast

    def _back(self) -> None:
        self._header_button("back_button")

    def _home(self) -> None:
        self._header_button("home_button")

    def _header_button(self, name: str) -> None:
        button = self.app.root.ids[name]
        if not self.app.chrome or button.disabled or button.width <= 0:
            self._tap_anywhere()
            return
        self.trail.append(f"tap the header's {name}")
        self._tap_at(*button.to_window(*button.center))

    def _language(self) -> None:
        offered = list(self.app.offered_languages)
        if self.rng.random() < 0.5 or not self.app.has_languages or not self.app.chrome:
            code = self.rng.choice(offered)
            self.trail.append(f"app.set_language({code!r})")
            self.app.set_language(code)
            self.harness.frames(2)
            return
        self._header_button("language_button")
        buttons = [w for w in self.targets() if getattr(w, "code", "") in offered]
        if buttons:
            button = self.rng.choice(buttons)
            self.trail.append(f"tap language {button.code!r}")
            x, y = button.to_window(*button.center)
            self._tap_at(x, y)

    def _pause(self) -> None:
        if self.rng.randrange(LONG_PAUSE_ODDS) == 0:
            seconds = self.app.settings.idle_timeout + self.rng.uniform(1, 30)
            self.trail.append(f"nobody for {seconds:.0f} s")
            self._wait(seconds, step=2.0)
        else:
            seconds = self.rng.uniform(0.2, 4)
            self.trail.append(f"pause {seconds:.1f} s")
            self._wait(seconds)

    # -- helpers ------------------------------------------------------------------------------------

    def targets(self) -> list:
        """What looks tappable and can be tapped now: visible, enabled buttons, tiles and rows whose
        middle is on the screen (inside the part of a list that is scrolled into view)."""
        from kivy.uix.behaviors import ButtonBehavior

        width, height = self._window_size()
        found = []
        for widget in self.harness.find(ButtonBehavior):
            if widget.disabled or widget.width <= 1 or widget.height <= 1 or not visible(widget):
                continue
            x, y = widget.to_window(*widget.center)
            if 0 <= x < width and 0 <= y < height and _in_view(widget, x, y):
                found.append(widget)
        return found

    def _tap_at(self, x: float, y: float) -> None:
        """A finger down for one frame, then up; never a hold (a long hold opens the admin panel)."""
        h = self.harness
        touch = h.touch_down(x, y)
        try:
            h.frames(1)
        finally:
            h.touch_up(touch)
        self._wait(TAP_SETTLE, step=TAP_SETTLE)
        self.report.events += 1
        self._note()

    def _wait(self, seconds: float, step: float = 0.5) -> None:
        """Let kiosk time pass in whole frames: Kivy's clock, capped at 60 fps, would wait for
        the rest of a frame that the frame clock never lets pass."""
        from kiosk.headless import FRAME

        frames = max(1, round(seconds / FRAME))
        per_step = max(1, round(step / FRAME))
        while frames > 0:
            jump = min(per_step, frames)
            self.harness.advance(jump * FRAME, step=jump * FRAME)
            frames -= jump

    def _window_size(self) -> tuple[float, float]:
        from kivy.core.window import Window

        return Window.width, Window.height

    def _window_center(self) -> tuple[float, float]:
        width, height = self._window_size()
        return width / 2, height / 2


def _inside(widget, ancestor) -> bool:
    while widget is not None and widget is not ancestor:
        parent = widget.parent
        widget = parent if parent is not widget else None
    return widget is ancestor


def _in_view(widget, x: float, y: float) -> bool:
    """True when window point (x, y) is inside every scroll view that holds `widget`."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            left, bottom = parent.to_window(parent.x, parent.y)
            if not (left <= x <= left + parent.width and bottom <= y <= bottom + parent.height):
                return False
        parent = parent.parent
    return True


def _describe(widget) -> str:
    for name in ("route", "offer_id", "code", "text", "title"):
        value = getattr(widget, name, "")
        if value:
            return f"{name}={value!r}"
    return ""
