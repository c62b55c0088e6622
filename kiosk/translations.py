"""Hand a pack's missing and outdated translations to a translator, and take them back.

`kiosk translations export PACK --lang ar --out ar.po` writes one gettext PO entry for every text
of the pack that has no Arabic yet, or whose source text changed since its Arabic was imported.
PO is what translators' tools open (Poedit, Weblate, Lokalize, OmegaT, Virtaal); polib reads and
writes it without dragging in a framework. Each entry carries:

- `msgctxt`: where the text lives, as `FILE#PATH` (`offers.yaml#offers/advice/title`); list items
  are named by their `id`, so the place survives reordering;
- a reference `FILE:LINE` for the translator's tool, and a comment naming the source language;
- `msgid`: the source text (the pack's first language that the text has); `msgstr`: the
  translation, empty when missing; an outdated one is given as it stands, marked fuzzy.

`kiosk translations import PACK FILE.po` writes every translated, non-fuzzy entry back into the
YAML through ruamel.yaml's round trip, which keeps comments, order, quoting and flow style; a file
it could not write back unchanged is refused rather than reformatted. The kiosk itself keeps
reading with PyYAML (kiosk/yamlsafe.py).

Which source a translation was made from is kept in the pack's `translations.json` (a sidecar, so
the YAML stays as the administrator wrote it): for every imported translation, a short hash of
the source text it was made from. A translation written by hand has no entry there and counts as
current; one whose source text has changed since its import counts as outdated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.languages import LANGUAGES
from kiosk.yamlsafe import Mapping, Scalar, Sequence, YamlError, load_file

SIDECAR = "translations.json"
SHELL_FILES = ("pack.yaml", "places.yaml", "providers.yaml")  # then every plugin's file, by name


@dataclass(frozen=True)
class TextEntry:
    """One translatable text of a pack: where it is, its languages and its source."""

    key: str  # FILE#PATH
    file: str
    line: int
    values: dict  # language -> text as written
    source: str  # the language translations are made from

    @property
    def source_text(self) -> str:
        return self.values[self.source]


@dataclass(frozen=True)
class Completeness:
    """How much of a pack one language covers."""

    lang: str
    total: int
    missing: int
    outdated: int

    @property
    def done(self) -> int:
        return self.total - self.missing - self.outdated

    @property
    def percent(self) -> int:
        # rounded down: 199 of 200 texts is 99%, never a "100%" that hides a gap
        return 100 if not self.total else self.done * 100 // self.total

    def __str__(self) -> str:
        gaps = [f"{n} {what}" for n, what in ((self.missing, "missing"), (self.outdated, "outdated")) if n]
        return f"{self.lang} {self.percent}%" + (f" ({', '.join(gaps)})" if gaps else "")


def source_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


# -- reading the pack ---------------------------------------------------------------------------


def pack_languages(folder: Path) -> tuple[str, ...]:
    doc = _load(folder / "pack.yaml")
    langs = doc.get("languages") if isinstance(doc, Mapping) else None
    if not isinstance(langs, Sequence):
        return ()
    return tuple(dict.fromkeys(str(c) for c in langs if isinstance(c, Scalar) and c in LANGUAGES))


def texts(folder: Path | str) -> list[TextEntry]:
    """Every text of the pack (a mapping of language codes to single texts), in file order."""
    folder = Path(folder)
    order = pack_languages(folder)
    found: list[TextEntry] = []
    for name in files(folder):
        _walk(_load(folder / name), name, [], order, found)
    return found


def files(folder: Path) -> list[str]:
    """The pack's YAML files: the shell's first, then the plugins' (offers.yaml, events.yaml ...)."""
    shell = [name for name in SHELL_FILES if (folder / name).is_file()]
    return shell + sorted(p.name for p in folder.glob("*.yaml") if p.name not in SHELL_FILES)


def _load(path: Path):
    try:
        return load_file(path)
    except YamlError as exc:
        raise KioskError(f"{exc.loc}: {exc.message} (run `kiosk check` first)") from None


def _is_text(node) -> bool:
    return (
        isinstance(node, Mapping) and bool(node)
        and all(k in LANGUAGES and isinstance(v, Scalar) and not v.is_null for k, v in node.items())
    )


def _walk(node, file: str, path: list[str], order, found: list[TextEntry]) -> None:
    if _is_text(node):
        values = {str(k): str(v).strip() for k, v in node.items()}
        source = next((c for c in order if c in values), next(iter(values)))
        found.append(TextEntry(f"{file}#{'/'.join(path)}", file, node[source].loc.line, values, source))
    elif isinstance(node, Mapping):
        for key, value in node.items():
            _walk(value, file, [*path, str(key)], order, found)
    elif isinstance(node, Sequence):
        for index, value in enumerate(node):
            _walk(value, file, [*path, _segment(value, index)], order, found)


