"""The `kiosk` command: run the kiosk, render a route to PNG, check content, list plugins."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from kiosk import __version__
from kiosk.errors import ConfigError, KioskError

REPO = Path(__file__).resolve().parent.parent
log = logging.getLogger("kiosk")


def default_config() -> Path:
    local = Path.cwd() / "kiosk.yaml"
    return local if local.is_file() else REPO / "kiosk.yaml"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    common = _common()
    known, word, help_asked = _command_word(argv, common)
    parser, sub = _parser(common, word if word is not None or help_asked else "run")
    try:
        plugin_commands, host = _plugin_commands(known, word, help_asked)
    except ConfigError as exc:
        return _config_error(argv, exc)
    for command in plugin_commands.values():
        command.setup(sub.add_parser(command.name, parents=[common], help=f"{command.help} (plugin {command.plugin})"))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    command = args.command or "run"
    try:
        if command in plugin_commands:
            return _run_plugin_command(plugin_commands[command], args, host)
        return COMMANDS[command](args)
    except ConfigError as exc:
        return _config_error(argv, exc, args.config)
    except KioskError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2


def _config_error(argv, exc, config=None) -> int:
    print(f"kiosk: {config or default_config()} is not valid:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def _command_word(argv, common) -> tuple[argparse.Namespace, str | None, bool]:
    """The options every command takes, the command the command line names (its first word that
    is no option), and whether it asks for help."""
    known, rest = common.parse_known_args(argv)
    word = next((a for a in rest if not a.startswith("-")), None)
    return known, word, bool({"-h", "--help"} & set(rest))


def _plugin_commands(known, word, help_asked) -> tuple[dict, object]:
    """The commands plugins add (kiosk_commands) and the plugin host that has them, when the
    command line asks for one or for help; else nothing is loaded."""
    if word in COMMANDS or (word is None and not help_asked):
        return {}, None
    path = known.config or default_config()
    if not path.is_file():
        return {}, None
    from kiosk.plugins import HEADLESS, PluginHost
    from kiosk.settings import load_settings

    host = PluginHost(load_settings(path), known.plugins_dir, start=HEADLESS).load()
    return dict(host.commands.commands), host


def _run_plugin_command(command, args, host) -> int:
    from kiosk import runtime

    return int(command.run(args, runtime.context(host.settings, host)) or 0)


def _common() -> argparse.ArgumentParser:
    """The options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="the kiosk.yaml to use (default: ./kiosk.yaml)")
    common.add_argument(
        "--plugins-dir", action="append", default=[], type=Path, metavar="DIR",
        help="also load plugins from DIR (one sub-folder per plugin); may be repeated",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="log more")
    return common


