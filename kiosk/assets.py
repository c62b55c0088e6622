"""Where the kiosk's fonts and icons are, and the icon names they offer."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONTS = ASSETS / "fonts"
FONT_REGULAR = FONTS / "KioskSans-Regular.ttf"
FONT_BOLD = FONTS / "KioskSans-Bold.ttf"
ICON_FONT = FONTS / "KioskIcons.ttf"


@lru_cache(maxsize=1)
def icons() -> dict[str, str]:
    """Icon name -> the character that draws it in the icon font."""
    from kiosk.yamlsafe import load_file

    data = load_file(ASSETS / "icons.yaml")
    return {str(name): chr(int(code, 16)) for name, code in data.items()}


def icon(name: str) -> str:
    table = icons()
    return table.get(name) or table["info"]
