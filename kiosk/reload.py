"""Changes without downtime: notice new content or settings on disk, check them off the screen's
thread, and swap them in whole, or keep the last good content and say what is wrong."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kivy.clock import Clock

from kiosk.errors import ConfigError

log = logging.getLogger("kiosk.reload")


@dataclass
class Outcome:
    """What the last check of content and settings found."""

    settings: object = None  # new Settings, or None when kiosk.yaml is broken
    pack: object = None  # the new Pack, or None when the pack has errors
    problems: list[str] = field(default_factory=list)  # errors first, then warnings
    warnings: int = 0
    when: dt.datetime | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.settings is not None and self.pack is not None


class ContentWatcher:
    """Polls kiosk.yaml and the shown pack's folder every `interval` seconds (a cheap stat of a
    few files); a change is loaded once the files stopped changing for one interval, so a pack
    still being copied is never read half-written. Loading runs in a worker thread; the result is
    applied on Kivy's thread by `apply(outcome)`."""

    def __init__(self, app, apply, interval: float = 2.0):
        self.app = app
        self.apply = apply
        self.busy = False
        self.last: Outcome | None = None
        self._again = False
        self._seen = self.fingerprint()
        self._pending = None
        self._event = Clock.schedule_interval(self._tick, interval)

    def stop(self) -> None:
        self._event.cancel()

    def watched(self) -> list[Path]:
        paths = []
        settings = self.app.settings
        if settings.path is not None:
            paths.append(Path(settings.path))
        if settings.pack is not None and Path(settings.pack).is_dir():
            paths.extend(p for p in sorted(Path(settings.pack).rglob("*")) if p.is_file())
        return paths

    def fingerprint(self) -> tuple:
        marks = []
        for path in self.watched():
            try:
                stat = path.stat()
            except OSError:
                marks.append((str(path), None))  # gone: that is a change too
                continue
            marks.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(marks)

    def _tick(self, _dt) -> None:
        if self.busy:
            return
        now = self.fingerprint()
        if now == self._seen:
            self._pending = None
            return
        if now != self._pending:  # still changing: look again next time
            self._pending = now
            return
        self._pending = None
        self.reload("files changed on disk")

    def reload(self, reason: str, pack: Path | None = None) -> bool:
        """Check the settings and the pack (or `pack` instead) now; False if a check is running."""
        if self.busy:
            self._again = True
            return False
        self.busy = True
        self._seen = self.fingerprint()
        settings_path = self.app.settings.path
        kinds = self.app.host.content_kinds()  # read on this thread: the plugins' state is the UI's
        worker = threading.Thread(
            target=self._load, args=(settings_path, pack, reason, kinds), name="kiosk-reload", daemon=True
        )
        worker.start()
        return True

    def _load(self, settings_path, pack_override, reason, kinds) -> None:
        outcome = Outcome(when=self.app.now(), reason=reason)
        try:
            outcome = _check(settings_path, pack_override, self.app.settings, outcome, kinds)
        except Exception as exc:  # a bug in loading must not kill the worker silently
            log.exception("checking the content failed")
            outcome.problems.append(f"the check itself failed: {type(exc).__name__}: {exc}")
        Clock.schedule_once(lambda _dt: self._finish(outcome), 0)

    def _finish(self, outcome: Outcome) -> None:
        self.busy = False
        self.last = outcome
        self.apply(outcome)
        self._seen = self.fingerprint()  # the pack may have changed: watch the new one
        if self._again:
            self._again = False
            self.reload("changed again while checking")


def _check(settings_path, pack_override, current, outcome: Outcome, kinds=()) -> Outcome:
    from kiosk.content import load_pack
    from kiosk.runtime import _icon_names
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
    pack, report = load_pack(settings.pack, kinds, icons=_icon_names())
    outcome.problems = [str(p) for p in report.errors] + [str(p) for p in report.warnings]
    outcome.warnings = len(report.warnings)
    if pack is None:
        log.error("content pack %s has %d error(s); the kiosk keeps showing its last good content:\n  %s",
                  settings.pack, len(report.errors), "\n  ".join(str(p) for p in report.errors))
    else:
        outcome.pack = pack
    return outcome