def _segment(item, index: int) -> str:
    ident = item.get("id") if isinstance(item, Mapping) else None
    return str(ident) if isinstance(ident, Scalar) and ident.strip() and "/" not in ident else str(index)


def read_sidecar(folder: Path) -> dict:
    path = Path(folder) / SIDECAR
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KioskError(f"{path}: cannot be read ({exc}); delete it to start afresh") from None
    return data.get("texts", {}) if isinstance(data, dict) else {}


def _write_sidecar(folder: Path, records: dict) -> None:
    data = {
        "about": "Written by `kiosk translations import`: the source text each translation was "
                 "made from (language:hash), so `kiosk check` can tell outdated translations.",
        "texts": {k: records[k] for k in sorted(records)},
    }
    _write_atomically(Path(folder) / SIDECAR, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _state(entry: TextEntry, lang: str, records: dict) -> str:
    """'current', 'missing' or 'outdated' for `lang` in this text."""
    if lang not in entry.values:
        return "missing"
    if lang == entry.source:
        return "current"
    made_from = records.get(entry.key, {}).get(lang)
    if made_from and made_from != f"{entry.source}:{source_hash(entry.source_text)}":
        return "outdated"
    return "current"


def completeness(folder: Path | str, langs=None) -> list[Completeness]:
    """For each of the pack's languages (or `langs`): how many texts lack it or are outdated."""
    folder = Path(folder)
    entries = texts(folder)
    records = read_sidecar(folder)
    result = []
    for lang in langs or pack_languages(folder):
        states = [_state(e, lang, records) for e in entries]
        result.append(Completeness(lang, len(entries), states.count("missing"), states.count("outdated")))
    return result


def summary(folder: Path | str) -> str:
    """One line for `kiosk check` and the admin panel: `de 100%, ar 62% (12 missing)`."""
    return ", ".join(map(str, completeness(folder)))


# -- export -------------------------------------------------------------------------------------


def export(folder: Path | str, lang: str, out: Path | str) -> int:
    """Write the PO file for `lang`; return how many entries it holds."""
    import polib

    folder = Path(folder)
    if lang not in LANGUAGES:
        raise KioskError(f"unknown language code {lang!r}; the kiosk knows {', '.join(LANGUAGES)}")
    entries = texts(folder)
    records = read_sidecar(folder)
    pack_id = folder.name
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"kiosk content pack {pack_id}",
        "POT-Creation-Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "kiosk translations export",
    }
    po.header = (
        f"Texts of the content pack {pack_id!r} to translate into {LANGUAGES[lang].english} ({lang}).\n"
        "Each entry gives the source text (msgid) and where it is in the pack (msgctxt, reference).\n"
        f"Bring the file back with: kiosk translations import PACK FILE.po"
    )
    for entry in entries:
        state = _state(entry, lang, records)
        if state == "current" or entry.source == lang:
            continue
        item = polib.POEntry(
            msgctxt=entry.key,
            msgid=entry.source_text,
            msgstr=entry.values.get(lang, ""),
            occurrences=[(entry.file, str(entry.line))],
            comment=f"source language: {entry.source} ({LANGUAGES[entry.source].english})"
            + ("; the source text changed since this translation was made" if state == "outdated" else ""),
        )
        if state == "outdated":
            item.flags.append("fuzzy")
        po.append(item)
    out = Path(out)
    _write_atomically(out, str(po) + "\n")
    return len(po)


# -- import -------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: int = 0
    unchanged: int = 0
    skipped: int = 0  # untranslated or fuzzy
    problems: list = None

    def __post_init__(self):
        self.problems = [] if self.problems is None else self.problems


