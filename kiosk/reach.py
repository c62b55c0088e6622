"""Where a visitor's hand reaches on the screen, from the stele's screen size and mounting height.

DIN 18040-1 puts controls at 85-105 cm above the floor; EN 301 549 (8.3) and the ADA allow a
forward reach of at most 122 cm (../shared/notes/visitor.md). A 55-inch portrait screen with its
lower edge at 80 cm reaches 2 m: only its lower third is within reach. The layout asks this
module, through `app.reach_top`, how high its navigation and main actions may sit.
"""

from __future__ import annotations

import math

HIGHEST_CM = 122.0  # highest forward reach (EN 301 549 8.3, ADA 308.2.1)


def screen_height_cm(diagonal_in: float, width_px: int, height_px: int) -> float:
    """The visible height of a screen of this diagonal at this pixel aspect."""
    return diagonal_in * 2.54 * height_px / math.hypot(width_px, height_px)


def reach_top(diagonal_in: float, bottom_cm: float, width_px: int, height_px: int) -> float:
    """Pixels from the window's bottom edge up to the highest point a hand reaches (0 when the
    screen starts above it, the whole height when all of it is within reach)."""
    height_cm = screen_height_cm(diagonal_in, width_px, height_px)
    if height_cm <= 0:
        return float(height_px)
    share = (HIGHEST_CM - bottom_cm) / height_cm
    return max(0.0, min(1.0, share)) * height_px
