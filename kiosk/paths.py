"""Where the kiosk keeps what it writes at run time: Kivy's config, logs, the PIN."""

from __future__ import annotations

import os
from pathlib import Path


def state_dir() -> Path:
    """$KIOSK_STATE_DIR, else $XDG_STATE_HOME/kiosk, else ~/.local/state/kiosk."""
    if os.environ.get("KIOSK_STATE_DIR"):
        return Path(os.environ["KIOSK_STATE_DIR"])
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "kiosk"


def sync_dir(state: Path | None = None) -> Path:
    """Content from git (kiosk/sync.py): the mirror, the checked revisions, `current`."""
    return (state or state_dir()) / "sync"


def pin_file(settings, state: Path | None = None) -> Path:
    """kiosk.yaml's admin.pin_file, else admin-pin.json in the state folder."""
    return settings.pin_file or (state or state_dir()) / "admin-pin.json"