def _parser(common, word: str | None) -> tuple[argparse.ArgumentParser, object]:
    """The whole command line; the administrators' tools only when `word` (None: help for all)
    may be one of them: importing them costs `kiosk shot` and `kiosk run` a tenth of a
    second of their start (urllib, http, email for the importer alone)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="A multilingual content kiosk for public touchscreens.", parents=[common])
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", parents=[common], help="start the kiosk on this screen (the default)")
    run.add_argument(
        "--supervise", action="store_true",
        help="without systemd: watch the kiosk and start it again when it freezes or ends (as Restart=always)",
    )
    shot = sub.add_parser("shot", parents=[common], help="render what a passer-by sees on ROUTE to a PNG")
    shot.add_argument("route", metavar="ROUTE", help="e.g. home, offers/counselling, offer/<id>, events")
    shot.add_argument("--out", required=True, type=Path, metavar="FILE.png")
    shot.add_argument("--lang", metavar="CODE", help="the screen's language (default: the pack's)")
    shot.add_argument("--size", metavar="WxH", help="window size in pixels (default: kiosk.yaml's)")
    shot.add_argument("--now", metavar="ISO-DATETIME", help="pretend it is this moment (e.g. 2026-05-19T14:30)")
    check = sub.add_parser("check", parents=[common], help="check content packs and report every problem")
    check.add_argument("packs", nargs="*", type=Path, metavar="PACK", help="pack folders (default: those in kiosk.yaml)")
    sub.add_parser("plugins", parents=[common], help="list every plugin: where it came from, its hooks, its state")
    pin = sub.add_parser("set-pin", parents=[common], help="set the administrator's PIN (stored as a salted hash)")
    pin.add_argument("--stdin", action="store_true", help="read the PIN from standard input instead of asking twice")
    sub.add_parser("sync", parents=[common], help="fetch content.source once, check its head, show it if good")
    status = sub.add_parser("status", parents=[common], help="the shown pack, its revision, the last sync and error, plugins, uptime")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    for tool in _admin_tools(word):
        tool.add_parser(sub, common)
    return parser, sub


def _admin_tools(word: str | None):
    """Administrators' tools for content, each a module with add_parser(sub, common) and run(args):
    the one `word` names, none for another built-in command, else all."""
    import importlib

    if word in COMMANDS and word not in ADMIN_TOOLS:
        return []
    names = [ADMIN_TOOLS[word]] if word in ADMIN_TOOLS else ADMIN_TOOLS.values()
    return [importlib.import_module(f"kiosk.{name}") for name in names]


def _settings(args):
    from kiosk.settings import load_settings

    path = args.config or default_config()
    if not path.is_file():
        raise KioskError(f"no configuration file {path}")
    return load_settings(path)


def cmd_run(args) -> int:
    from kiosk import boot, display, watchdog

    settings = _settings(args)
    if getattr(args, "supervise", False) and not watchdog.under_systemd():
        command = [sys.executable, "-m", "kiosk", "run"] + [a for a in (argv_of_run(args)) if a != "--supervise"]
        return watchdog.supervise(command, limit=2 * watchdog.freeze_limit())
    if not display.has_display():
        print(
            "kiosk: no display here (DISPLAY is not set): to see a screen without one, run "
            "`kiosk shot home --out home.png`",
            file=sys.stderr,
        )
        return 1
    screen = settings.screen
    boot.prepare(screen.width, screen.height, screen.fullscreen, screen.rotation)
    from kiosk import runtime
    from kiosk.logbook import Logbook, log_to_file

    path = log_to_file(boot.state / "logs")
    Logbook.attach()  # before anything is loaded: start-up warnings and errors reach the admin panel
    logging.getLogger().setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler and not args.verbose:
            handler.setLevel(logging.WARNING)  # the console (the journal) gets warnings and errors
    log.info("kiosk %s starting; log file %s", __version__, path)

    running: dict = {"app": None, "stop": False}
    dog = watchdog.Watchdog(
        watchdog.freeze_limit(), boot.state, plugins=lambda: _plugin_folders(running["app"], settings, args.plugins_dir)
    ).start()
    _handle_signals(running, dog)
    app = running["app"] = runtime.build(settings, args.plugins_dir)
    from kiosk import status, sync

    app.syncer = sync.Background.start(app)  # None without content.source
    app.status_file = status.StatusFile(app, boot.state)  # what `kiosk status` reads
    if running["stop"]:
        log.info("kiosk stopped before it showed anything")
        return 0
    from kivy.clock import Clock

    Clock.schedule_interval(dog.beat, 0.25)
    # after the app's own on_start (a handler bound here that returned something true would stop
    # the event before it): READY=1 once the first screen is up
    app.fbind("on_start", lambda *_a: Clock.schedule_once(lambda _dt: _ready(app, dog), 0) and None)
    app.run()
    dog.close()
    watchdog.notify("STOPPING=1")
    if getattr(app, "quit_by_admin", False):
        log.info("kiosk stopped by its administrator")
        return watchdog.EXIT_QUIT
    log.info("kiosk stopped")
    return 0


def argv_of_run(args) -> list[str]:
    """`kiosk run`'s own options again, for the supervised child."""
    argv = []
    if args.config:
        argv += ["--config", str(args.config)]
    for folder in args.plugins_dir:
        argv += ["--plugins-dir", str(folder)]
    if args.verbose:
        argv.append("-v")
    return argv


def _ready(app, dog) -> None:
    dog.beat()
    from kiosk.watchdog import notify

    screen = app.current_screen()
    notify("READY=1")
    log.info("kiosk ready, showing %s", screen.name if screen is not None else "nothing")


