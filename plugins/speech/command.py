"""`kiosk say ROUTE`: write the WAV the speaker button plays on ROUTE."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .speaker import SPEECH


def setup_say(parser) -> None:
    parser.add_argument("route", metavar="ROUTE", help="e.g. offer/<id>, offers/counselling, events")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.wav")
    parser.add_argument("--lang", metavar="CODE", help="the screen's language (default: the pack's)")
    parser.add_argument("--size", metavar="WxH", help="window size (default: kiosk.yaml's): what fits is read")
    parser.add_argument("--now", metavar="ISO-DATETIME", help="pretend it is this moment (e.g. 2026-05-19T14:30)")


def run_say(args, context) -> int:
    if context.pack is None:
        print("kiosk: the content pack has errors; run `kiosk check`", file=sys.stderr)
        return 1
    lang = args.lang or context.pack.default_language
    if lang not in context.pack.languages:
        print(f"kiosk: language {lang!r} is not offered here (offered: {', '.join(context.pack.languages)})", file=sys.stderr)
        return 2
    kiosk = context.headless(size=args.size, now=args.now, lang=lang)
    app = kiosk.app
    if args.route != "home" and not kiosk.go(args.route):
        print(f"kiosk: nothing to show for route {args.route!r}", file=sys.stderr)
        return 2
    kiosk.frames(3)
    if SPEECH.voices(lang) is None:
        print(f"kiosk: no voice speaks {lang!r} here", file=sys.stderr)
        return 1
    wav = SPEECH.wav(app.current_screen(), app)
    if wav is None:
        print(f"kiosk: there is nothing to read on {args.route!r}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wav, args.out)
    print(args.out)
    return 0
