"""The plugin host: pluggy's checks, one naming rule, blocking by the listed name, commands."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT


def plugin(folder, name, code):
    (folder / name).mkdir(parents=True)
    (folder / name / "__init__.py").write_text(textwrap.dedent(code))
    return folder


def host_for(folder, **settings):
    from kiosk.plugins import CONTENT, PluginHost
    from kiosk.settings import Settings

    return PluginHost(Settings(**settings), [folder], start=CONTENT).load()


def test_a_misspelt_hook_switches_the_plugin_off_naming_the_real_one(tmp_path):
    plugin(tmp_path, "typo", """
        from kiosk.api import Tile, hookimpl

        @hookimpl
        def kiosk_home_tile(t):
            return [Tile(route="typo", title="x")]
    """)
    info = host_for(tmp_path).plugins["typo"]
    assert info.state == "failed"
    assert info.error == "implements 'kiosk_home_tile', which is not a hook (did you mean 'kiosk_home_tiles'?)"


def test_a_plugin_with_no_hook_is_listed_with_a_warning(tmp_path):
    plugin(tmp_path, "idle", '"""Does nothing yet."""\n')
    plugin(tmp_path, "unmarked", "def kiosk_reset():\n    pass\n")
    host = host_for(tmp_path)
    assert host.plugins["idle"].state == "active"
    assert host.plugins["idle"].warning == "implements no hook: it does nothing"
    assert host.plugins["unmarked"].warning == "kiosk_reset is not marked @hookimpl, so it is never called"


def test_a_name_with_a_dash_loads_and_is_blocked_by_that_name(tmp_path):
    from kiosk.settings import load_settings

    plugin(tmp_path, "weather-free", "from kiosk.api import hookimpl\n\n@hookimpl\ndef kiosk_reset():\n    pass\n")
    assert host_for(tmp_path).plugins["weather-free"].state == "active"
    config = tmp_path / "kiosk.yaml"
    config.write_text("plugins:\n  blocked: [weather-free]\n  config:\n    weather-free: {}\n")
    settings = load_settings(config)
    assert host_for(tmp_path, plugins_blocked=settings.plugins_blocked).plugins["weather-free"].state == "blocked"


def test_a_name_that_breaks_the_rule_is_refused_with_the_rule(tmp_path):
    plugin(tmp_path, "Weather", "from kiosk.api import hookimpl\n")
    host = host_for(tmp_path)
    assert "Weather" not in host.plugins
    refused = next(p for p in host.all() if p.name == "Weather")
    assert refused.state == "failed"
    assert refused.error == "the name 'Weather' is not a plugin name: a name is " \
        "a lowercase letter, then up to 39 lowercase letters, digits, '-' or '_'"


def test_the_settings_state_the_same_rule(tmp_path):
    import pytest

    from kiosk.errors import ConfigError
    from kiosk.settings import load_settings

    config = tmp_path / "kiosk.yaml"
    config.write_text("plugins:\n  blocked: [Weather]\n")
    with pytest.raises(ConfigError, match="a lowercase letter, then up to 39"):
        load_settings(config)


def test_a_content_kind_of_a_shell_file_is_refused(tmp_path):
    plugin(tmp_path, "greedy", """
        from kiosk.api import Kind, hookimpl

        @hookimpl
        def kiosk_content_kinds(kinds):
            kinds.add(Kind(name="places", file="places.yaml", read=lambda node, r: None))
    """)
    info = host_for(tmp_path).plugins["greedy"]
    assert info.state == "failed" and "places.yaml is the shell's own file" in info.error


def test_a_plugin_adds_a_command_to_the_kiosk_command_line(tmp_path):
    plugin(tmp_path, "counter", """
        from kiosk.api import hookimpl

        @hookimpl
        def kiosk_commands(commands):
            def setup(parser):
                parser.add_argument("--kind", default="offers")

            def run(args, context):
                print(len(context.pack.items(args.kind)), context.t_in("de", "shell.home"))
                return 3

            commands.add("count", "count the items of a kind", setup, run)
    """)
    (tmp_path / "kiosk.yaml").write_text(
        f"content:\n  pack: {ROOT / 'content' / 'leipziger-osten'}\nplugins:\n  folders: [{tmp_path}]\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "count", "--config", str(tmp_path / "kiosk.yaml"), "--kind", "documents"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert (run.returncode, run.stdout) == (3, "3 Start\n"), run.stderr
    helped = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(tmp_path / "kiosk.yaml"), "--help"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "count the items of a kind (plugin counter)" in helped.stdout


def test_without_the_events_plugin_the_kiosk_runs_and_check_warns(tmp_path):
    """The test of the design in STYLE.md: delete a plugin's folder and nothing breaks."""
    import shutil

    copy = tmp_path / "repo"
    for part in ("kiosk", "plugins", "content", "assets"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "kiosk.yaml", copy / "kiosk.yaml")
    shutil.rmtree(copy / "plugins" / "events")
    env = {**__import__("os").environ, "PYTHONPATH": str(copy), "KIOSK_STATE_DIR": str(tmp_path / "state")}
    check = subprocess.run([sys.executable, "-m", "kiosk", "check", "content/schoenefeld"], capture_output=True,
                           text=True, cwd=copy, env=env, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "content/schoenefeld/events.yaml:1: warning: file is not read: no plugin reads events.yaml" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr
    shot = subprocess.run([sys.executable, "-m", "kiosk", "shot", "home", "--out", str(tmp_path / "home.png")],
                          capture_output=True, text=True, cwd=copy, env=env, timeout=300)
    assert shot.returncode == 0 and (tmp_path / "home.png").stat().st_size > 10_000, shot.stderr
    assert "Traceback" not in shot.stderr
