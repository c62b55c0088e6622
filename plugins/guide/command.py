"""`kiosk guide`: the printed guide as a PDF, in one language or in all of the pack's."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .content import guide_of
from .render import SIZES, write_pdf


def setup_guide(parser) -> None:
    parser.add_argument("--lang", metavar="CODE", help="the guide's language (default: the pack's first)")
    parser.add_argument("--all", action="store_true", help="every language of the pack: --out is a folder")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|DIR")
    parser.add_argument("--size", choices=sorted(SIZES), default="a4",
                        help="a4, or a5 (pages of a folded A5 flyer: print them two-up on A4)")
    parser.add_argument("--now", metavar="ISO-DATETIME", help="make it as of this moment (e.g. 2026-05-19T14:30)")


def run_guide(args, context) -> int:
    pack = context.pack
    if pack is None:
        print("kiosk: the content pack has errors; run `kiosk check`", file=sys.stderr)
        return 1
    if args.all and args.lang:
        print("kiosk: give --lang or --all, not both", file=sys.stderr)
        return 2
    langs = list(pack.languages) if args.all else [args.lang or pack.default_language]
    for lang in langs:
        if lang not in pack.languages:
            print(f"kiosk: language {lang!r} is not offered by this pack (offered: {', '.join(pack.languages)})", file=sys.stderr)
            return 2
    if args.all and args.out.suffix.lower() == ".pdf":
        print("kiosk: with --all, --out is a folder (one guide-<lang>.pdf per language)", file=sys.stderr)
        return 2
    now = context.now()
    if args.now:
        try:
            now = moment(args.now, now.tzinfo)
        except ValueError:
            print(f"kiosk: --now must be a date and time like 2026-05-19T14:30, not {args.now!r}", file=sys.stderr)
            return 2
    for lang in langs:
        out = args.out / f"guide-{lang}.pdf" if args.all else args.out
        guide = guide_of(pack, lang, context.t_in, context.item_codes, now)
        write_pdf(guide, out, args.size)
        print(out)
    return 0


def moment(text: str, zone) -> dt.datetime:
    """An ISO date and time; without a zone it is the pack's."""
    when = dt.datetime.fromisoformat(text.strip().replace(" ", "T"))
    return when if when.tzinfo else when.replace(tzinfo=zone)