def _plugin_folders(app, settings, plugin_dirs):
    """(name, folder) of every plugin, to blame a frozen main thread on: the host's, once it exists,
    else every plugin folder's sub-folders (a freeze while plugins are loaded)."""
    if app is not None:
        return [(info.name, info.path) for info in app.host.plugins.values() if info.path is not None]
    from kiosk.plugins import BUILTIN_DIR

    folders = [BUILTIN_DIR, *settings.plugin_folders, *(Path(d) for d in plugin_dirs)]
    return [(sub.name, sub) for folder in folders if Path(folder).is_dir()
            for sub in Path(folder).iterdir() if sub.is_dir()]


def _handle_signals(running: dict, dog) -> None:
    """SIGHUP reloads content and settings, as daemons do; SIGTERM (`systemctl stop`) and SIGINT
    (Ctrl+C) stop cleanly, within a bound even when a plugin holds the main thread. Each is
    logged. Without handlers of ours, SDL turns SIGTERM into a window close request, which the
    kiosk refuses on principle, and SIGHUP ends the process without a word.

    A handler runs in the main thread between two of its steps, perhaps in the middle of a log
    line being written; logging from there writes into the file's buffer again, which Python
    refuses with a traceback. So a handler only notes the signal; what it asks for (the log line,
    the watchdog's bound, the app's stop or reload) is done in a thread of its own."""
    import signal

    def aside(work, signum) -> None:
        threading.Thread(target=work, args=(signal.Signals(signum).name,), name="kiosk-signal", daemon=True).start()

    def stopping(name) -> None:
        log.warning("signal %s: stopping", name)
        dog.stopping()
        app = running["app"]
        if app is not None:
            from kivy.clock import Clock

            Clock.schedule_once(lambda _dt: app.stop(), 0)  # Kivy's Clock may be asked from any thread

    def reloading(name) -> None:
        app = running["app"]
        if app is None or app.watcher is None:
            log.warning("signal %s: nothing to reload yet (the kiosk is starting)", name)
            return
        log.warning("signal %s: checking content and settings again", name)
        from kivy.clock import Clock

        Clock.schedule_once(lambda _dt: app.reload_content(name), 0)

    def stop(signum, _frame):
        running["stop"] = True  # at once: a kiosk still starting looks at it before it shows anything
        aside(stopping, signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, lambda signum, _frame: aside(reloading, signum))


def cmd_shot(args) -> int:
    from kiosk.clock import parse_moment
    from kiosk.settings import parse_size

    settings = _settings(args)
    size = None
    if args.size:
        size = parse_size(args.size)
        if size is None:
            raise KioskError(f"--size must look like 1080x1920, not {args.size!r}")
    now = None
    if args.now:
        try:
            now = parse_moment(args.now)
        except ValueError:
            raise KioskError(f"--now must be a date and time like 2026-05-19T14:30, not {args.now!r}") from None
    from kiosk.headless import Headless

    harness = Headless.start(settings, size=size, now=now, lang=args.lang, plugin_dirs=args.plugins_dir)
    harness.leave(_shoot(harness, args))


def _shoot(harness, args) -> int:
    app = harness.app
    if args.lang and app.lang != args.lang:
        offered = ", ".join(app.offered_languages)
        print(f"kiosk: language {args.lang!r} is not offered here (offered: {offered})", file=sys.stderr)
        return 2
    if app.pack is None:
        print("kiosk: the content pack has errors; run `kiosk check`", file=sys.stderr)
        return 1
    if args.route != "home" and not harness.go(args.route):
        print(f"kiosk: nothing to show for route {args.route!r}", file=sys.stderr)
        return 2
    harness.screenshot(args.out)
    return 0


