"""The one loader of content packs, used by the kiosk and by `kiosk check`.

`load_pack(folder, kinds)` reads pack.yaml, places.yaml and providers.yaml (what every pack has),
then every kind of content the plugins declared (see `kiosk.content.kinds`), each value with its
file and line; it checks the references between kinds and returns the pack (only when it has no
errors) and a report of every error and warning.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from kiosk.content import cache as packcache
from kiosk.content.fields import DEFAULT_ZONE, FieldReader, zone
from kiosk.content.hours import read_holidays
from kiosk.content.kinds import Kind
from kiosk.content.model import Address, Category, Pack, Place, Provider
from kiosk.schema import Report, did_you_mean
from kiosk.yamlsafe import Loc, NotStreamed, YamlError, load_file, no_cyclic_gc, stream_items

SHELL_FILES = ("pack.yaml", "places.yaml", "providers.yaml")
HEAD_FIELDS = ("id", "name", "languages", "location", "description", "timezone", "holidays", "categories", "values")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
SHELL_REFS = ("places", "providers", "categories")


def load_pack(folder: Path | str, kinds=(), icons=None, cache: Path | None = None) -> tuple[Pack | None, Report]:
    """Read and check the pack in `folder` with the declared `kinds`: (the pack or None if it
    has errors, the report).

    With `cache` (a folder: `kiosk.content.cache.folder(state)`), a pack checked before with
    the same files, code and kinds is read back from there, with the same report."""
    folder, kinds = Path(folder), tuple(kinds)
    digest = None
    if cache is not None:
        digest, found = packcache.lookup(cache, folder, kinds, icons)
        if found is not None:
            pack, problems = found
            return pack, Report(list(problems))
    with no_cyclic_gc():
        pack, report = _PackLoader(folder, kinds, icons).load()
    # kept only when no file changed while it was read: the key must describe what was read
    if digest is None or digest != packcache.key(folder, kinds, icons):
        return pack, report
    data = packcache.dumps((pack, report.problems))
    if data is None:
        return pack, report
    packcache.write(cache, folder, digest, data)
    return pack, report


class _PackLoader:
    def __init__(self, folder: Path, kinds: tuple[Kind, ...], icons):
        self.folder = folder
        self.kinds = kinds
        self.report = Report()
        self.r = FieldReader(self.report, folder, icons)
        self.dropped: set[str] = set()  # ids of items left out after a syntax error

    # -- files --------------------------------------------------------------------------------

    def load(self):
        if not (self.folder / "pack.yaml").is_file():
            self.report.error(Loc(str(self.folder / "pack.yaml"), 1), "a content pack needs a pack.yaml file")
            return None, self.report
        self._unread_files()
        head_node, head = self._pack_head(self._read("pack.yaml"))
        places = self._items("places.yaml", "places", _place)
        providers = self._items("providers.yaml", "providers", _provider)
        known = {"places": places, "providers": providers,
                 "categories": {c.id: c for c in head.get("categories", ())}}
        kinds: dict = {}
        sections: dict = {}
        for kind in self.kinds:
            if kind.file:
                kinds[kind.name] = known[kind.name] = self._items(kind.file, kind.name, kind.read, kind)
            elif head_node is not None and kind.section in head_node:
                value = self._read_one(kind, head_node[kind.section])
                if value is not None:
                    sections[kind.name] = value
        self._check_refs(known, head)
        if "id" not in head or "name" not in head or "location" not in head or not self.r.languages:
            return None, self.report
        pack = Pack(
            id=head["id"], path=str(self.folder), name=head["name"], description=head.get("description"),
            languages=self.r.languages, timezone=head.get("timezone", DEFAULT_ZONE),
            location=head["location"], categories=tuple(head.get("categories", ())),
            values=tuple(head.get("values", ())), places=MappingProxyType(places),
            providers=MappingProxyType(providers),
            kinds=MappingProxyType({k: MappingProxyType(v) for k, v in kinds.items()}),
            sections=MappingProxyType(sections),
            locs=MappingProxyType({**head_node.key_locs, "location": head["location_loc"]}),
        )
        for kind in self.kinds:
            if kind.check is not None:
                self._contained(kind, Loc(str(self.folder / kind.where.split()[0]), 1),
                                kind.check, pack.items(kind.name) if kind.file else pack.section(kind.name), pack, self.r)
        return (pack if self.report.ok else None), self.report

    def _unread_files(self) -> None:
        read = (*SHELL_FILES, *(k.file for k in self.kinds if k.file))
        for extra in sorted(self.folder.glob("*.y*ml")):
            if extra.name not in read:
                self.report.warn(
                    Loc(str(extra), 1),
                    f"file is not read: no plugin reads {extra.name} (a plugin that would is missing or "
                    f"switched off); the files read here are {', '.join(read)}{did_you_mean(extra.name, read)}",
                )

    def _read(self, name: str):
        path = self.folder / name
        if not path.exists():
            return None
        try:
            doc = load_file(path)
        except YamlError as exc:
            for loc, message in exc.problems:
                self.report.error(loc, message)
            self.dropped.update(exc.dropped)
            return exc.partial  # the items without syntax errors are still checked
        if doc is None:
            key = name.removesuffix(".yaml")
            what = "the pack's id, name, languages and location" if name == "pack.yaml" else f"the line \"{key}:\" and a list of items under it"
            self.report.error(Loc(str(path), 1), f"{name} is empty: write {what}, or delete the file")
        return doc

    def _items(self, file: str, key: str, read_one, kind: Kind | None = None) -> dict:
        found = self._streamed(file, key, read_one, kind)
        if found is not None:
            return found
        found = {}
        doc = self._read(file)
        if doc is None:
            return found
        top = self.r.fields(doc, file, optional=(key,))
        if top is None:
            return found
        if key not in top:
            if not top:
                self.report.error(top.loc, f"{file} has no \"{key}:\" line: write \"{key}:\" and list the items under it")
            return found
        for node in self.r.sequence(top.get(key, []), key):
            self._take(found, node, read_one, kind)
        return found

    def _streamed(self, file: str, key: str, read_one, kind: Kind | None) -> dict | None:
        """The items of `file`, each read as soon as it is parsed (`yamlsafe.stream_items`): the
        file's values are never all in memory at once, and what is kept of them is not spread
        over the holes the rest would leave. None, with the report as it was before, when the file
        must be read whole: one with a mistake in its YAML, or more than the one top key."""
        path = self.folder / file
        if not path.exists():
            return None
        mark, found = len(self.report.problems), {}
        try:
            for node in stream_items(path, key):
                self._take(found, node, read_one, kind)
        except NotStreamed:
            del self.report.problems[mark:]
            return None
        return found

    def _take(self, found: dict, node, read_one, kind: Kind | None) -> None:
        item = self._read_one(kind, node) if kind else read_one(node, self.r)
        if item is None or not item.id:
            return
        if item.id in found:
            self.report.error(
                item.loc, f"duplicate id {item.id!r} (first used at line {found[item.id].loc.line}): "
                          "give each one an id of its own"
            )
            return
        found[item.id] = item

    def _read_one(self, kind: Kind, node):
        return self._contained(kind, getattr(node, "loc", Loc(str(self.folder / kind.where.split()[0]), 1)),
                               kind.read, node, self.r)

    def _contained(self, kind: Kind, loc: Loc, function, *args):
        """A plugin's reader that raises reports where, and the rest of the pack is still read."""
        try:
            return function(*args)
        except Exception as exc:  # a plugin's bug must not hide the rest of the pack's problems
            self.report.error(loc, f"the plugin {kind.plugin!r} could not read this ({type(exc).__name__}: {exc})")
            return None

    # -- pack.yaml ------------------------------------------------------------------------------

    def _pack_head(self, doc) -> tuple:
        head: dict = {}
        if doc is None:
            return None, head
        sections = tuple(k.section for k in self.kinds if k.section)
        node = self.r.fields(
            doc, "pack.yaml", required=("id", "name", "languages", "location"),
            optional=(*HEAD_FIELDS, *sections),
        )
        if node is None:
            return None, head
        r = self.r
        langs = [r.lang(n) for n in r.sequence(node.get("languages", []), "languages")]
        r.languages = tuple(dict.fromkeys(c for c in langs if c))
        if "languages" in node and not r.languages:
            self.report.error(node["languages"].loc, "languages must name at least one language (the default first)")
        if "id" in node:
            pack_id = r.ident(node["id"], "pack id")
            if pack_id:
                head["id"] = pack_id
                if pack_id != self.folder.name:
                    self.report.warn(node["id"].loc, f"pack id {pack_id!r} differs from its folder name {self.folder.name!r}")
        for key in ("name", "description"):
            if key in node:
                value = r.text(node[key], key)
                if value is not None:
                    head[key] = value
        if "timezone" in node:
            found = r.timezone(node["timezone"])
            if found is not None:
                head["timezone"] = str(found.key)
                r.zone = found
        if "holidays" in node:
            r.holidays = read_holidays(r, node["holidays"])
        location = node.get("location")
        # a location without its place (a typo: "plac:") is reported by fields(), and read no further
        if location is not None and r.fields(location, "location", required=("place",)) and "place" in location:
            place = r.ident(location["place"], "location.place")
            if place:
                head["location"] = place
                head["location_loc"] = location["place"].loc
        categories = []
        for cat in r.sequence(node.get("categories", []), "categories"):
            category = self._category(cat)
            if category and any(c.id == category.id for c in categories):
                self.report.error(category.loc, f"duplicate category id {category.id!r}: give each category an id of its own")
            elif category:
                categories.append(category)
        head["categories"] = categories
        head["values"] = [t for t in (r.text(v, "value") for v in r.sequence(node.get("values", []), "values")) if t]
        return node, head

    def _category(self, node):
        r = self.r
        m = r.fields(node, "a category", required=("id", "title"), optional=("summary", "icon", "color"))
        if m is None:
            return None
        cid = r.ident(m.get("id"), "category id")
        if cid is None:
            return None
        values = {"id": cid, "loc": m.loc, "title": r.text(m.get("title"), "title")}
        if "summary" in m:
            values["summary"] = r.text(m["summary"], "summary")
        if "icon" in m:
            icon = r.ident(m["icon"], "icon")
            if icon and r.icons is not None and icon not in r.icons:
                self.report.warn(m["icon"].loc, f"unknown icon {icon!r}{did_you_mean(icon, r.icons)}; a default icon is shown")
            elif icon:
                values["icon"] = icon
        if "color" in m:
            color = r.string(m["color"], "color")
            if color and not COLOR_RE.match(color):
                self.report.error(m["color"].loc, f"color must look like \"#1d6fa3\", not {color!r}")
            elif color:
                if _contrast_with_white(color) < 4.5:
                    self.report.warn(m["color"].loc, f"color {color} is too light for white text (contrast {_contrast_with_white(color):.1f}:1, needs 4.5:1)")
                values["color"] = color
        if values["title"] is None:
            return None
        return Category(**values)

    # -- references --------------------------------------------------------------------------------

    def _check_refs(self, known: dict, head: dict) -> None:
        for name, refs, kind in [(k.name, k.refs, k) for k in self.kinds if k.file]:
            for field, target in refs.items():
                if target not in known:
                    if known.get(name):
                        self.report.warn(Loc(str(self.folder / kind.file), 1),
                                         f"{field} names {target}, which no plugin reads here: those references are not checked")
                    continue
                targets = known[target]
                noun = target[:-1] if target.endswith("s") else target
                noun = "category" if target == "categories" else noun
                for item in known.get(name, {}).values():
                    value = getattr(item, field, None)
                    for one in (value if isinstance(value, tuple) else (value,)):
                        if one and one not in targets and one not in self.dropped:
                            loc = Loc(item.loc.path, item.locs.get(field, item.loc).line)
                            hint = did_you_mean(one, targets) or (
                                f": write one of {', '.join(sorted(targets))}" if 0 < len(targets) <= 8
                                else f": no {noun} has this id"
                            )
                            self.report.error(loc, f"unknown {noun} {one!r}{hint}")
        if "location" in head and head["location"] not in known["places"] and head["location"] not in self.dropped:
            self.report.error(
                head["location_loc"],
                f"unknown place {head['location']!r} for the kiosk's location{did_you_mean(head['location'], known['places'])}",
            )


