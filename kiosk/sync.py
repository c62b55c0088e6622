"""Content from git: fetch a branch, check its new head exactly as `kiosk check` does, and only
then show it, swapped in whole by one atomic rename.

Everything lives in the state folder's `sync/` (kiosk.paths.sync_dir):

    mirror.git/        a bare repository; `git fetch` keeps refs/heads/<branch> there
    revs/<commit>/     one revision's pack folders, written once, fsynced, never changed again
    current            a symlink to revs/<commit>: the last good revision, the one shown
    check-cache/       the running kiosk's check of a large revision by a child, removed after it
    state.json         the revision shown, the last sync, the last error, refused revisions
    lock               one cycle at a time (the running kiosk's thread or `kiosk sync`)

A new revision is extracted into revs/<commit>.tmp, checked there, fsynced and renamed; then a
temporary symlink is made and renamed over `current` (os.replace, as kubernetes' git-sync does)
and the folder is fsynced. A power cut or a kill at any moment leaves `current` pointing at a
whole revision, the old one or the new one. Whatever came before `current` on disk is left-over
and removed on the next cycle.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import paths
from kiosk.errors import KioskError

log = logging.getLogger("kiosk.sync")

KEEP = 3  # revisions kept on disk: the shown one and two before it (a load may still read one)
REFUSED_KEPT = 50
FETCH_TIMEOUT = 600  # seconds; a fetch that hangs longer is a connection problem
PAUSE_ENV = "KIOSK_SYNC_PAUSE"  # tests: stop at these points of a swap (see `_pause`)


class SyncError(KioskError):
    """The repository cannot be reached or read: a connection or configuration problem."""


@dataclass
class Result:
    """What one fetch-check-swap cycle found."""

    head: str = ""  # the branch's head after the fetch ("" when the fetch failed)
    shown: str = ""  # the revision shown after the cycle ("" when none yet)
    swapped: bool = False  # True when this cycle put a new revision on the screen
    refused: list[str] = field(default_factory=list)  # why the head is refused, path:line first
    error: str = ""  # a connection or repository problem

    @property
    def exit_code(self) -> int:
        """0: the head is shown; 1: the head is refused; 2: the repository could not be read."""
        if self.error:
            return 2
        return 0 if self.head and self.head == self.shown else 1


class Syncer:
    """One kiosk's view of its content repository: the packs it shows, from one branch."""

    def __init__(self, settings, root: Path | None = None, kinds=None, plugin_dirs=(), apart=None):
        """`kinds()` gives the kinds of content the check reads (the plugins' own); without it,
        the plugins are loaded as `kiosk check` loads them. With `apart` (a
        kiosk.content.apart.Apart: the running kiosk's), a large pack is checked in a child."""
        if settings.source is None:
            raise KioskError("kiosk.yaml has no content.source: the content is a folder on this device")
        self.source = settings.source
        self.packs = settings.pack_names
        self.root = Path(root) if root else paths.sync_dir()
        self.mirror = self.root / "mirror.git"
        self.revs = self.root / "revs"
        self.current = self.root / "current"
        self.state_file = self.root / "state.json"
        self.scratch = self.root / "check-cache"  # a child's check of a revision, read back once
        self.settings = settings
        self._kinds = kinds
        self._plugin_dirs = plugin_dirs
        self._apart = apart

    # -- what is shown ---------------------------------------------------------------------------

    def shown(self) -> str:
        """The commit `current` points to, or "" before the first good revision."""
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return ""

    def revision_of(self, folder) -> str:
        """The commit a pack folder was read from, or "" for a folder not from this sync."""
        try:
            return Path(folder).relative_to(self.revs.resolve()).parts[0]
        except (TypeError, ValueError, IndexError):
            return ""

    def state(self) -> dict:
        """state.json: revision, synced, head, last_error, refused {commit: {when, reasons}}."""
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data.setdefault("refused", {})
        data["revision"] = self.shown()  # the symlink is the truth; the file may be one step behind
        return data

    # -- one cycle -------------------------------------------------------------------------------

    def cycle(self) -> Result:
        """Fetch, and if the head is new and passes the check, show it. Never raises for a
        connection problem or a broken revision: the Result says what happened."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._cycle_locked()

    def _cycle_locked(self) -> Result:
        state = self.state()
        result = Result(shown=state["revision"])
        self._tidy()
        now = _now()
        state["checked"] = now
        try:
            self._fetch()
            result.head = self._git("rev-parse", "--verify", f"refs/heads/{self.source.branch}^{{commit}}").strip()
        except SyncError as exc:
            result.error = str(exc)
            state["last_error"] = result.error
            log.warning("content sync: %s; still showing %s", exc, _short(result.shown) or "nothing yet")
            self._write_state(state)
            return result
        state["synced"] = now
        state["head"] = result.head
        if result.head == result.shown:
            state["last_error"] = ""
        elif state["refused"].get(result.head, {}).get("with") == self._checked_with():
            result.refused = state["refused"][result.head]["reasons"]  # checked before: not again
        else:
            result.refused = self._take(result.head)
            if result.refused:
                state["refused"][result.head] = {"when": now, "reasons": result.refused, "with": self._checked_with()}
                state["refused"] = dict(list(state["refused"].items())[-REFUSED_KEPT:])
                log.error("content revision %s refused; still showing %s:\n  %s", _short(result.head),
                          _short(result.shown) or "nothing", "\n  ".join(result.refused))
            else:
                result.swapped, result.shown = True, result.head
                log.info("content revision %s shown (%s)", _short(result.head), ", ".join(self.packs))
        if result.refused:
            state["last_error"] = f"revision {_short(result.head)} refused: {result.refused[0]}"
        elif result.head == result.shown:
            state["last_error"] = ""
        self._write_state(state)
        self._prune()
        return result

    # -- git -------------------------------------------------------------------------------------

    def _git(self, *args, **kwargs) -> str:
        command = ["git", "--git-dir", str(self.mirror), *args]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=FETCH_TIMEOUT,
                                  env=_git_env(), **kwargs)
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} took longer than {FETCH_TIMEOUT} s") from None
        except OSError as exc:
            raise SyncError(f"cannot run git ({exc}): apt-get install git") from None
        if done.returncode != 0:
            raise SyncError(_last_line(done.stderr) or f"git {args[0]} failed ({done.returncode})")
        return done.stdout

    def _fetch(self) -> None:
        if not (self.mirror / "HEAD").is_file():
            tmp = self.mirror.with_name("mirror.git.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            subprocess.run(["git", "init", "--quiet", "--bare", str(tmp)], check=True, env=_git_env())
            # git does not fsync by default; a power cut during a fetch must not break the mirror
            subprocess.run(["git", "--git-dir", str(tmp), "config", "core.fsync", "all"], check=True, env=_git_env())
            os.replace(tmp, self.mirror)
        branch = self.source.branch
        try:
            self._git("fetch", "--quiet", "--no-tags", "--prune", self.source.git,
                      f"+refs/heads/{branch}:refs/heads/{branch}")
        except SyncError as exc:
            raise SyncError(f"cannot fetch branch {branch!r} from {self.source.git}: {exc}") from None

    # -- taking a revision -----------------------------------------------------------------------

    def _take(self, commit: str) -> list[str]:
        """Check `commit` and show it if good; the reasons it is refused otherwise."""
        if self.source.signed_by is not None:
            reasons = self._verify(commit)
            if reasons:
                return reasons
        tmp = self.revs / f"{commit}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        reasons = self._extract(commit, tmp)
        _pause("extracted")
        reasons = reasons or self._check(tmp)
        if reasons:
            shutil.rmtree(tmp, ignore_errors=True)
            return reasons
        _fsync_tree(tmp)
        final = self.revs / commit
        shutil.rmtree(final, ignore_errors=True)  # a left-over of a refused or pruned revision
        os.replace(tmp, final)
        _fsync_dir(self.revs)
        _pause("renamed")
        link = self.root / f"current.tmp-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(Path("revs") / commit, link)  # relative: the state folder may move
        _pause("linked")
        os.replace(link, self.current)
        _fsync_dir(self.root)
        _pause("swapped")
        return []

    def _checked_with(self) -> str:
        """What a check depended on besides the commit: this kiosk's packs and its signers. A
        refused revision is checked again when these change (another pack, a key added)."""
        signers = ""
        if self.source.signed_by is not None:
            try:
                signers = hashlib.sha256(self.source.signed_by.read_bytes()).hexdigest()[:16]
            except OSError:
                signers = "unreadable"
        return f"{','.join(self.packs)};{signers}"

    def _verify(self, commit: str) -> list[str]:
        signers = self.source.signed_by
        try:
            self._git("-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", commit)
        except SyncError as exc:
            return [f"revision {_short(commit)} is not signed by a key in {signers}: {exc}"]
        return []

    def _extract(self, commit: str, into: Path) -> list[str]:
        missing = []
        for name in self.packs:
            try:
                kind = self._git("cat-file", "-t", f"{commit}:{name}").strip()
            except SyncError:
                kind = ""
            if kind != "tree":
                missing.append(f"{name}: no such folder in revision {_short(commit)}")
        if missing:
            return missing
        into.mkdir(parents=True)
        command = ["git", "--git-dir", str(self.mirror), "archive", "--format=tar", commit, "--", *self.packs]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_git_env()) as proc:
            try:
                with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                    tar.extractall(into, filter="data")  # no links out of the folder, no devices
            except (tarfile.TarError, OSError) as exc:
                proc.kill()
                return [f"revision {_short(commit)} cannot be unpacked: {exc}"]
            error = proc.stderr.read().decode(errors="replace")
        if proc.returncode != 0:
            return [f"revision {_short(commit)} cannot be unpacked: {_last_line(error)}"]
        return []

    def _check(self, tree: Path) -> list[str]:
        """The check `kiosk check` makes, on each of this kiosk's packs in `tree`; errors as
        path:line inside the repository."""
        from kiosk.content import load_pack
        from kiosk.runtime import _icon_names

        if self._kinds is None:
            from kiosk.plugins import CONTENT, PluginHost

            host = PluginHost(self.settings, self._plugin_dirs, start=CONTENT).load()
            self._kinds = host.content_kinds
        kinds = self._kinds()
        icons = _icon_names()
        reasons = []
        prefix = str(tree) + os.sep
        try:
            for name in self.packs:
                if self._apart is not None and self._apart.large(tree / name):
                    pack, report = self._apart.read(tree / name, kinds, icons, self.scratch)
                else:
                    pack, report = load_pack(tree / name, kinds, icons=icons)
                if pack is None:
                    reasons.extend(str(p).removeprefix(prefix) for p in report.errors)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)  # keyed by the .tmp path: never read again
        return reasons

    # -- housekeeping ----------------------------------------------------------------------------

    def _tidy(self) -> None:
        """Remove what a killed cycle left: unfinished trees and temporary links."""
        for link in self.root.glob("current.tmp-*"):
            link.unlink()
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.revs.is_dir():
            for tmp in self.revs.glob("*.tmp"):
                shutil.rmtree(tmp, ignore_errors=True)

    def _prune(self) -> None:
        """Keep the shown revision and the newest others, up to KEEP in all."""
        if not self.revs.is_dir():
            return
        shown = self.shown()
        others = sorted((p for p in self.revs.iterdir() if p.is_dir() and p.name != shown and not p.name.endswith(".tmp")),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP - 1:]:
            shutil.rmtree(old, ignore_errors=True)

    def _write_state(self, state: dict) -> None:
        write_json(self.state_file, {k: v for k, v in state.items() if k != "revision"} | {"revision": self.shown()})


class Background:
    """The running kiosk's sync: a thread that runs a cycle at start and every `interval`
    seconds, and hands a new revision to the app's content reload on Kivy's thread."""

    def __init__(self, app, syncer: Syncer):
        self.app = app
        self.syncer = syncer
        self.last: Result | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kiosk-sync", daemon=True)

    @classmethod
    def start(cls, app) -> "Background | None":
        """Start syncing when kiosk.yaml has a content.source; None otherwise."""
        if app.settings.source is None:
            return None
        from kiosk.content.apart import Apart

        apart = Apart(app.settings.path, app.host.extra_dirs)  # the sync's check must not hold up the taps
        background = cls(app, Syncer(app.settings, kinds=app.host.content_kinds, apart=apart))
        background._thread.start()
        return background

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        wait = 0.0
        while not self._stop.wait(wait):
            self.run_once()
            wait = self.syncer.source.interval

    def run_once(self) -> Result:
        """One cycle (in the calling thread); a new revision is reloaded on Kivy's thread."""
        from kivy.clock import Clock

        try:
            result = self.syncer.cycle()
        except Exception as exc:  # a bug here must not end the thread: next interval, again
            log.exception("content sync failed")
            result = Result(error=f"{type(exc).__name__}: {exc}")
        self.last = result
        # swapped here, or by `kiosk sync` since the app read its pack: show the revision now
        if result.shown and result.shown != self.syncer.revision_of(self.app.settings.pack):
            Clock.schedule_once(lambda _dt: self.app.reload_content(f"revision {_short(result.shown)} from git"), 0)
        else:
            Clock.schedule_once(lambda _dt: self.app._refresh_admin(), 0)
        return result


# -- files that survive a power cut --------------------------------------------------------------


def write_json(path: Path, data: dict) -> None:
    """Replace `path` with `data` whole: a reader sees the old file or the new one, never half."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_tree(top: Path) -> None:
    for folder, _dirs, files in os.walk(top):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pause(point: str) -> None:
    """For the tests that kill a sync mid-swap: with KIOSK_SYNC_PAUSE naming `point`, say so on
    standard output and wait for a line on standard input (the test kills us instead)."""
    if point in os.environ.get(PAUSE_ENV, "").split(","):
        print(f"sync paused: {point}", flush=True)
        sys.stdin.readline()


def _git_env() -> dict:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password on a public screen
    env["LC_ALL"] = "C"
    return env


def _last_line(text: str) -> str:
    """git's message: its first fatal or error line, else its last line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (said or lines or [""])[0 if said else -1]


def _short(commit: str) -> str:
    return commit[:10]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
