"""Every hook is documented, called by the shell, and tested by a test named for it (as
datasette keeps its own): the fixture plugin `recorder` implements every hook and records each
call, and each test below makes the shell call one hook as a visitor's journey would."""

from __future__ import annotations

import dataclasses

import inspect
import re
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_PLUGINS, ROOT
from kiosk import hookspecs

HOOKS = [name for name, f in vars(hookspecs).items() if inspect.isfunction(f) and hasattr(f, "kiosk_spec")]
DOCS = (ROOT / "docs" / "plugins.md").read_text()


def calls(hook: str) -> list[dict]:
    return [args for name, args in sys.modules["kiosk_plugins.recorder.plugin"].CALLS if name == hook]


@pytest.fixture
def recorded(kiosk):
    sys.modules["kiosk_plugins.recorder.plugin"].CALLS.clear()
    return kiosk


def fresh_host(**settings):
    from kiosk.plugins import STARTUP, PluginHost
    from kiosk.settings import Settings

    start = tuple(h for h in STARTUP if h != "kiosk_register_routes")  # no screens outside the app
    sys.modules.get("kiosk_plugins.recorder.plugin", type("m", (), {"CALLS": []})).CALLS.clear()
    return PluginHost(Settings(**settings), [FIXTURE_PLUGINS], start=start).load()


def test_hooks_are_prefixed_and_say_what_they_return():
    assert len(HOOKS) == 14
    for name in HOOKS:
        assert name.startswith("kiosk_")
        assert "Returns" in (getattr(hookspecs, name).__doc__ or ""), f"{name}: say what it returns"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_heading_with_its_arguments_and_an_example(hook):
    arguments = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
    heading = f"### `{hook}({arguments})`"
    assert heading in DOCS, f"docs/plugins.md needs the heading {heading}"
    section = DOCS.split(heading, 1)[1].split("\n### ", 1)[0]
    assert re.search(rf"```python\n(.*\n)*?.*def {hook}\(", section), f"{hook}: the section needs an example"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_named_for_it(hook):
    names = {m for p in (ROOT / "tests").glob("test_*.py") for m in re.findall(r"def (test_\w+)", p.read_text())}
    assert f"test_hook_{hook}" in names


def test_every_hook_is_implemented_by_the_recorder(recorded):
    module = sys.modules.get("kiosk_plugins.recorder.plugin")
    assert module is not None
    assert sorted(n for n in vars(module) if n.startswith("kiosk_")) == sorted(HOOKS)


# -- one test per hook, each through the shell ----------------------------------------------------


def test_hook_kiosk_configure():
    fresh_host(plugin_config={"recorder": {"colour": "green"}})
    assert calls("kiosk_configure")[0]["config"] == {"colour": "green"}


def test_hook_kiosk_content_kinds():
    host = fresh_host()
    registry = calls("kiosk_content_kinds")[0]["kinds"]
    assert hasattr(registry, "add")
    assert {"offers", "events", "documents", "map"} <= {k.name for k in host.content_kinds()}


def test_hook_kiosk_register_routes(recorded):
    app = recorded.app
    app.switch_plugin("recorder", False)
    app.switch_plugin("recorder", True)  # switched on again: it registers its routes again
    assert calls("kiosk_register_routes") and hasattr(calls("kiosk_register_routes")[0]["routes"], "add")


def test_hook_kiosk_commands(capsys):
    fresh_host()
    assert hasattr(calls("kiosk_commands")[0]["commands"], "add")


def test_hook_kiosk_home_tiles(recorded):
    recorded.go("offers")
    recorded.go("home")
    args = calls("kiosk_home_tiles")[-1]
    assert args["lang"] == "de" and args["pack"] is recorded.app.pack and args["t"]("shell.home") == "Start"


def test_hook_kiosk_screen_widgets(recorded):
    recorded.go("offers")
    assert calls("kiosk_screen_widgets")[-1]["screen"] is recorded.app.current_screen()


def test_hook_kiosk_item_codes(recorded):
    offer = sorted(recorded.app.pack.items("offers"))[0]
    recorded.go(f"offer/{offer}")  # the qr plugin asks the shell for every plugin's codes
    assert calls("kiosk_item_codes")[-1]["item"].id == offer


def test_hook_kiosk_item_actions(recorded):
    offer = sorted(recorded.app.pack.items("offers"))[0]
    recorded.go(f"offer/{offer}")
    assert calls("kiosk_item_actions")[-1]["item"].id == offer


def test_hook_kiosk_item_widgets(recorded):
    offer = sorted(recorded.app.pack.items("offers"))[0]
    recorded.go(f"offer/{offer}")
    assert calls("kiosk_item_widgets")[-1]["kiosk"] is recorded.app


def test_hook_kiosk_language_changed(recorded, settings):
    from conftest import FIXTURES
    from kiosk.runtime import load_content

    app = recorded.app
    app.set_language("ar")  # a visitor's choice
    app.reset_session()  # the reset
    app.set_language("en")
    app.set_pack(load_content(settings.with_(pack=FIXTURES / "packs" / "mini", language="de"), app.host))
    assert app.lang == "en"  # the new pack offers it: the visitor keeps it
    app.set_language("de")
    app.set_language("en")
    mini = app.pack
    app.set_pack(load_content(settings, app.host))
    app.set_language("ar")
    app.set_pack(mini)  # mini has no Arabic: the kiosk goes back to the default, and says so
    assert [c["lang"] for c in calls("kiosk_language_changed")] == ["ar", "de", "en", "de", "en", "ar", "de"]
    assert not app.rtl


def test_hook_kiosk_used(recorded):
    from kiosk.uix import Tile

    app = recorded.app
    app.reset_session()
    recorded.frames(3)  # the home screen laid out again

    recorded.tap(next(w for w in recorded.find(Tile) if w.route == "offers/counselling"))
    app.set_language("tr")
    app.reset_session()
    uses = [(c["use"].what, c["use"].subject) for c in calls("kiosk_used")]
    assert uses[0] == ("visit_start", "") and ("language", "tr") in uses and uses[-1] == ("visit_end", "")
    assert any(what == "screen" and subject.startswith("offers/") for what, subject in uses), uses


def test_hook_kiosk_content_changed(recorded, settings):
    from kiosk.runtime import load_content

    app = recorded.app
    app.set_pack(load_content(settings, app.host))  # the same files read again: a new pack
    assert calls("kiosk_content_changed")[-1]["pack"] is app.pack


def test_hook_kiosk_reset(recorded):
    recorded.app.reset_session()
    assert calls("kiosk_reset") == [{}]


def test_hook_kiosk_admin_widgets(recorded):
    app = recorded.app
    app.admin.open_panel()
    assert calls("kiosk_admin_widgets")[-1]["kiosk"] is app
    app.close_overlays()


def test_every_hook_is_called_by_the_shell(recorded):
    """The journey of the tests above, counted by the host itself."""
    host = fresh_host()
    assert {"kiosk_configure", "kiosk_content_kinds", "kiosk_commands"} <= set(host.called)
    app = recorded.app
    app.set_language("ar")
    app.reset_session()
    recorded.go(f"offer/{sorted(app.pack.items('offers'))[0]}")
    app.set_pack(dataclasses.replace(app.pack))
    app.admin.open_panel()
    app.close_overlays()
    assert set(HOOKS) - set(app.host.called) - {"kiosk_commands", "kiosk_configure"} == set()
