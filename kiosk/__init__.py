"""A plugin-based, multilingual content kiosk for public touchscreens."""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("kiosk")

__all__ = ["hookimpl", "__version__"]
