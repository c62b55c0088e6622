"""Changes without downtime: notice new content or settings on disk, check them off the screen's
thread (a large pack in a child process: kiosk.content.apart), and swap them in whole, or keep
the last good content and say what is wrong.

Noticing is the operating system's job: `watchdog` (inotify on Linux) reports every change in
kiosk.yaml's folder and in the shown pack, in a thread of its own; where it cannot (no inotify, too
many folders for the system's limit), a thread of ours polls instead. Kivy's thread only compares
a few numbers: a change is checked once nothing changed for `quiet` seconds and no file is still
open for writing, so a pack being copied is never read half-written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kivy.clock import Clock

from kiosk.content.apart import APART_BYTES, Apart
from kiosk.errors import ConfigError

log = logging.getLogger("kiosk.reload")
logging.getLogger("watchdog").setLevel(logging.WARNING)  # its DEBUG line per inotify event floods the log

QUIET_SECONDS = 3.0  # nothing changed for this long: the change is complete
WRITE_SECONDS = 120.0  # a file open for writing longer than this is taken as it is
CHECK_SECONDS = 60.0  # a check that takes longer is given up on (a wedged disk or share)
POLL_SECONDS = 2.0  # the fallback's interval
HOLD_MIN = 2  # a kind with at least this many items ...
HOLD_SHARE = 0.5  # ... that loses more than this share of them is held for confirmation


@dataclass
class Outcome:
    """What the last check of content and settings found."""

    settings: object = None  # new Settings, or None when kiosk.yaml is broken
    pack: object = None  # the new Pack, or None when the pack has errors
    problems: list[str] = field(default_factory=list)  # errors first, then warnings
    warnings: int = 0
    when: dt.datetime | None = None
    reason: str = ""
    held: list[tuple] = field(default_factory=list)  # (kind, removed, before), while it waits for a yes

    @property
    def ok(self) -> bool:
        return self.settings is not None and self.pack is not None and not self.held


def removes_most(old: dict[str, int], new: dict[str, int]) -> list[tuple[str, int, int]]:
    """(kind, removed, before) for each kind the change would mostly empty. A kind the new pack does
    not have at all was switched off with its plugin: that is no change of the content."""
    found = []
    for kind, before in sorted(old.items()):
        if kind not in new:
            continue
        after = new[kind]
        if before >= HOLD_MIN and before - after > before * HOLD_SHARE:
            found.append((kind, before - after, before))
    return found


def describe(held) -> str:
    """'12 of 14 offers, 3 of 3 documents', for the log."""
    return ", ".join(f"{removed} of {before} {kind}" for kind, removed, before in held)


class ContentWatcher:
    """Watches kiosk.yaml and the shown pack; checks a change in a worker thread and hands the
    result to `apply(outcome)` on Kivy's thread. A change that would remove most items of a kind
    is held (`held`) until the administrator confirms it."""

    def __init__(self, app, apply, interval: float = 0.5, quiet: float = QUIET_SECONDS,
                 check_seconds: float = CHECK_SECONDS, watch: str = "auto"):
        self.app = app
        self.apply = apply
        self.quiet = quiet
        self.check_seconds = check_seconds
        self.check = _check  # what a check does; a test may give a wedged one
        self.apart_bytes = APART_BYTES  # a pack with more YAML is checked in a child process
        self.busy = False
        self.last: Outcome | None = None
        self.held: Outcome | None = None
        self.changes = 0  # every change seen, counted by the watching thread
        self.checked = 0  # the count the running or last check started from
        self.writing: dict[str, float] = {}  # files open for writing -> when their writing began
        self._changed_at = 0.0
        self._again = False
        self._token = 0  # the running check; an abandoned one's result is dropped
        self._started = 0.0
        self._lock = threading.Lock()
        self._watch = _Watch(self, mode=watch)
        self._event = Clock.schedule_interval(self._tick, interval)

    @property
    def mode(self) -> str:
        """'os' (the operating system's notification) or 'poll' (the fallback)."""
        return self._watch.mode

    def stop(self) -> None:
        self._event.cancel()
        self._watch.stop()

    def rewatch(self) -> None:
        """Watch what the settings name now (after a reload or a pack switch)."""
        self._watch.restart()

    # -- the watching thread's side ----------------------------------------------------------------

    def changed(self, path: str = "", writing: bool | None = None) -> None:
        """A change on disk (called from the watching thread)."""
        now = Clock.get_time()
        with self._lock:
            self.changes += 1
            self._changed_at = now
            if writing is True:
                self.writing.setdefault(path, now)
            elif writing is False:
                self.writing.pop(path, None)

    # -- Kivy's side: a few comparisons, no file system ---------------------------------------------

    def _tick(self, _dt) -> None:
        now = Clock.get_time()
        if self.busy:
            if now - self._started <= self.check_seconds:
                return
            self._give_up(now)
        with self._lock:
            pending = self.changes != self.checked
            quiet = now - self._changed_at >= self.quiet
            writing = [p for p, since in self.writing.items() if now - since < WRITE_SECONDS]
        if pending and quiet and not writing:
            self.reload("files changed on disk")

    def _give_up(self, now: float) -> None:
        self._token += 1  # whatever the stuck worker finds is dropped
        self.busy = False
        outcome = Outcome(when=self.app.now(), reason="check given up")
        outcome.problems.append(
            f"the check of the content did not finish in {self.check_seconds:g} s (a disk or network share "
            "that does not answer?); the kiosk keeps its content and checks the next change"
        )
        log.error("%s", outcome.problems[0])
        self.last = outcome
        self.apply(outcome)

    def apart(self) -> Apart:
        """How a check of a large pack runs in a child: with the plugins this kiosk loaded."""
        return Apart(self.app.settings.path, self.app.host.extra_dirs, timeout=self.check_seconds,
                     threshold=self.apart_bytes)

    def reload(self, reason: str, pack: Path | None = None) -> bool:
        """Check the settings and the pack (or `pack` instead) now; False if a check is running."""
        if self.busy:
            self._again = True
            return False
        self.busy = True
        self._token += 1
        kinds = self.app.host.content_kinds()  # read on this thread: the plugins' state is the UI's
        apart = self.apart()
        self._started = Clock.get_time()
        with self._lock:
            self.checked = self.changes  # a change from now on is checked next
        worker = threading.Thread(
            target=self._load, args=(self._token, self.app.settings.path, pack, reason, kinds, apart),
            name="kiosk-reload", daemon=True,
        )
        worker.start()
        return True

    def _load(self, token, settings_path, pack_override, reason, kinds, apart) -> None:
        outcome = Outcome(when=self.app.now(), reason=reason)
        try:
            outcome = self.check(settings_path, pack_override, self.app.settings, outcome, kinds, apart)
        except Exception as exc:  # a bug in loading must not kill the worker silently
            log.exception("checking the content failed")
            outcome.problems.append(f"the check itself failed: {type(exc).__name__}: {exc}")
        Clock.schedule_once(lambda _dt: self._finish(token, outcome, pack_override is not None), 0)

    def _finish(self, token, outcome: Outcome, switched: bool) -> None:
        if token != self._token:
            return  # given up on long ago
        self.busy = False
        shown = self.app.pack
        if outcome.ok and not switched and shown is not None and outcome.pack.path == shown.path:
            outcome.held = removes_most(shown.counts(), outcome.pack.counts())
        self.last = outcome
        if outcome.held:
            self.held = outcome
            log.warning("a change to %s would remove %s: held until an administrator confirms it "
                        "in the admin panel", outcome.pack.path, describe(outcome.held))
        elif outcome.settings is not None and outcome.pack is not None:
            self.held = None
        self.apply(outcome)
        self.rewatch()  # the pack may have changed: watch the new one
        if self._again:
            self._again = False
            self.reload("changed again while checking")

    def confirm(self) -> None:
        """The administrator said yes to the held change: show it."""
        outcome, self.held = self.held, None
        if outcome is None:
            return
        log.warning("the administrator confirmed the change that removes %s", describe(outcome.held))
        outcome.held = []
        outcome.reason += ", confirmed by the administrator"
        self.last = outcome
        self.apply(outcome)


class _Watch:
    """The watching thread(s): the operating system's notification, or polling as the fallback.
    Both also look every POLL_SECONDS where kiosk.yaml's pack path leads, so a switched symlink
    (also back to its first target) is noticed."""

    def __init__(self, watcher: ContentWatcher, mode: str = "auto"):
        self.watcher = watcher
        self.wanted = mode
        self.mode = "poll"
        self._observer = None
        self._done = threading.Event()
        self._roots: tuple = ()
        self._thread = threading.Thread(target=self._loop, name="kiosk-watch", daemon=True)
        self._prints: dict = {}
        self.restart()
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._stop_observer()

    def targets(self) -> tuple[Path | None, Path | None]:
        settings = self.watcher.app.settings
        config = Path(settings.path) if settings.path is not None else None
        pack = Path(settings.pack) if settings.pack is not None else None
        return config, pack

    def restart(self) -> None:
        config, pack = self.targets()
        roots = (config, pack and os.path.realpath(pack))
        if roots == self._roots and (self._observer is not None or self.mode == "poll"):
            return
        self._roots = roots
        self._stop_observer()
        self._prints = {}
        if self.wanted != "poll":
            try:
                self._observer = self._observe(config, pack)
                self.mode = "os"
                return
            except Exception as exc:  # no inotify, or too many folders for its limit
                log.warning("cannot watch the content through the operating system (%s); polling every %g s",
                            exc, POLL_SECONDS)
        self.mode = "poll"

    def _observe(self, config, pack):
        from watchdog.observers import Observer

        handler = _Handler(self.watcher, config)
        observer = Observer()
        if config is not None:
            observer.schedule(handler, str(config.parent), recursive=False)
        if pack is not None and pack.is_dir():
            observer.schedule(handler, os.path.realpath(pack), recursive=True)
        observer.daemon = True
        observer.start()
        return observer

    def _stop_observer(self) -> None:
        if self._observer is not None:
            observer, self._observer = self._observer, None
            observer.stop()

    def _loop(self) -> None:
        while not self._done.wait(POLL_SECONDS):
            try:
                self.look()
            except Exception:  # the watching thread must go on, whatever it meets
                log.exception("looking for changes failed")

    def look(self) -> None:
        """One look from the watching thread: where the pack link leads, and in poll mode every
        file's size and time."""
        config, pack = self.targets()
        marks = {"watching": (config, pack), "link": _leads_to(config)}
        if self.mode == "poll":
            marks["files"] = _fingerprint(config, pack)
        # the kiosk watches other files now (its settings were replaced): a new start, no change
        same = self._prints.get("watching") == marks["watching"]
        if same and marks != self._prints:
            self.watcher.changed("poll")
        self._prints = marks


class _Handler:
    """watchdog's callbacks, in its thread: every event that changes a file counts; a file that
    was written to and not yet closed is 'still being written'."""

    def __init__(self, watcher: ContentWatcher, config: Path | None):
        self.watcher = watcher
        self.config_folder = str(config.parent) if config is not None else None
        self.config = str(config) if config is not None else None

    def dispatch(self, event) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write"):
            return  # a reader, the kiosk itself for one
        paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
        if self.config_folder is not None and all(os.path.dirname(p) == self.config_folder for p in paths):
            # kiosk.yaml's folder: only kiosk.yaml itself, and links or folders it may name
            if not any(p == self.config or os.path.islink(p) for p in paths):
                return  # a pack link switched in other ways is seen by _Watch.look
        if kind == "modified" and not event.is_directory:
            self.watcher.changed(event.src_path, writing=True)
        elif kind == "closed":
            self.watcher.changed(event.src_path, writing=False)
        elif kind in ("deleted", "moved"):
            self.watcher.changed(event.src_path, writing=False)
        elif kind != "modified":
            self.watcher.changed(event.src_path)


def _leads_to(config: Path | None):
    """Where kiosk.yaml's content.pack leads now (a switched symlink changes it)."""
    if config is None:
        return None
    try:
        from kiosk.settings import load_settings

        settings = load_settings(config)
    except (ConfigError, OSError):
        return "broken"
    return str(settings.pack) if settings.pack else None


def _fingerprint(config: Path | None, pack: Path | None) -> tuple:
    marks = []
    if config is not None:
        marks.append(_mark(config))
    if pack is not None:
        stack = [os.path.realpath(pack)]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            marks.append(_mark(entry.path))
            except OSError:
                marks.append((folder, None))
    return tuple(sorted(marks, key=lambda m: m[0]))


def _mark(path) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size, info.st_ino)


def _check(settings_path, pack_override, current, outcome: Outcome, kinds=(), apart=None) -> Outcome:
    from kiosk.runtime import read_pack
    from kiosk.settings import load_settings

    settings = current
    if settings_path is not None:
        try:
            settings = load_settings(settings_path)
        except ConfigError as exc:
            outcome.problems.extend(str(p) for p in exc.problems)
            log.error("%s has errors; the kiosk keeps its last good settings and content:\n  %s",
                      settings_path, "\n  ".join(outcome.problems))
            return outcome
    if pack_override is not None:
        settings = settings.with_(pack=Path(pack_override))
    outcome.settings = settings
    if settings.pack is None:
        outcome.problems.append("kiosk.yaml names no content pack (content.pack)")
        return outcome
    pack, report = read_pack(settings.pack, kinds, apart)
    outcome.problems = [str(p) for p in report.errors] + [str(p) for p in report.warnings]
    outcome.warnings = len(report.warnings)
    if pack is None:
        log.error("content pack %s has %d error(s); the kiosk keeps showing its last good content:\n  %s",
                  settings.pack, len(report.errors), "\n  ".join(str(p) for p in report.errors))
    else:
        outcome.pack = pack
    return outcome
