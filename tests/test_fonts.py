"""Every character of every interface string and every content text is in the font that draws it."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT
from kiosk import assets
from packs import load_pack
from kiosk.content.model import Text
from kiosk.i18n import Catalog
from kiosk.languages import LANGUAGES
from kiosk.plugins import BUILTIN_DIR
from kiosk.runtime import SHELL_STRINGS


def cmap(path):
    return set(TTFont(path)["cmap"].getBestCmap())


def drawable(text: str):
    return {c for c in text if not c.isspace() and unicodedata.category(c) != "Cf"}


def interface_texts():
    catalog = Catalog()
    catalog.load("shell", SHELL_STRINGS)
    for folder in BUILTIN_DIR.iterdir():
        if (folder / "strings.yaml").is_file():
            catalog.load(folder.name, folder / "strings.yaml")
    for namespace, table in catalog.strings.items():
        for lang, entries in table.items():
            for key, text in entries.items():
                yield f"{namespace}.{key} ({lang})", text
    for code, lang in LANGUAGES.items():
        yield f"language name {code}", lang.native + lang.english


def content_texts():
    for pack_dir in sorted((ROOT / "content").iterdir()):
        pack, _ = load_pack(pack_dir)
        items = [pack, *pack.categories, *pack.places.values(), *pack.providers.values(),
                 *pack.items("offers").values(), *pack.items("events").values(), *pack.items("documents").values()]
        for item in items:
            for name, value in ((f.name, getattr(item, f.name)) for f in dataclasses.fields(item)):
                values = value if isinstance(value, tuple) else (value,)
                for v in values:
                    if isinstance(v, Text):
                        for lang, text in v.values.items():
                            yield f"{pack_dir.name}: {getattr(item, 'id', '')}.{name} ({lang})", text
            address = getattr(item, "address", None)
            if address:
                yield f"{pack_dir.name}: {item.id}.address", " ".join(address.lines())


@pytest.mark.parametrize("source", ["interface", "content"])
def test_every_character_is_in_the_font(source):
    texts = list(interface_texts() if source == "interface" else content_texts())
    assert len(texts) > 100
    for path in (assets.FONT_REGULAR, assets.FONT_BOLD):
        glyphs = cmap(path)
        missing = {}
        for where, text in texts:
            for char in drawable(text):
                if ord(char) not in glyphs:
                    missing.setdefault(f"U+{ord(char):04X} {unicodedata.name(char, '?')}", where)
        assert not missing, f"{path.name}: {missing}"


def test_the_walk_reaches_every_language_the_shipped_packs_offer():
    """Each offered language (Kurdish and Polish too) has its interface strings and its content
    texts in the walk above, so a language cannot slip past the font check."""
    offered = {code for pack_dir in (ROOT / "content").iterdir() for code in load_pack(pack_dir)[0].languages}
    assert {"ku", "pl"} <= offered
    interface = {where.rpartition("(")[2].rstrip(")") for where, _ in interface_texts()}
    content = {where.rpartition("(")[2].rstrip(")") for where, _ in content_texts()}
    assert offered <= interface and offered <= content
    assert all(code in LANGUAGES for code in offered)


def test_every_icon_is_in_the_icon_font():
    glyphs = cmap(assets.ICON_FONT)
    assert all(ord(char) in glyphs for char in assets.icons().values())


@pytest.mark.parametrize("name", ["KioskSans-Regular.ttf", "KioskSans-Bold.ttf", "KioskIcons.ttf"])
def test_freetype_draws_the_outlines_as_they_are(name):
    """The fonts carry no hinting; FreeType would run its auto-hinter on every glyph of a font
    with no instructions at all, which doubled the cost of drawing text (tools/build_fonts.py)."""
    font = TTFont(assets.FONTS / name)
    glyphs = font["glyf"]
    assert not any(glyphs[g].program.getBytecode() for g in font.getGlyphOrder()
                   if hasattr(glyphs[g], "program"))  # unhinted
    assert "fpgm" not in font and "cvt " not in font
    assert len(font["prep"].program.getBytecode()) > 0  # so FreeType uses its TrueType driver