def cmd_check(args) -> int:
    from kiosk import translations
    from kiosk.plugins import CONTENT, PluginHost
    from kiosk.runtime import read_pack

    packs = [p.resolve() for p in args.packs]
    # the plugins of kiosk.yaml (its folders, its blocked ones) decide which files are read;
    # packs named on the command line can be checked without one
    has_config = args.config is not None or default_config().is_file()
    settings = _settings(args) if has_config or not packs else None
    if not packs:
        packs = list(settings.packs) or ([settings.pack] if settings.pack else [])
    if not packs:
        raise KioskError("no content pack to check: name one, or set content.pack in kiosk.yaml")
    # the kinds of content are the plugins': the same plugins as `kiosk run` loads
    host = PluginHost(settings or _bare_settings(), args.plugins_dir, start=CONTENT).load()
    kinds = host.content_kinds()
    failed = False
    for folder in packs:
        pack, report = read_pack(folder, kinds)
        for problem in report.sorted():
            print(_relative(problem))
        if pack is None:
            failed = True
            print(f"{_rel(folder)}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
            continue
        labels = {k.name: k.label for k in kinds}
        counts = ", ".join(f"{n} {labels.get(kind, kind)}" for kind, n in pack.counts().items() if kind != "map")
        print(
            f"{_rel(folder)}: ok: {counts}, "
            f"{len(pack.languages)} languages ({', '.join(pack.languages)}), {len(report.warnings)} warning(s)"
        )
        print(f"{_rel(folder)}: translated: {translations.summary(folder)}")
    return 1 if failed else 0


def _bare_settings():
    from kiosk.settings import Settings

    return Settings()


def cmd_plugins(args) -> int:
    from kiosk import boot
    from kiosk.plugins import CONTENT, PluginHost

    settings = _settings(args)
    boot.prepare(settings.screen.width, settings.screen.height, fullscreen=False)
    host = PluginHost(settings, args.plugins_dir).load()
    for info in host.all():
        state = info.state + (f": {info.error}" if info.error else "")
        print(f"{info.name}  [{state}]")
        print(f"    from: {info.source}")
        if info.warning:
            print(f"    warning: {info.warning}")
        if info.hooks:
            print(f"    hooks: {', '.join(info.hooks)}")
        for label, names in (
            ("routes", [s.pattern for s in host.routes.specs() if s.plugin == info.name]),
            ("content", [k.where for k in host.content_kinds() if k.plugin == info.name]),
            ("commands", [c.name for c in host.commands.commands.values() if c.plugin == info.name]),
        ):
            if names:
                print(f"    {label}: {', '.join(names)}")
    return 0


def cmd_set_pin(args) -> int:
    import getpass

    from kiosk import paths
    from kiosk.pin import check_format, write_pin

    settings = _settings(args)
    target = paths.pin_file(settings)
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New admin PIN (4-12 digits): ")
        check_format(pin)
        if getpass.getpass("The same PIN again: ") != pin:
            raise KioskError("the two PINs differ; nothing was changed")
    write_pin(target, pin)
    print(f"kiosk: admin PIN set ({target}); hold the top-left corner for 5 seconds to open admin mode")
    return 0


def cmd_sync(args) -> int:
    from kiosk.sync import Syncer

    settings = _settings(args)
    if not args.verbose:
        logging.getLogger("kiosk.sync").setLevel(logging.CRITICAL)  # the outcome is printed below
    result = Syncer(settings, plugin_dirs=args.plugins_dir).cycle()
    source = settings.source
    if result.error:
        print(f"kiosk sync: {result.error}", file=sys.stderr)
        print(f"kiosk sync: still showing {result.shown or 'nothing yet'}", file=sys.stderr)
        return 2
    if result.refused:
        print(f"kiosk sync: revision {result.head} of {source.branch} is refused:")
        for reason in result.refused:
            print(f"  {reason}")
        print(f"kiosk sync: still showing {result.shown or 'nothing yet'}")
        return 1
    what = "now shows" if result.swapped else "shows"
    print(f"kiosk sync: {', '.join(settings.pack_names)} {what} {result.shown}, the head of {source.branch}")
    return 0


def cmd_status(args) -> int:
    import json

    from kiosk import paths, status

    settings = _settings(args)
    data = status.read(settings, paths.state_dir())
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False))
    else:
        print("\n".join(status.lines(data)))
    return 0


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _relative(problem) -> str:
    text = str(problem)
    cwd = str(Path.cwd()) + "/"
    return text[len(cwd):] if text.startswith(cwd) else text


COMMANDS = {"run": cmd_run, "shot": cmd_shot, "check": cmd_check, "plugins": cmd_plugins, "set-pin": cmd_set_pin,
            "sync": cmd_sync, "status": cmd_status}
# command -> module under kiosk/ (imported only when used, so `kiosk run` starts no slower)
ADMIN_TOOLS = {"translations": "translations", "new-pack": "newpack", "import": "importers"}


def cmd_admin_tool(args) -> int:
    import importlib

    return importlib.import_module(f"kiosk.{ADMIN_TOOLS[args.command]}").run(args)


COMMANDS.update(dict.fromkeys(ADMIN_TOOLS, cmd_admin_tool))
