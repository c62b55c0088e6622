"""Render the main screens in every language of a pack, portrait and landscape, into contact
sheets under OUT (one PNG per orientation and screen): the quickest way to look at them all.

    .venv/bin/python tools/contact_sheet.py --out /tmp/sheets [--now 2026-11-24T09:00]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")  # --out and --routes are ours, not Kivy's

from PIL import Image

from kiosk.clock import parse_moment
from kiosk.cli import default_config
from kiosk.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test harness
from harness import Harness  # noqa: E402

ROUTES = ["home", "offers/counselling", "offer/dialog-alltag", "events", "languages", "document/wegweiser-willkommen"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--now", default="2026-11-24T09:00")
    parser.add_argument("--routes", nargs="*", default=ROUTES)
    args = parser.parse_args()
    harness = Harness.start(load_settings(default_config()), size=(1080, 1920), now=parse_moment(args.now))
    app = harness.app
    for orientation, size in (("portrait", (1080, 1920)), ("landscape", (1920, 1080))):
        harness.resize(*size)
        for route in args.routes:
            shots = []
            for lang in app.offered_languages:
                app.set_language(lang)
                app.history[:] = ["home"]
                harness.go(route)
                path = args.out / "single" / f"{route.replace('/', '_')}-{lang}-{orientation}.png"
                harness.screenshot(path)
                shots.append(Image.open(path))
            w, h = size[0] // 3, size[1] // 3
            sheet = Image.new("RGB", (w * 4, h * 2), "white")
            for i, shot in enumerate(shots[:8]):
                sheet.paste(shot.resize((w, h), Image.LANCZOS), ((i % 4) * w, (i // 4) * h))
            sheet.save(args.out / f"{route.replace('/', '_')}-{orientation}.png")
    print(f"sheets in {args.out}")


if __name__ == "__main__":
    main()
