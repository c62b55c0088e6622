"""No interface string is missing in any language the shipped packs offer."""

from __future__ import annotations

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