def import_po(folder: Path | str, po_path: Path | str) -> ImportResult:
    """Put the translations of a PO file back into the pack's YAML files."""
    import polib

    folder = Path(folder)
    try:
        po = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise KioskError(f"{po_path}: not a PO file ({exc})") from None
    lang = po.metadata.get("Language", "").strip().replace("-", "_").split("_")[0]
    if lang not in LANGUAGES:
        raise KioskError(f"{po_path}: its header says Language: {po.metadata.get('Language', '')!r}, "
                         f"not one of the kiosk's language codes ({', '.join(LANGUAGES)})")
    by_key = {e.key: e for e in texts(folder)}
    order = pack_languages(folder)
    records = read_sidecar(folder)
    result = ImportResult()
    docs: dict[str, _RoundTrip] = {}
    for item in po:
        if item.obsolete:
            continue
        where = f"{po_path}:{item.linenum}"
        if not item.msgstr.strip() or "fuzzy" in item.flags:
            result.skipped += 1
            continue
        entry = by_key.get(item.msgctxt or "")
        if entry is None:
            result.problems.append(f"{where}: the pack has no text {item.msgctxt!r} any more; export again")
            continue
        if entry.source_text != item.msgid.strip():
            result.problems.append(
                f"{where}: the source text of {entry.key} changed since this file was exported; "
                "export again and translate the new text"
            )
            continue
        text = item.msgstr.strip()
        if entry.values.get(lang) == text:
            result.unchanged += 1
        else:
            if entry.file not in docs:
                docs[entry.file] = _RoundTrip(folder / entry.file)
            docs[entry.file].set_text(entry.key.split("#", 1)[1], lang, text, order)
            result.imported += 1
        records.setdefault(entry.key, {})[lang] = f"{entry.source}:{source_hash(entry.source_text)}"
    for doc in docs.values():
        doc.save()
    if result.imported or result.unchanged:
        _write_sidecar(folder, records)
    return result


class _RoundTrip:
    """One YAML file read and written back by ruamel.yaml, changed only where a text is set."""

    INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0))

    def __init__(self, path: Path):
        from ruamel.yaml import YAML

        self.path = path
        source = path.read_text(encoding="utf-8")
        for mapping, sequence, offset in self.INDENTS:
            yaml = YAML()
            yaml.preserve_quotes = True
            yaml.width = 1 << 16
            yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            doc = yaml.load(source)
            if self._dump(yaml, doc) == source:
                self.yaml, self.doc = yaml, doc
                return
        raise KioskError(
            f"{path}: its layout (indentation, line breaks) cannot be written back unchanged; "
            "indent by two spaces as docs/content.md shows, then import again"
        )

    @staticmethod
    def _dump(yaml, doc) -> str:
        out = io.StringIO()
        yaml.dump(doc, out)
        return out.getvalue()

    def set_text(self, path: str, lang: str, text: str, order) -> None:
        from ruamel.yaml.scalarstring import LiteralScalarString

        node = self.doc
        for segment in path.split("/") if path else []:
            node = _child(node, segment)
        value = LiteralScalarString(text + "\n") if "\n" in text else text
        if lang in node:
            node[lang] = value
            return
        # after the last language that comes before it in the pack's order, else at the end
        rank = {code: i for i, code in enumerate(order)}
        mine = rank.get(lang, len(rank))
        keys = list(node.keys())
        position = len(keys)
        for i, key in enumerate(keys):
            if rank.get(key, len(rank)) > mine:
                position = i
                break
        node.insert(position, lang, value)

    def save(self) -> None:
        _write_atomically(self.path, self._dump(self.yaml, self.doc))


def _child(node, segment: str):
    if isinstance(node, list):
        for item in node:
            if hasattr(item, "get") and str(item.get("id", "")) == segment:
                return item
        return node[int(segment)]
    return node[segment]


def _write_atomically(path: Path, text: str) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- the command --------------------------------------------------------------------------------


def add_parser(sub, common) -> None:
    """`kiosk translations export|import` (called from kiosk/cli.py)."""
    cmd = sub.add_parser("translations", parents=[common], help="hand missing translations to a translator (PO files) and take them back")
    actions = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = actions.add_parser("export", parents=[common], help="write every text that lacks a language, or is outdated in it, to a PO file")
    exp.add_argument("pack", type=Path, metavar="PACK")
    exp.add_argument("--lang", required=True, metavar="CODE", help="the language to translate into")
    exp.add_argument("--out", required=True, type=Path, metavar="FILE.po")
    imp = actions.add_parser("import", parents=[common], help="put a translated PO file's texts back into the pack's YAML")
    imp.add_argument("pack", type=Path, metavar="PACK")
    imp.add_argument("file", type=Path, metavar="FILE.po")


def run(args) -> int:
    folder = args.pack
    if not (folder / "pack.yaml").is_file():
        raise KioskError(f"{folder} is not a content pack (it has no pack.yaml)")
    if args.action == "export":
        count = export(folder, args.lang, args.out)
        if args.lang not in pack_languages(folder):
            print(f"kiosk: note: {args.lang} is not in the languages of {folder}/pack.yaml yet")
        print(f"kiosk: {count} text(s) to translate into {args.lang} written to {args.out}")
        return 0
    if not args.file.is_file():
        raise KioskError(f"no file {args.file}")
    result = import_po(folder, args.file)
    for problem in result.problems:
        print(problem)
    print(
        f"kiosk: {result.imported} translation(s) written into {folder}, {result.unchanged} already there, "
        f"{result.skipped} left out (not translated yet or marked fuzzy), {len(result.problems)} problem(s)"
    )
    return 1 if result.problems else 0
