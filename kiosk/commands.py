"""Subcommands plugins add to the `kiosk` command line, and what they get to work with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kiosk.content.kinds import NAME_RE, NAME_RULE
from kiosk.errors import KioskError
from kiosk.parts import fitting_codes

SHELL_COMMANDS = ("run", "shot", "check", "plugins", "set-pin", "translations", "new-pack", "import", "sync",
                  "status")


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    setup: Callable  # setup(parser): add the arguments
    run: Callable  # run(args, context) -> exit code
    plugin: str


class Commands:
    """Every plugin's commands, by name; `registry(plugin)` is what `kiosk_commands` receives."""

    def __init__(self):
        self.commands: dict[str, Command] = {}

    def registry(self, plugin: str) -> "CommandRegistry":
        return CommandRegistry(self, plugin)


class CommandRegistry:
    def __init__(self, table: Commands, plugin: str):
        self._table = table
        self._plugin = plugin

    def add(self, name: str, help: str, setup: Callable, run: Callable) -> None:
        who = f"plugin {self._plugin!r}"
        if not NAME_RE.match(name or ""):
            raise KioskError(f"{who}: command {name!r}: a name is {NAME_RULE}")
        if name in SHELL_COMMANDS:
            raise KioskError(f"{who}: command {name!r} is one of the kiosk's own")
        other = self._table.commands.get(name)
        if other is not None:
            raise KioskError(f"{who}: command {name!r} is already added by plugin {other.plugin!r}")
        if not (callable(setup) and callable(run)):
            raise KioskError(f"{who}: command {name!r} needs setup(parser) and run(args, context) functions")
        self._table.commands[name] = Command(name, help, setup, run, self._plugin)


@dataclass
class Context:
    """What a plugin's command works with, without a window: the settings, the checked pack
    (None when it has errors), `t_in(lang, key)` for interface strings, `item_codes(item)` for
    every plugin's QR codes, `now()` in the pack's time zone and `state_dir`."""

    settings: object
    pack: object
    catalog: object
    host: object
    clock: object
    state_dir: object = None

    def t_in(self, lang: str, key: str, **values) -> str:
        return self.catalog.t(key, lang, **values)

    def item_codes(self, item) -> list:
        return fitting_codes(self.host.call("kiosk_item_codes", item=item, pack=self.pack), item)

    def now(self):
        return self.clock.now()

    def headless(self, size=None, now=None, lang=None):
        """The real kiosk on a virtual display, drawn only when asked (what `kiosk shot` uses),
        for a command that needs a screen: `.go(route)`, `.frames(n)`, `.app`. `size` ("WxH")
        and `now` (an ISO date-time) are as given on the command line."""
        from kiosk.clock import parse_moment
        from kiosk.headless import Headless
        from kiosk.settings import parse_size

        box = parse_size(size) if size else None
        if size and box is None:
            raise KioskError(f"--size must look like 1080x1920, not {size!r}")
        try:
            moment = parse_moment(now) if now else None
        except ValueError:
            raise KioskError(f"--now must be a date and time like 2026-05-19T14:30, not {now!r}") from None
        return Headless.start(self.settings, size=box, now=moment, lang=lang,
                              plugin_dirs=self.host.plugin_dirs, state_dir=self.state_dir)
