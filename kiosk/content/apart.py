"""A large pack checked in a process of its own, so that the running kiosk's taps do not wait.

Reading and checking YAML is pure Python: it holds the interpreter's lock for as long as it runs,
and a check in one of the kiosk's threads takes the screen's thread's turns. On this machine a
10,000-offer pack checked over and over in a thread made the taps' p95 380 ms (42 with nothing
checked); checked by a child process at SCHED_IDLE, 44 (`python -m bench --only checking`). So
the running kiosk (a reload, a sync) has a child read and check a large pack with the kiosk's
own kinds of content, as `kiosk check` does; the child keeps the result in the cache of checked
packs, and the kiosk reads it back from there (0.25 s for 10,000 offers instead of 3.5).

The child only warms the cache. What the kiosk takes is its own lookup under its own key, so a
child that fails, is killed or cannot make one of the kiosk's kinds (another key) costs time,
never correctness: the kiosk then checks the pack itself, as before.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from kiosk.content import cache as packcache
from kiosk.content.loader import load_pack

log = logging.getLogger("kiosk")

APART_BYTES = 512 * 1024  # a pack with more YAML than this is checked apart (~0.1 s of checking here)
NICE = 19  # where there is no SCHED_IDLE: the child gives way to the screen's process
_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the kiosk package


def yaml_bytes(folder: Path) -> int:
    """The size of the YAML files in `folder` and its sub-folders (0 for no folder)."""
    total = 0
    for path, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith((".yaml", ".yml")):
                try:
                    total += os.stat(os.path.join(path, name)).st_size
                except OSError:  # gone while looking: the check says what is missing
                    continue
    return total


class Apart:
    """How the running kiosk checks a large pack: which plugins a child loads (kiosk.yaml, the
    plugin folders of the command line) and how long it may take."""

    def __init__(self, settings_path=None, plugin_dirs=(), timeout: float = 60.0, threshold: int = APART_BYTES):
        self.settings_path = settings_path
        self.plugin_dirs = tuple(plugin_dirs)
        self.timeout = timeout
        self.threshold = threshold

    def large(self, folder) -> bool:
        """True for a pack this kiosk checks apart: more YAML than the threshold."""
        return yaml_bytes(Path(folder)) > self.threshold

    def read(self, folder, kinds, icons, cache: Path):
        """(pack or None, report), as `load_pack(folder, kinds, icons=icons, cache=cache)` gives
        them; a large pack not in the cache is first checked by a child into the cache."""
        folder, kinds = Path(folder), tuple(kinds)
        if self.large(folder) and not packcache.holds(cache, folder, kinds, icons):
            self.warm(folder, cache, icons, kinds)
        return load_pack(folder, kinds, icons=icons, cache=cache)

    def warm(self, folder: Path, cache: Path, icons, kinds) -> bool:
        """Have a child check `folder` with `icons` and the kiosk's `kinds` into `cache`; False
        (logged) when it did not finish well."""
        wanted = {"icons": sorted(icons) if icons is not None else None,
                  "kinds": [[kind.name, kind.plugin] for kind in kinds]}
        command = [sys.executable, "-m", "kiosk.content.apart", str(folder), str(cache)]
        if self.settings_path is not None:
            command += ["--config", str(self.settings_path)]
        for extra in self.plugin_dirs:
            command += ["--plugins-dir", str(extra)]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH", "")) if p)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, env=env,
                                  input=json.dumps(wanted))
        except subprocess.TimeoutExpired:
            log.warning("checking %s apart took more than %g s; the kiosk checks it itself", folder, self.timeout)
            return False
        except OSError as exc:
            log.warning("cannot check %s apart (%s); the kiosk checks it itself", folder, exc)
            return False
        if done.returncode != 0:
            lines = (done.stderr or "").strip().splitlines() or [f"exit status {done.returncode}"]
            log.warning("checking %s apart failed (%s); the kiosk checks it itself", folder, lines[-1])
            return False
        return True


def _give_way() -> None:
    """Run only on a core nobody else wants (Linux's SCHED_IDLE), else at the lowest priority:
    the screen's process and its drawing threads never wait for the check."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    except (AttributeError, OSError) as exc:
        reason = exc
    try:
        os.nice(NICE)
    except OSError as exc:
        reason = exc
    print(f"kiosk: checking without SCHED_IDLE: {reason}", file=sys.stderr)


def main(argv=None) -> int:
    """The child: check one pack with the kiosk's kinds and icon names (on stdin, as JSON), keeping
    the result in the cache. The kinds are the kiosk's as it runs: the plugins kiosk.yaml names
    and configures, but also one it blocks and the administrator switched on, in the order they
    are in now (a plugin switched off and on again comes last)."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.content.apart", description=__doc__.splitlines()[0])
    parser.add_argument("pack", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--plugins-dir", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    _give_way()

    from kiosk.plugins import CONTENT, PluginHost
    from kiosk.settings import Settings, load_settings

    wanted = json.load(sys.stdin)
    icons = None if wanted["icons"] is None else set(wanted["icons"])
    settings = load_settings(args.config) if args.config is not None else Settings()
    needed = {plugin for _name, plugin in wanted["kinds"]}
    settings = settings.with_(plugins_blocked=tuple(b for b in settings.plugins_blocked if b not in needed))
    host = PluginHost(settings, args.plugins_dir, start=CONTENT).load()
    found = {kind.name: kind for kind in host.content_kinds()}
    # a kind the child cannot make is left out: another key, and the kiosk checks the pack itself
    kinds = [found[name] for name, _plugin in wanted["kinds"] if name in found]
    load_pack(args.pack, kinds, icons=icons, cache=args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
