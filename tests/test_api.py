"""The plugin boundary: plugins speak only `kiosk.api`, and the API is what it says it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import FIXTURE_PLUGINS, ROOT

PLUGIN_FILES = sorted((ROOT / "plugins").rglob("*.py")) + sorted(FIXTURE_PLUGINS.rglob("*.py"))


def kiosk_imports(path: Path) -> list[str]:
    """Every module of the `kiosk` package a file imports, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kiosk" or node.module.startswith("kiosk."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "kiosk" or a.name.startswith("kiosk.")]
    return found


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_plugin_imports_nothing_of_the_shell_but_kiosk_api(path):
    assert [m for m in kiosk_imports(path) if m != "kiosk.api"] == []


def test_kv_files_of_plugins_import_nothing_of_the_shell():
    for kv in (ROOT / "plugins").rglob("*.kv"):
        lines = [line for line in kv.read_text().splitlines() if line.startswith("#:import")]
        assert all(" kiosk.api" in line or " kiosk." not in line for line in lines), kv


def test_the_check_itself_catches_a_reach_in(tmp_path):
    bad = tmp_path / "plugin.py"
    bad.write_text("from kiosk.api import hookimpl\n\ndef f():\n    from kiosk.content.model import Pack\n")
    assert kiosk_imports(bad) == ["kiosk.api", "kiosk.content.model"]


def test_everything_in_all_can_be_imported():
    import kiosk.api as api

    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_a_name_outside_the_api_says_so():
    import kiosk.api as api

    with pytest.raises(AttributeError, match="kiosk.api.__all__"):
        api.KioskApp  # noqa: B018


def test_the_running_kiosk_is_what_the_protocol_describes(kiosk):
    from kiosk.api import Kiosk

    assert isinstance(kiosk.app, Kiosk)
    missing = [name for name in Kiosk.__annotations__ if not hasattr(kiosk.app, name)]
    assert missing == []


def test_plugin_hook_modules_load_no_kivy_widgets():
    """`kiosk check` reads content with the plugins' kinds and must not need a window."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kiosk.plugins import CONTENT, PluginHost\n"
        "from kiosk.settings import Settings\n"
        "host = PluginHost(Settings(), start=CONTENT).load()\n"
        "assert [p.name for p in host.all() if p.state != 'active'] == [], [(p.name, p.error) for p in host.all()]\n"
        "print(sorted(m for m in sys.modules if m.startswith('kivy.uix') or m == 'kivy.core.window'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_on_first_use_imports_the_screens_module_only_when_the_screen_is_built(tmp_path, monkeypatch):
    import sys

    from kiosk.api import on_first_use

    (tmp_path / "late_screens.py").write_text("class Late:\n    def __init__(self, kiosk):\n        self.kiosk = kiosk\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    factory = on_first_use("late_screens", "Late")
    assert "late_screens" not in sys.modules  # registering a route imports nothing
    screen = factory("the kiosk")
    assert type(screen).__name__ == "Late" and screen.kiosk == "the kiosk"
    monkeypatch.delitem(sys.modules, "late_screens")
