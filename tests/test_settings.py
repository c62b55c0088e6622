"""kiosk.yaml: read into typed settings; a wrong key or value names the file, line and key."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kiosk.errors import ConfigError
from kiosk.settings import load_settings


def test_shipped_kiosk_yaml():
    s = load_settings(ROOT / "kiosk.yaml")
    assert s.pack == ROOT / "content" / "leipziger-osten"
    assert len(s.packs) == 3
    assert (s.screen.width, s.screen.height, s.screen.orientation) == (1080, 1920, "portrait")
    assert s.plugin_order[0] == "offers"
    assert s.idle_timeout == 90
    assert s.language == "de"


@pytest.mark.parametrize("text,line,words", [
    ("screen:\n  sise: 1080x1920\n", 2, "unknown field 'sise' in screen (did you mean 'size'?)"),
    ("screen:\n  size: big\n", 2, "screen.size must look like 1080x1920"),
    ("idle_timeout: soon\n", 1, "idle_timeout (seconds) must be a number"),
    ("language: xx\n", 1, "language must be one of"),
    ("plugins:\n  blocked: map\n", 2, "plugins.blocked must be a list"),
    ("content:\n  pack: content/nowhere\n", 2, "content.pack: no such folder 'content/nowhere'"),
    ("screen:\n  fullscreen: perhaps\n", 2, "screen.fullscreen must be true or false"),
])
def test_wrong_settings_name_file_line_and_key(tmp_path, text, line, words):
    path = tmp_path / "kiosk.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    messages = [str(p) for p in err.value.problems]
    assert any(m.startswith(f"{path}:{line}: ") and words in m for m in messages), messages


def test_landscape(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text("screen:\n  size: 1920x1080\n")
    assert load_settings(path).screen.orientation == "landscape"
