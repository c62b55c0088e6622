"""The worked example of docs/plugins.md (tests/fixtures/plugins/repair_cafe), used as a
visitor and an administrator would: its tile, its screen in German and Arabic, its content kind
checked by `kiosk check`, its config block and its action on another plugin's screen."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE_PLUGINS, FIXTURES
from kiosk.languages import LRI, PDI

EXAMPLE = FIXTURE_PLUGINS / "repair_cafe"


def example_pack(folder):
    shutil.copytree(FIXTURES / "packs" / "mini", folder)
    shutil.copy(EXAMPLE / "example" / "repairs.yaml", folder / "repairs.yaml")
    head = folder / "pack.yaml"
    head.write_text(head.read_text().replace("languages: [de, en]", "languages: [de, en, ar]"))
    return folder


@pytest.fixture
def cafe(kiosk, settings, tmp_path):
    from kiosk.runtime import load_content

    app = kiosk.app
    app.set_pack(load_content(settings.with_(pack=example_pack(tmp_path / "repair")), app.host))
    assert app.pack is not None and "hall-repairs" in app.pack.items("repairs")
    kiosk.go("home")
    return kiosk


def tile(kiosk, route):
    return next(w for w in kiosk.find() if getattr(w, "route", None) == route and hasattr(w, "count"))


def test_its_tile_opens_its_screen_in_german_and_arabic(cafe):
    app = cafe.app
    found = tile(cafe, "repairs")
    assert found.title == "Reparaturcafés" and found.count == "1"
    cafe.tap(found)
    assert app.route == "repairs"
    cafe.frames(3)
    texts = cafe.texts()
    assert "Reparaturcafé in der Halle" in texts and "Fahrräder, Lampen, Kleidung" in texts
    app.set_language("ar")
    cafe.frames(3)
    texts = cafe.texts()
    assert "مقهى التصليح في القاعة" in texts
    assert f"الهاتف: {LRI}+49 341 0000000{PDI}" in texts  # the number stays left to right


def test_its_action_appears_on_an_offer_at_the_same_place(cafe):
    app = cafe.app
    offer = next(iter(app.pack.items("offers")))
    cafe.go(f"offer/{offer}")
    button = next(w for w in cafe.find() if getattr(w, "text", "") == "Hier gibt es auch ein Reparaturcafé")
    app.current_screen().ids.scroll.scroll_to(button, animate=False)  # as a finger scrolls down to it
    cafe.frames(3)
    cafe.tap(button)
    assert app.route == "repairs"


def test_kiosk_check_reports_its_kind_as_it_reports_the_built_in_ones(tmp_path, capsys):
    from kiosk.cli import main

    pack = example_pack(tmp_path / "repair")
    assert main(["check", str(pack), "--plugins-dir", str(FIXTURE_PLUGINS)]) == 0
    assert "1 repairs" in capsys.readouterr().out
    repairs = pack / "repairs.yaml"
    repairs.write_text(repairs.read_text().replace("place: hall", "place: hal"))
    assert main(["check", str(pack), "--plugins-dir", str(FIXTURE_PLUGINS)]) == 1
    out = capsys.readouterr().out
    assert "repairs.yaml:12: unknown place 'hal' (did you mean 'hall'?)" in out
    assert main(["check", str(pack)]) == 0  # without the plugin the file is not read: a warning
    assert "repairs.yaml:1: warning: file is not read: no plugin reads repairs.yaml" in capsys.readouterr().out


def test_a_wrong_value_in_its_config_block_switches_it_off_with_the_message():
    from kiosk.plugins import CONTENT, STARTUP, PluginHost
    from kiosk.settings import Settings

    settings = Settings(plugin_config={"repair_cafe": {"color": "green"}})
    host = PluginHost(settings, [FIXTURE_PLUGINS], start=tuple(h for h in STARTUP if h != "kiosk_register_routes")).load()
    info = host.plugins["repair_cafe"]
    assert info.state == "failed"
    assert 'plugins.config.repair_cafe.color must look like "#2e6b30"' in info.error
    host = PluginHost(Settings(), [FIXTURE_PLUGINS], start=CONTENT).load()
    assert "repairs" in [k.name for k in host.content_kinds()]
