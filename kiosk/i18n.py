"""Interface strings: one catalogue per plugin (its `strings.yaml`) plus the shell's own.

A catalogue file maps language -> key -> text. Keys are used as `<namespace>.<key>`, the
namespace being the plugin's name (or `shell`). A string missing in the screen's language falls
back to the catalogue's German, then English, and is logged once: `tests/test_i18n.py` makes sure
no shipped string is ever missing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.schema import Reader, Report
from kiosk.yamlsafe import Mapping, YamlError, load_file

log = logging.getLogger("kiosk.i18n")

FALLBACKS = ("de", "en")


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class Catalog:
    """All interface strings: (namespace, language) -> {key: text}."""

    def __init__(self):
        self.strings: dict[str, dict[str, dict[str, str]]] = {}
        self._warned: set = set()

    def load(self, namespace: str, path: Path, report: Report | None = None) -> None:
        """Read `path` (a strings.yaml) into `namespace`; problems go to `report` or the log."""
        report = report or Report()
        try:
            data = load_file(path)
        except YamlError as exc:
            report.error(exc.loc, exc.message)
            data = None
        table: dict[str, dict[str, str]] = {}
        reader = Reader(report)
        if isinstance(data, Mapping):
            for lang, entries in data.items():
                if not isinstance(entries, Mapping):
                    report.error(data.key_locs[lang], f"{lang}: must map keys to texts")
                    continue
                table[lang] = {}
                for key, text in entries.items():
                    value = reader.string(text, f"{namespace}.{key} ({lang})")
                    if value is not None:
                        table[lang][key] = value
        elif data is not None:
            report.error(data.loc, "a strings file maps languages to keys to texts")
        for problem in report.problems:
            log.error("%s", problem)
        self.strings[namespace] = table

    def drop(self, namespace: str) -> None:
        self.strings.pop(namespace, None)

    def languages(self, namespace: str) -> set[str]:
        return set(self.strings.get(namespace, {}))

    def keys(self, namespace: str) -> set[str]:
        return {k for table in self.strings.get(namespace, {}).values() for k in table}

    def lookup(self, key: str, lang: str) -> tuple[str, str] | None:
        """The text for `key` in `lang` or a fallback language: (text, language used)."""
        namespace, _, name = key.partition(".")
        table = self.strings.get(namespace, {})
        for code in (lang, *FALLBACKS):
            text = table.get(code, {}).get(name)
            if text is not None:
                if code != lang and (key, lang) not in self._warned:
                    self._warned.add((key, lang))
                    log.warning("interface string %r has no %s text; showing %s", key, lang, code)
                return text, code
        return None

    def t(self, key: str, lang: str, **values) -> str:
        found = self.lookup(key, lang)
        if found is None:
            if (key, "*") not in self._warned:
                self._warned.add((key, "*"))
                log.error("interface string %r does not exist", key)
            return key
        text = found[0]
        return text.format_map(_Blank(values)) if values else text
