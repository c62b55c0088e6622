"""Shared fixtures: one real kiosk per test session, on a virtual display, at a fixed time."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_PLUGINS = FIXTURES / "plugins"
# A Tuesday morning: the IC-E's Tuesday office hours and "opens today" are both reachable.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


# Fixture plugins that break on purpose when used; blocked at start, switched on by their tests.
BREAKING = ("raising_screen", "raising_touch")


@pytest.fixture(scope="session")
def settings():
    from kiosk.settings import load_settings

    loaded = load_settings(ROOT / "kiosk.yaml")
    return loaded.with_(plugins_blocked=loaded.plugins_blocked + BREAKING)


@pytest.fixture(scope="session")
def harness(settings, tmp_path_factory):
    """The real app, built once (Kivy has one window per process) with the fixture plugins."""
    from harness import Harness

    return Harness.start(
        settings, size=(1080, 1920), now=NOW, plugin_dirs=[FIXTURE_PLUGINS],
        state_dir=tmp_path_factory.mktemp("state"),
    )


@pytest.fixture
def kiosk(harness, settings):
    """The app at home, in the default language and size, at NOW, with the default pack."""
    from kiosk.runtime import load_content

    app = harness.app
    app.clock.moment = NOW
    app.settings = app.host.settings = settings
    if app.pack is None or app.pack.path != str(settings.pack):
        app.set_pack(load_content(settings, app.host))
    app.close_overlays()
    for screen in list(app._screens.values()):  # as the next visitor finds them: no filter left on
        screen.reset()
    app.idle.timeout = settings.idle_timeout
    app.idle.poke()
    harness.resize(1080, 1920)
    app.set_language(app.offered_languages[0])
    app.history.clear()
    forget_changes(harness)
    harness.go("home")
    errors_before = len(app.guard.unexpected)
    yield harness
    app.history.clear()
    app.close_overlays()
    # an error the guard caught outside any plugin is a bug of the shell: it fails the test
    assert app.guard.unexpected[errors_before:] == []


def forget_changes(harness) -> None:
    """Watch the session's own kiosk.yaml and pack again, and take what is on disk as seen.

    A test that edits a copied pack (tests/test_reload.py) can leave a change noticed but not yet
    checked: the "closed" event of its last write arriving after its check began, under load. Left
    pending, the watcher checks it in whichever later test lets 3 s of kiosk time pass quietly,
    reading the repository's kiosk.yaml, which switches the BREAKING plugins back on and shows the
    home screen again (a speech test in CI once waited for a sound stopped that way)."""
    watcher = harness.app.watcher
    harness.until(lambda: not watcher.busy)
    watcher.rewatch()
    harness.frames(1)
    watcher.writing.clear()
    watcher.checked = watcher.changes
    watcher._again = False


def scan(png: Path) -> str | None:
    """The one QR code zbar finds in a PNG, decoded as UTF-8; None when there is none."""
    zbar = shutil.which("zbarimg")
    if zbar is None:
        pytest.fail("zbarimg is missing: apt-get install zbar-tools (make test installs it)")
    result = subprocess.run(
        [zbar, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", str(png)],
        capture_output=True, timeout=60,
    )
    if result.returncode == 4:
        return None
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode("utf-8").removesuffix("\n")


def shown_codes(harness, png: Path, tmp_path: Path) -> list[tuple[object, str | None]]:
    """Each QR code widget on screen with what zbar reads from its part of the screenshot."""
    from PIL import Image
    from kivy.core.window import Window

    image = Image.open(png)
    found = []
    for index, view in enumerate(_code_views(harness)):
        x, y = view.to_window(view.x, view.y)
        box = (int(x) - 8, int(Window.height - y - view.height) - 8, int(x + view.width) + 8, int(Window.height - y) + 8)
        crop = tmp_path / f"code{index}.png"
        image.crop(box).save(crop)
        found.append((view, scan(crop)))
    return found


def _code_views(harness):
    return [w for w in harness.app.current_screen().walk(restrict=True) if type(w).__name__ == "QRCodeView"]
