"""No interface string is missing in any language the shipped packs offer."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import ROOT
from packs import load_pack
from kiosk.i18n import Catalog
from kiosk.plugins import BUILTIN_DIR
from kiosk.runtime import ADMIN_STRINGS, SHELL_STRINGS

CATALOGS = {"shell": SHELL_STRINGS} | {p.name: p / "strings.yaml" for p in sorted(BUILTIN_DIR.iterdir()) if (p / "strings.yaml").is_file()}
SHIPPED = sorted({code for pack in ("leipziger-osten", "leipziger-westen", "schoenefeld") for code in load_pack(ROOT / "content" / pack)[0].languages})


USED = CATALOGS | {"admin": ADMIN_STRINGS}  # staff screens: German and English only


def test_admin_strings_exist_in_german_and_english():
    catalog = Catalog()
    catalog.load("admin", ADMIN_STRINGS)
    table = catalog.strings["admin"]
    assert set(table) == {"de", "en"}
    assert set(table["de"]) == set(table["en"]) == catalog.keys("admin")


@pytest.mark.parametrize("namespace", sorted(CATALOGS))
def test_every_string_exists_in_every_shipped_language(namespace):
    catalog = Catalog()
    catalog.load(namespace, CATALOGS[namespace])
    keys = catalog.keys(namespace)
    table = catalog.strings[namespace]
    missing = {lang: sorted(keys - set(table.get(lang, {}))) for lang in SHIPPED}
    assert not {k: v for k, v in missing.items() if v}, missing


def test_every_string_used_in_code_exists():
    """Each `t("ns.key")` / app.t('ns.key') in the shell and the plugins names a real string."""
    import re

    catalog = Catalog()
    for namespace, path in USED.items():
        catalog.load(namespace, path)
    used = set()
    for path in list((ROOT / "kiosk").rglob("*.py")) + list((ROOT / "kiosk").rglob("*.kv")) + list(BUILTIN_DIR.rglob("*.py")) + list(BUILTIN_DIR.rglob("*.kv")):
        used |= set(re.findall(r"""\bt(?:_admin)?\(\s*f?["']([a-z_]+\.[a-z_]+)["']""", path.read_text()))
    assert used, "the pattern finds the strings in use"
    unknown = sorted(key for key in used if catalog.lookup(key, "de") is None)
    assert not unknown


@pytest.mark.parametrize("pack", ["leipziger-osten", "leipziger-westen", "schoenefeld"])
def test_every_content_text_exists_in_every_language_of_its_pack(pack):
    _, report = load_pack(ROOT / "content" / pack)
    untranslated = [str(p) for p in report.warnings if "has no translation" in p.message]
    assert untranslated == []


def test_the_default_pack_offers_the_seeds_kurdish_and_polish():
    """The Dialog office counselled in Kurdish and Polish too (seed 002): the kiosk speaks both."""
    languages = load_pack(ROOT / "content" / "leipziger-osten")[0].languages
    assert {"ku", "pl"} <= set(languages)


def test_sorani_is_written_in_kurdish_letters_not_their_arabic_look_alikes():
    """Arabic yeh, kaf, alef maksura and teh marbuta look like Sorani's ی and ک but are other
    letters: searching, reading aloud and OCR would miss the word."""
    from kiosk.content.model import Text

    arabic = set("يكىة")
    texts = []
    catalog = Catalog()
    for namespace, path in CATALOGS.items():
        catalog.load(namespace, path)
        texts += [(f"{namespace}.{k}", v) for k, v in catalog.strings[namespace].get("ckb", {}).items()]
    pack, _ = load_pack(ROOT / "content" / "leipziger-osten")
    for item in [pack, *pack.categories, *pack.places.values(), *pack.providers.values(), *pack.items("offers").values(), *pack.items("events").values(), *pack.items("documents").values()]:
        for name, value in ((f.name, getattr(item, f.name)) for f in dataclasses.fields(item)):
            for v in value if isinstance(value, tuple) else (value,):
                if isinstance(v, Text) and "ckb" in v.values:
                    texts.append((f"{getattr(item, 'id', 'pack')}.{name}", v.values["ckb"]))
    assert len(texts) > 100
    assert [where for where, text in texts if arabic & set(text)] == []
