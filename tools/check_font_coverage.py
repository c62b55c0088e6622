#!/usr/bin/env python3
"""Report characters that a font file cannot display.

Usage:
    python tools/check_font_coverage.py FONT [--file PATH ...] [TEXT ...]

FONT is a .ttf/.otf file.  Every TEXT argument and the contents of every
--file (UTF-8; "-" reads standard input) are checked against the font's
character map.  Whitespace and Unicode format characters (general category
Cf: ZWNJ U+200C, ZWJ, LRM/RLM U+200E/U+200F, bidi embeddings and isolates,
BOM, ...) are ignored: they are handled by the shaping/bidi engine and need
no visible glyph.

Prints one line per missing character (code point, the character, its
Unicode name, and how often it occurs), then a summary line.  Exit status is
0 when nothing is missing, 1 when something is missing, 2 on usage errors.

Requires fontTools (pip install fonttools).
"""
from __future__ import annotations

import argparse
import collections
import sys
import unicodedata
from typing import Iterable


def font_codepoints(font_path: str) -> set[int]:
    """Return the set of code points mapped by the font's cmap."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_path, lazy=True)
    cps: set[int] = set()
    for table in font["cmap"].tables:
        if table.isUnicode():
            cps.update(table.cmap.keys())
    font.close()
    return cps


def is_ignored(ch: str) -> bool:
    """Whitespace and format (Cf) characters need no glyph of their own."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def missing_characters(cps: set[int], texts: Iterable[str]) -> collections.Counter:
    """Count the characters in texts that the font does not cover."""
    missing: collections.Counter = collections.Counter()
    for text in texts:
        for ch in text:
            if is_ignored(ch):
                continue
            if ord(ch) not in cps:
                missing[ch] += 1
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Print the characters of the given strings/files that FONT lacks."
    )
    parser.add_argument("font", help="path of the .ttf/.otf font file")
    parser.add_argument("texts", nargs="*", help="strings to check")
    parser.add_argument(
        "-f", "--file", action="append", default=[], metavar="PATH",
        help="UTF-8 text file to check (repeatable; '-' for stdin)",
    )
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only the summary line")
    args = parser.parse_args(argv)
    if not args.texts and not args.file:
        parser.error("give at least one string or --file")

    texts: list[str] = list(args.texts)
    for path in args.file:
        if path == "-":
            texts.append(sys.stdin.read())
        else:
            with open(path, encoding="utf-8") as fh:
                texts.append(fh.read())

    cps = font_codepoints(args.font)
    missing = missing_characters(cps, texts)
    checked = sum(1 for t in texts for ch in t if not is_ignored(ch))
    if not args.quiet:
        for ch, count in sorted(missing.items(), key=lambda kv: ord(kv[0])):
            name = unicodedata.name(ch, "<unnamed>")
            print(f"MISSING U+{ord(ch):04X} {ch!r} {name} (x{count})")
    print(f"{args.font}: {checked} characters checked, "
          f"{len(missing)} distinct missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
