"""Every value each setting accepts starts the kiosk: a real `kiosk run` for each, told ready
through the notify protocol, stopped with SIGTERM, with no traceback anywhere.

Each setting's bounds and typical values (kiosk/settings.py says what each accepts) are laid out
in columns; start i takes the i-th value of every setting, so every value is started once."""

from __future__ import annotations


import pytest

from conftest import ROOT
from robust_kiosk import Kiosk, Xvfb

PLUGINS = ["offers", "events", "documents", "map", "languages", "qr", "attract"]
PACKS = [ROOT / "content" / name for name in ("leipziger-osten", "leipziger-westen", "schoenefeld")]

VALUES = {
    "idle_timeout": ["10", "15", "19", "19.5", "20", "90", "86400"],
    "screen.size": ["100x100", "99999x99999", "1080x1920", "1920x1080", "800x480", "3840x2160"],
    "screen.fullscreen": ["false", "true", "no", "yes"],
    "screen.rotation": ["0", "90", "180", "270"],
    "language": ["de", "ar", "vi", "en", "fa", "uk"],
    "content.pack": [str(p) for p in PACKS],
    "content.available": ["[]", "[" + ", ".join(map(str, PACKS)) + "]"],
    "plugins.order": ["[]", "[" + ", ".join(reversed(PLUGINS)) + "]", "[" + ", ".join(PLUGINS) + "]"],
    "plugins.blocked": ["[]", "[" + ", ".join(PLUGINS) + "]", "[map, attract]", "[offers]"],
    "plugins.folders": ["[]"],
    "admin.pin_file": ["admin/pin.json", "pin.json"],
}
STARTS = max(len(v) for v in VALUES.values())


def config(index: int) -> str:
    value = {key: values[index % len(values)] for key, values in VALUES.items()}
    return (
        f"content:\n  pack: {value['content.pack']}\n  available: {value['content.available']}\n"
        f"plugins:\n  order: {value['plugins.order']}\n  blocked: {value['plugins.blocked']}\n"
        f"  folders: {value['plugins.folders']}\n"
        f"screen:\n  size: {value['screen.size']}\n  fullscreen: {value['screen.fullscreen']}\n"
        f"  rotation: {value['screen.rotation']}\n"
        f"language: {value['language']}\nidle_timeout: {value['idle_timeout']}\n"
        f"admin:\n  pin_file: {value['admin.pin_file']}\n"
    )


@pytest.fixture(scope="module")
def xvfb():
    server = Xvfb()
    yield server
    server.stop()


def test_every_value_is_started():
    seen = {key: set() for key in VALUES}
    for index in range(STARTS):
        for key, values in VALUES.items():
            seen[key].add(values[index % len(values)])
    assert all(seen[key] == set(values) for key, values in VALUES.items())


@pytest.mark.parametrize("index", range(STARTS))
def test_a_real_start_with_each_value(index, xvfb, tmp_path):
    from kiosk.settings import load_settings

    path = tmp_path / "kiosk.yaml"
    path.write_text(config(index))
    load_settings(path)  # the settings check accepts every one of them
    kiosk = Kiosk(xvfb.display, path, tmp_path / "state")
    ready = kiosk.ready()
    code = kiosk.stop()
    assert ready, kiosk.err[-3000:]
    assert code == 0, kiosk.err[-3000:]
    for text in (kiosk.err, kiosk.log()):
        assert "Traceback" not in text and "CRITICAL" not in text, text[-3000:]
    assert "kiosk ready, showing home" in kiosk.log() and "kiosk stopped" in kiosk.log()
