"""`kiosk shot`: what a passer-by would see, as a PNG of the asked size; clear exits otherwise."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image, ImageStat

from conftest import FIXTURE_PLUGINS, ROOT


def shot(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "shot", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_shot_writes_a_non_blank_png_of_the_asked_size(tmp_path):
    out = tmp_path / "offers.png"
    result = shot("offers/counselling", "--out", str(out), "--size", "1920x1080", "--lang", "ar",
                  "--now", "2026-11-24T09:00")
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    assert image.size == (1920, 1080)
    spread = ImageStat.Stat(image.convert("L")).stddev[0]
    assert spread > 20  # text and tiles, not one flat colour
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("route", ["offer/no-such-offer", "nowhere"])
def test_unknown_route_or_id_exits_2_with_one_line(tmp_path, route):
    result = shot(route, "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"kiosk: nothing to show for route {route!r}"
    assert not (tmp_path / "x.png").exists()


def test_plugins_command_lists_sources_hooks_and_states():
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "plugins", "--plugins-dir", str(FIXTURE_PLUGINS)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "offers  [active]" in out
    assert "from: built-in" in out
    assert "routes: offers, offers/<category>, offer/<id>" in out
    assert "hooks: kiosk_home_tiles, kiosk_register_routes" in out
    assert "broken_import  [failed: import failed: ImportError: this fixture plugin is broken on purpose]" in out
    assert f"from: folder {FIXTURE_PLUGINS}" in out
    assert "Traceback" not in out


def test_run_without_a_display_says_so_in_one_line():
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "kiosk: no display here (DISPLAY is not set): to see a screen without one, run "
        "`kiosk shot home --out home.png`"
    ]


@pytest.mark.parametrize("route, size", [("map", "1080x1920"), ("map/ic-e", "1920x1080")])
def test_shot_of_the_map_is_whole(tmp_path, route, size):
    """The map's tiles are read at once: the shot has streets, not grey holes."""
    out = tmp_path / "map.png"
    result = shot(route, "--out", str(out), "--size", size, "--now", "2026-11-24T09:00")
    assert result.returncode == 0, result.stderr
    image = Image.open(out).convert("RGB")
    assert image.size == tuple(map(int, size.split("x")))
    map_area = image.crop((0, 130, image.width, image.height - 120))  # below the header, above the attribution
    colors = map_area.getcolors(1 << 24)
    void = sum(n for n, c in colors if all(abs(a - b) <= 1 for a, b in zip(c, (199, 199, 204))))
    assert void < 50  # TileMap's ground colour: where no tile was drawn
    street = sum(n for n, c in colors if c[0] > 240 and 225 < c[1] < 245 and 160 < c[2] < 200)
    assert street > 1000  # the main streets' yellow
    assert "Traceback" not in result.stderr