# -- the shell's own kinds: places and providers ------------------------------------------------


def _place(node, r: FieldReader):
    m, v = r.record(
        node, "a place", ("title", "lat", "lon"),
        ("title", "address", "lat", "lon", "approximate", "description", "accessible"),
    )
    if m is None:
        return None
    ok = r.texts(m, v, ("title", "description"))
    if "address" in m:
        fields = ("street", "postcode", "town", "district")
        a = r.fields(m["address"], "address", optional=fields)
        if a is not None:
            v["address"] = Address(**{k: r.line(a[k], k) for k in a if k in fields})
    v["lat"] = r.number(m.get("lat"), "lat (latitude)", -90, 90) if "lat" in m else None
    v["lon"] = r.number(m.get("lon"), "lon (longitude)", -180, 180) if "lon" in m else None
    for flag in ("approximate", "accessible"):
        if flag in m:
            v[flag] = r.boolean(m[flag], flag)
    if not ok or v["lat"] is None or v["lon"] is None or v.get("title") is None:
        return None
    if v.get("approximate") is None:
        v["approximate"] = False
    return Place(**v)


def _provider(node, r: FieldReader):
    m, v = r.record(node, "a provider", ("title",), ("title", "description", "contact", "url"))
    if m is None:
        return None
    ok = r.texts(m, v, ("title", "description"))
    if "contact" in m:
        v["contact"] = r.contact(m["contact"])
    if "url" in m:
        v["url"] = r.url(m["url"], "url")
    return Provider(**v) if ok and v.get("title") else None


def _contrast_with_white(color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


__all__ = ["load_pack", "zone"]
