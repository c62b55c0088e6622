"""Content packs: YAML folders read by one loader into an immutable model."""

from kiosk.content.loader import load_pack
from kiosk.content.model import Pack

__all__ = ["load_pack", "Pack"]
