#!/usr/bin/env python3
"""Build the kiosk's bundled fonts from Debian's font packages.

Outputs (in assets/fonts/ unless --out-dir is given):

* KioskSans-Regular.ttf, KioskSans-Bold.ttf -- one font file per weight that
  covers Latin (German, English, Turkish, Vietnamese, Polish, Kurmanji
  Kurdish), Cyrillic (Russian, Ukrainian) and Arabic script (Arabic, Persian,
  Sorani Kurdish: ڕ ڵ ۆ ێ ە are in the Arabic block), because Kivy draws a whole
  string with a single font file and our strings mix scripts.  Each is a
  subset-and-merge of

    - NotoSans-<Weight>.ttf         Latin, Cyrillic, punctuation, currency
    - NotoSansArabic-<Weight>.ttf   Arabic, Arabic Supplement, Arabic
                                    Presentation Forms A/B (with its complete
                                    GSUB/GPOS: joining, ligatures, marks)
    - NotoSansSymbols-<Weight>.ttf  arrows U+2190-U+2199 (Noto Sans has none)

  from the Debian package ``fonts-noto-core``, version 20201225-1 (Debian 12
  "bookworm"; upstream Noto Sans 2.004, Noto Sans Arabic 2.005, Noto Sans
  Symbols 2.001), /usr/share/fonts/truetype/noto/.  Licence: SIL Open Font
  License 1.1 (no Reserved Font Name), see assets/fonts/OFL.txt.  The family
  is renamed "Kiosk Sans"; the copyright notices are kept in the name table.

* KioskIcons.ttf -- the icons named in ICONS below, subset from
  materialdesignicons-webfont.ttf of the Debian package
  ``fonts-materialdesignicons-webfont``, version 1.6.50-3 (Material Design
  Icons 1.6.50, /usr/share/fonts-materialdesignicons-webfont/).  Its Debian
  copyright file says: the font is under the SIL Open Font License 1.1 with
  Reserved Font Name "Material Design Icons", the icons are under CC-BY
  (Creative Commons Attribution 4.0).  Because of the Reserved Font Name the
  subset is renamed "Kiosk Icons".  Copied licence: MaterialDesignIcons-LICENSE.txt.

* ../icons.yaml (i.e. assets/icons.yaml) -- our icon name -> code point of
  the glyph in KioskIcons.ttf, as a hex string (e.g. ``home: "F2DC"``).
  The code points are read from the package's materialdesignicons.css.

Usage (needs fontTools; Python 3.11):

    apt-get install fonts-noto-core fonts-materialdesignicons-webfont
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools
    /tmp/fontvenv/bin/python tools/build_fonts.py            # everything
    /tmp/fontvenv/bin/python tools/build_fonts.py --only text   # or: icons

The output is deterministic for the same inputs and fontTools version
(timestamps are fixed, see FIXED_TIMESTAMP).
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.merge import Options as MergeOptions
from fontTools.otlLib.maxContextCalc import maxCtxFont
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "assets" / "fonts"
DEFAULT_ICONS_YAML = REPO / "assets" / "icons.yaml"

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
MDI_DIR = Path("/usr/share/fonts-materialdesignicons-webfont")
MDI_TTF = MDI_DIR / "fonts" / "materialdesignicons-webfont.ttf"
MDI_CSS = MDI_DIR / "css" / "materialdesignicons.css"
MDI_COPYRIGHT = Path("/usr/share/doc/fonts-materialdesignicons-webfont/copyright")

# Package versions this was built and checked with (a different version is
# only warned about: the result should still be usable, but check it).
EXPECTED_VERSIONS = {
    "fonts-noto-core": "20201225-1",
    "fonts-materialdesignicons-webfont": "1.6.50-3",
}

# head.created / head.modified of the outputs (2024-01-01T00:00:00Z as
# seconds since 1904-01-01), so rebuilding gives identical files.
FIXED_TIMESTAMP = 3786825600

FONT_VERSION = 1.0


def _r(lo: int, hi: int) -> list[int]:
    return list(range(lo, hi + 1))


# --- code points of the text font ------------------------------------------
# Taken from Noto Sans (whatever of these it has).
LATIN_UNICODES = (
    _r(0x0020, 0x007E)      # Basic Latin
    + _r(0x00A0, 0x00FF)    # Latin-1 Supplement
    + _r(0x0100, 0x017F)    # Latin Extended-A (Turkish ğ ı ş İ ...)
    + _r(0x0180, 0x024F)    # Latin Extended-B (Vietnamese ơ ư ...)
    + _r(0x02B0, 0x02FF)    # Spacing Modifier Letters (ʻ ˆ ˜ ...)
    + _r(0x0300, 0x036F)    # Combining Diacritical Marks
    + _r(0x0400, 0x04FF)    # Cyrillic
    + _r(0x0500, 0x052F)    # Cyrillic Supplement
    + _r(0x1E00, 0x1EFF)    # Latin Extended Additional (Vietnamese)
    + _r(0x2000, 0x206F)    # General Punctuation (incl. ZWNJ, LRM/RLM, isolates)
    + _r(0x2070, 0x209F)    # Superscripts and Subscripts
    + _r(0x20A0, 0x20CF)    # Currency Symbols (€ ₺ ₽ ₴ ₫ ...)
    + _r(0x2100, 0x214F)    # Letterlike Symbols (№ ™ ℃ ...)
    + [0x25CC]              # dotted circle (shown for stray combining marks)
    + _r(0xFB00, 0xFB06)    # Latin ligatures
    + [0xFEFF, 0xFFFC, 0xFFFD]
)

# Taken from Noto Sans Arabic, minus anything Noto Sans already has (space,
# digits, basic punctuation, ZWNJ/ZWJ/LRM/RLM, «», dotted circle): those come
# from Noto Sans so Latin text and numbers look the same everywhere.
ARABIC_UNICODES = (
    _r(0x0600, 0x06FF)      # Arabic (Persian letters, Arabic-Indic and
                            # Extended Arabic-Indic = Persian digits, ALM U+061C)
    + _r(0x0750, 0x077F)    # Arabic Supplement
    + _r(0xFB50, 0xFDFF)    # Arabic Presentation Forms-A
    + _r(0xFE70, 0xFEFE)    # Arabic Presentation Forms-B (FEFF is the BOM)
    + [0x2E41, 0x204F]      # reversed comma / semicolon
)

# Taken from Noto Sans Symbols: Noto Sans has no arrows.
SYMBOL_UNICODES = _r(0x2190, 0x2199)  # ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙

# Vertical metrics (font units, 1000/em) written to hhea and OS/2 typo
# (FreeType, hence Pillow's getmetrics() and so Kivy's line height, uses
# them).  Measured with Pillow+raqm on the built fonts (ink extents):
#   Latin/Vietnamese/Cyrillic         top 1054   bottom -240
#   Arabic/Persian, unvocalized       top  890   bottom -463  (final ي/ی, bold)
#   Arabic with harakat, common words top ~1200  bottom -458
#   rare: hamza+damma over alef 1298; isolated ي + kasra -645; Pashto ې -616
# ASCENDER is Noto Sans' own 1069, so Latin lines keep their height above
# the baseline and every Arabic/Persian letter fits.  Noto Sans' descender
# (-293) would cut off Arabic descenders, so DESCENDER is lowered to -500,
# which covers all Arabic and Persian letters in both weights: lines are
# 1569 instead of 1362 units (+15 %).  Only the rare vocalized stacks above
# exceed this; Kivy clips those only on a label's first/last line when it
# has no padding.  The Windows metrics are the font's full bounding box.
ASCENDER = 1069
DESCENDER = -500
LINE_GAP = 0


# --- icons ---------------------------------------------------------------
# our name -> Material Design Icons 1.6.50 name (CSS class without "mdi-").
ICONS = {
    "home": "home",
    "back": "arrow-left",
    "forward": "arrow-right",
    "language": "translate",
    "counselling": "forum",
    "german": "book-open-variant",
    "homework": "pencil",
    "community": "account-multiple",        # account-group: not in 1.6.50
    "info": "information",
    "asylum": "account-card-details",       # home-heart/shield-account: not in 1.6.50
    "events": "calendar",
    "map": "map",
    "place": "map-marker",
    "you_are_here": "crosshairs-gps",
    "documents": "file-document",
    "phone": "phone",
    "email": "email",
    "web": "web",
    "clock": "clock",
    "qr": "qrcode",
    "check": "check",
    "close": "close",
    "filter": "filter-variant",
    "chevron_right": "chevron-right",
    "chevron_left": "chevron-left",
    "work": "briefcase",
    "family": "human-male-female",          # human-male-female-child/account-child: not in 1.6.50
    "health": "heart-pulse",
    "education": "school",
    "lock": "lock",
    "settings": "settings",                 # the cog ("cog" is only a later alias)
    "refresh": "refresh",
    "zoom_in": "plus",
    "zoom_out": "minus",
    "touch": "cursor-pointer",              # gesture-tap: not in 1.6.50; pointing-hand cursor
    "accessible": "wheelchair-accessibility",
}


# -------------------------------------------------------------------------
def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def package_version(pkg: str) -> str | None:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        return out or None
    except (OSError, subprocess.CalledProcessError):
        return None


def check_package(pkg: str) -> str:
    ver = package_version(pkg)
    want = EXPECTED_VERSIONS[pkg]
    if ver is None:
        log(f"warning: cannot query the version of {pkg} (not a dpkg system?)")
        return "unknown"
    if ver != want:
        log(f"warning: {pkg} is {ver}, this script was checked with {want}")
    return ver


def subset_font(path: Path, unicodes: list[int], *, hinting: bool,
                exclude: set[int] = frozenset()) -> TTFont:
    """Subset to the given code points, keeping all OpenType layout features
    (and so every glyph GSUB can reach from them)."""
    font = TTFont(str(path))
    have = font.getBestCmap()
    cps = [u for u in unicodes if u in have and u not in exclude]
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.layout_scripts = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_glyph = True
    opts.notdef_outline = True
    opts.recommended_glyphs = True
    opts.glyph_names = True
    opts.hinting = hinting
    opts.legacy_kern = False
    opts.prune_unicode_ranges = False  # recalculated after the merge
    opts.drop_tables = sorted(set(opts.drop_tables) | {"DSIG"})
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    return font


def keep_from_autohinter(font: TTFont) -> None:
    """Give the unhinted font a `prep` program that does nothing. FreeType runs its auto-hinter
    on every glyph of a TrueType font that has no instructions at all (no `fpgm`, no `prep`, no
    glyph programs); with a `prep` it uses its TrueType driver, which draws the outlines as they
    are. Measuring a line in the basic layout went from 0.37 to 0.11 ms, drawing it from 1.6 to
    0.8 ms (docs/performance.md), and Arabic keeps its dots where the auto-hinter moved them."""
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables import ttProgram

    prep = newTable("prep")
    prep.program = ttProgram.Program()
    prep.program.fromAssembly(["PUSHB[ ]", "0", "POP[ ]"])  # push a byte and drop it
    font["prep"] = prep


def merge_fonts(fonts: list[TTFont]) -> TTFont:
    """fontTools.merge works on files: write the subsets to a temp dir."""
    units = {f["head"].unitsPerEm for f in fonts}
    if len(units) != 1:
        raise SystemExit(f"cannot merge fonts with different unitsPerEm: {units}")
    with tempfile.TemporaryDirectory(prefix="kioskfont-") as tmp:
        paths = []
        for i, f in enumerate(fonts):
            p = os.path.join(tmp, f"part{i}.ttf")
            f.save(p)
            paths.append(p)
        merger = Merger(options=MergeOptions(drop_tables=["DSIG"]))
        merged = merger.merge(paths)
        # Load everything into memory before the temp files go away.
        buf = io.BytesIO()
        merged.save(buf)
    buf.seek(0)
    return TTFont(buf)


def set_names(font: TTFont, names: dict[int, str]) -> None:
    """Replace the name table by the given records (Windows Unicode en-US and
    Mac Roman English)."""
    table = font["name"]
    table.names = []
    for name_id, text in sorted(names.items()):
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)


def fix_timestamps(font: TTFont) -> None:
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP
    font.recalcTimestamp = False


def font_bbox(font: TTFont) -> tuple[int, int]:
    glyf = font["glyf"]
    ymax, ymin = 0, 0
    for name in font.getGlyphOrder():
        g = glyf[name]
        if g.numberOfContours == 0:
            continue
        g.recalcBounds(glyf)
        ymax = max(ymax, g.yMax)
        ymin = min(ymin, g.yMin)
    return ymax, ymin


def build_text_font(weight: str, out_dir: Path, noto_version: str) -> Path:
    latin_src = NOTO_DIR / f"NotoSans-{weight}.ttf"
    arabic_src = NOTO_DIR / f"NotoSansArabic-{weight}.ttf"
    symbols_src = NOTO_DIR / f"NotoSansSymbols-{weight}.ttf"
    for p in (latin_src, arabic_src, symbols_src):
        if not p.exists():
            raise SystemExit(f"missing {p}: apt-get install fonts-noto-core")

    src_names = {}
    for key, p in (("latin", latin_src), ("arabic", arabic_src), ("symbols", symbols_src)):
        f = TTFont(str(p), lazy=True)
        src_names[key] = {
            "copyright": f["name"].getDebugName(0),
            "version": f["name"].getDebugName(5).split(";")[0],
            "full": f["name"].getDebugName(4),
            "trademark": f["name"].getDebugName(7),
            "designer": f["name"].getDebugName(9),
            "license": f["name"].getDebugName(13),
            "license_url": f["name"].getDebugName(14),
            "weight": f["OS/2"].usWeightClass,
        }
        f.close()

    # No hinting in any part: FreeType's TrueType interpreter running Noto Sans's glyph programs
    # was a quarter of the CPU time of a tap that opens an offer (py-spy, docs/performance.md),
    # and at the kiosk's text sizes (19 px and up) unhinted glyphs look the same.
    latin = subset_font(latin_src, LATIN_UNICODES, hinting=False)
    latin_cps = set(latin.getBestCmap())
    arabic = subset_font(arabic_src, ARABIC_UNICODES, hinting=False, exclude=latin_cps)
    symbols = subset_font(symbols_src, SYMBOL_UNICODES, hinting=False, exclude=latin_cps)
    log(f"  {weight}: glyphs latin={len(latin.getGlyphOrder())} "
        f"arabic={len(arabic.getGlyphOrder())} symbols={len(symbols.getGlyphOrder())}")

    # Noto Sans first: its gasp, OS/2 and post values win.
    font = merge_fonts([latin, arabic, symbols])

    # --- names
    family = "Kiosk Sans"
    style = weight
    ps_name = f"KioskSans-{weight}"
    ver = f"{FONT_VERSION:.3f}"
    n = src_names
    copyright_ = " ".join(dict.fromkeys(
        [n["latin"]["copyright"], n["arabic"]["copyright"], n["symbols"]["copyright"]]))
    set_names(font, {
        0: copyright_,
        1: family,
        2: style,
        3: f"{ver};KIOSK;{ps_name}",
        4: f"{family} {style}",
        5: (f"Version {ver}; subset and merge of {n['latin']['full']} "
            f"{n['latin']['version']}, {n['arabic']['full']} {n['arabic']['version']}, "
            f"{n['symbols']['full']} {n['symbols']['version']} "
            f"(Debian fonts-noto-core {noto_version})"),
        6: ps_name,
        7: n["latin"]["trademark"],
        9: n["arabic"]["designer"],
        10: ("Kiosk Sans is a modified version of the Noto fonts (Noto Sans, "
             "Noto Sans Arabic, Noto Sans Symbols): subset to Latin, Cyrillic "
             "and Arabic script and merged into one file; built by "
             "tools/build_fonts.py."),
        11: "https://notofonts.github.io/",
        13: n["latin"]["license"],
        14: n["latin"]["license_url"],
    })

    # --- metrics
    head = font["head"]
    hhea = font["hhea"]
    os2 = font["OS/2"]
    ymax, ymin = font_bbox(font)
    hhea.ascent = os2.sTypoAscender = ASCENDER
    hhea.descent = os2.sTypoDescender = DESCENDER
    hhea.lineGap = os2.sTypoLineGap = LINE_GAP
    os2.usWinAscent = max(ymax, ASCENDER)
    os2.usWinDescent = max(-ymin, -DESCENDER)
    os2.fsSelection |= 1 << 7  # USE_TYPO_METRICS: typo == hhea anyway
    if os2.version < 4:
        os2.version = 4
    os2.achVendID = "NONE"
    os2.recalcUnicodeRanges(font)
    os2.recalcCodePageRanges(font)
    os2.recalcAvgCharWidth(font)
    os2.usMaxContext = maxCtxFont(font)
    head.fontRevision = FONT_VERSION
    keep_from_autohinter(font)
    fix_timestamps(font)

    out = out_dir / f"{ps_name}.ttf"
    font.save(str(out))
    return out


# --- icons -----------------------------------------------------------------
def mdi_codepoints(css_path: Path) -> dict[str, int]:
    """Parse `.mdi-NAME:before { content: "\\F2DC"; }` rules."""
    css = css_path.read_text(encoding="utf-8")
    rx = re.compile(r'\.mdi-([a-z0-9-]+):before\s*\{\s*content:\s*"\\([0-9A-Fa-f]+)"')
    return {m.group(1): int(m.group(2), 16) for m in rx.finditer(css)}


def build_icon_font(out_dir: Path, yaml_path: Path, mdi_version: str) -> Path:
    for p in (MDI_TTF, MDI_CSS):
        if not p.exists():
            raise SystemExit(f"missing {p}: apt-get install fonts-materialdesignicons-webfont")
    cps = mdi_codepoints(MDI_CSS)
    missing = [mdi for mdi in ICONS.values() if mdi not in cps]
    if missing:
        raise SystemExit(f"icons not in this MDI version: {missing}")

    src = TTFont(str(MDI_TTF))
    cmap = src.getBestCmap()
    unmapped = [mdi for mdi in ICONS.values() if cps[mdi] not in cmap]
    if unmapped:
        raise SystemExit(f"icons in the CSS but not in the font's cmap: {unmapped}")
    src.close()

    font = subset_font(MDI_TTF, sorted({cps[m] for m in ICONS.values()}), hinting=False)
    # The MDI name table has no copyright; write ours (from the Debian
    # copyright file).  "Material Design Icons" is a Reserved Font Name, so
    # the subset needs another name.
    set_names(font, {
        0: ("Copyright (c) 2014, Austin Andrews (http://materialdesignicons.com/), "
            "with Reserved Font Name Material Design Icons. "
            "Copyright (c) 2014, Google (http://www.google.com/design/)"),
        1: "Kiosk Icons",
        2: "Regular",
        3: f"{FONT_VERSION:.3f};KIOSK;KioskIcons-Regular",
        4: "Kiosk Icons Regular",
        5: (f"Version {FONT_VERSION:.3f}; subset of Material Design Icons 1.6.50 "
            f"(Debian fonts-materialdesignicons-webfont {mdi_version})"),
        6: "KioskIcons-Regular",
        10: ("Kiosk Icons is a modified version (subset) of the Material Design "
             "Icons webfont; built by tools/build_fonts.py. The font is licensed "
             "under the SIL Open Font License 1.1, the icons under CC-BY 4.0."),
        11: "https://materialdesignicons.com/",
        13: ("This Font Software is licensed under the SIL Open Font License, "
             "Version 1.1. The icons are licensed under the Creative Commons "
             "Attribution 4.0 International license (CC-BY 4.0)."),
        14: "http://scripts.sil.org/OFL",
    })
    font["head"].fontRevision = FONT_VERSION
    font["OS/2"].recalcUnicodeRanges(font)
    keep_from_autohinter(font)
    fix_timestamps(font)
    out = out_dir / "KioskIcons.ttf"
    font.save(str(out))

    lines = [
        "# Icon name -> code point (hex) of its glyph in assets/fonts/KioskIcons.ttf.",
        "# Generated by tools/build_fonts.py from Material Design Icons 1.6.50",
        "# (Debian fonts-materialdesignicons-webfont); the MDI icon name is in the",
        "# comment.  Use e.g. chr(int(icons['home'], 16)) with font_name KioskIcons.ttf.",
    ]
    for name, mdi in ICONS.items():
        lines.append(f'{name}: "{cps[mdi]:04X}"  # mdi-{mdi}')
    yaml_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    shutil.copyfile(MDI_COPYRIGHT, out_dir / "MaterialDesignIcons-LICENSE.txt")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--icons-yaml", type=Path, default=DEFAULT_ICONS_YAML)
    ap.add_argument("--only", choices=["text", "icons"], default=None)
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    if args.only in (None, "text"):
        noto_version = check_package("fonts-noto-core")
        for weight in ("Regular", "Bold"):
            out = build_text_font(weight, args.out_dir, noto_version)
            log(f"wrote {out} ({out.stat().st_size} bytes)")
    if args.only in (None, "icons"):
        mdi_version = check_package("fonts-materialdesignicons-webfont")
        out = build_icon_font(args.out_dir, args.icons_yaml, mdi_version)
        log(f"wrote {out} ({out.stat().st_size} bytes), {args.icons_yaml}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
