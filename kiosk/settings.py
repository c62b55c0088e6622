"""The kiosk's settings: `kiosk.yaml` read into one typed, immutable object."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import ConfigError
from kiosk.schema import Reader, Report
from kiosk.yamlsafe import Loc, Mapping, YamlError, load_file

SIZE_RE = re.compile(r"^(\d{3,5})x(\d{3,5})$")
BRANCH_RE = re.compile(r"^(?!-)[A-Za-z0-9._/-]+$")
PACK_NAME_RE = re.compile(r"^(?![.-])[A-Za-z0-9._-]+(/(?![.-])[A-Za-z0-9._-]+)*$")
REMOTE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/]+@[^/]+:")  # a URL, or git's user@host:path


@dataclass(frozen=True)
class Screen:
    """The window: size in pixels, fullscreen, and rotation in degrees."""

    width: int = 1080
    height: int = 1920
    fullscreen: bool = True
    rotation: int = 0
    diagonal_in: float = 55.0
    """The screen's diagonal in inches (`screen.stele.diagonal_in`): with `bottom_cm` it says
    where a hand reaches (kiosk/reach.py)."""
    bottom_cm: float = 80.0
    """Height of the screen's lower edge above the floor in cm (`screen.stele.bottom_cm`)."""

    @property
    def orientation(self) -> str:
        return "portrait" if self.height >= self.width else "landscape"


@dataclass(frozen=True)
class Source:
    """Where content comes from when it is not a folder on the device: a git repository."""

    git: str  # a URL, or an absolute path
    branch: str = "main"
    interval: float = 300.0  # seconds between fetches
    signed_by: Path | None = None  # an allowed-signers file: only revisions signed by its keys


@dataclass(frozen=True)
class Settings:
    """Everything kiosk.yaml says, with paths made absolute against the file's folder."""

    path: Path | None = None
    pack: Path | None = None
    packs: tuple[Path, ...] = ()
    plugin_order: tuple[str, ...] | None = None
    plugins_blocked: tuple[str, ...] = ()
    plugin_folders: tuple[Path, ...] = ()
    plugin_config: dict = field(default_factory=dict)
    screen: Screen = Screen()
    language: str | None = None
    idle_timeout: float = 90.0
    pin_file: Path | None = None
    source: Source | None = None
    pack_names: tuple[str, ...] = ()  # with a source: the repository folders of pack and packs

    def with_(self, **changes) -> "Settings":
        from dataclasses import replace

        return replace(self, **changes)


FIELDS = ("content", "plugins", "screen", "language", "idle_timeout", "admin")


def parse_size(text: str) -> tuple[int, int] | None:
    match = SIZE_RE.match(text.strip())
    return (int(match[1]), int(match[2])) if match else None


def load_settings(path: Path | str) -> Settings:
    """Read kiosk.yaml; raise ConfigError listing every wrong key or value with file:line."""
    path = Path(path).resolve()
    report = Report()
    try:
        data = load_file(path)
    except YamlError as exc:
        raise ConfigError([f"{exc.loc}: {exc.message}"]) from None
    settings = _read(data, path, Reader(report), report)
    if report.errors:
        raise ConfigError(report.errors)
    return settings


def _read(data, path: Path, r: Reader, report: Report) -> Settings:
    base = path.parent
    values: dict = {"path": path}
    if data is None:
        data = Mapping(Loc(str(path), 1))
    top = r.fields(data, "kiosk.yaml", optional=FIELDS)
    if top is None:
        return Settings(path=path)

    def folder(node, what):
        text = r.string(node, what)
        if text is None:
            return None
        resolved = (base / text).resolve()
        if not resolved.is_dir():
            report.error(node.loc, f"{what}: no such folder {text!r}")
            return None
        return resolved

    content = top.get("content")
    if content is not None and r.fields(content, "content", required=("pack",), optional=("available", "source")):
        pack_folder = folder
        if "source" in content:
            values["source"] = _source(content["source"], base, r, report)
            pack_folder = _synced_folder(r, report)
        values["pack"] = pack_folder(content["pack"], "content.pack") if "pack" in content else None
        packs = [pack_folder(n, "content.available") for n in r.sequence(content.get("available", []), "content.available")]
        packs = [p for p in packs if p is not None]
        if values["pack"] and values["pack"] not in packs:
            packs.insert(0, values["pack"])
        values["packs"] = tuple(packs)
        if values.get("source") is not None:
            values["pack_names"] = tuple(pack_folder.names[p] for p in packs)

    plugins = top.get("plugins")
    if plugins is not None and r.fields(plugins, "plugins", optional=("order", "blocked", "folders", "config")):
        if "order" in plugins:
            values["plugin_order"] = tuple(
                n for n in (r.plugin_name(x, "plugins.order entry") for x in r.sequence(plugins["order"], "plugins.order")) if n
            )
        values["plugins_blocked"] = tuple(
            n for n in (r.plugin_name(x, "plugins.blocked entry") for x in r.sequence(plugins.get("blocked", []), "plugins.blocked")) if n
        )
        folders = [folder(n, "plugins.folders entry") for n in r.sequence(plugins.get("folders", []), "plugins.folders")]
        values["plugin_folders"] = tuple(f for f in folders if f)
        config = plugins.get("config")
        if config is not None and r.fields(config, "plugins.config", optional=tuple(config.keys()) if isinstance(config, Mapping) else ()):
            from kiosk.content.kinds import NAME_RE, NAME_RULE

            for key in config:
                if not NAME_RE.match(str(key)):
                    report.error(config.key_locs[key], f"plugins.config {str(key)!r} is not a plugin name: a name is {NAME_RULE}")
            values["plugin_config"] = dict(config)

    screen = top.get("screen")
    if screen is not None and r.fields(screen, "screen", optional=("size", "fullscreen", "rotation", "stele")):
        kwargs = {}
        if "size" in screen:
            text = r.string(screen["size"], "screen.size")
            size = parse_size(text) if text else None
            if text and not size:
                report.error(screen["size"].loc, f"screen.size must look like 1080x1920, not {text!r}")
            elif size:
                kwargs["width"], kwargs["height"] = size
        if "fullscreen" in screen:
            value = r.boolean(screen["fullscreen"], "screen.fullscreen")
            if value is not None:
                kwargs["fullscreen"] = value
        if "rotation" in screen:
            value = r.choice(screen["rotation"], "screen.rotation", ("0", "90", "180", "270"))
            if value is not None:
                kwargs["rotation"] = int(value)
        stele = screen.get("stele")
        if stele is not None and r.fields(stele, "screen.stele", optional=("diagonal_in", "bottom_cm")):
            for key, low, high in (("diagonal_in", 7, 120), ("bottom_cm", 0, 200)):
                if key in stele:
                    value = r.number(stele[key], f"screen.stele.{key}", low, high)
                    if value is not None:
                        kwargs[key] = value
        values["screen"] = Screen(**kwargs)

    if "language" in top:
        from kiosk.languages import LANGUAGES

        values["language"] = r.choice(top["language"], "language", sorted(LANGUAGES))
    if "idle_timeout" in top:
        value = r.number(top["idle_timeout"], "idle_timeout (seconds)", 10, 24 * 3600)
        if value is not None:
            values["idle_timeout"] = value
    admin = top.get("admin")
    if admin is not None and r.fields(admin, "admin", optional=("pin_file",)):
        text = r.string(admin.get("pin_file"), "admin.pin_file") if "pin_file" in admin else None
        if text:
            values["pin_file"] = (base / text).resolve()
    return Settings(**{k: v for k, v in values.items() if v is not None})


def _source(node, base: Path, r: Reader, report: Report) -> Source | None:
    if r.fields(node, "content.source", required=("git",), optional=("branch", "interval", "signed_by")) is None or "git" not in node:
        return None
    git = r.string(node["git"], "content.source.git")
    if git is None:
        return None
    if not REMOTE_RE.match(git):
        git = str((base / git).resolve())  # a path on this machine, relative to kiosk.yaml
    kwargs = {"git": git}
    if "branch" in node:
        kwargs["branch"] = r.ident(node["branch"], "content.source.branch", BRANCH_RE, "a branch name")
    if "interval" in node:
        kwargs["interval"] = r.number(node["interval"], "content.source.interval (seconds)", 10, 7 * 24 * 3600)
    if "signed_by" in node:
        text = r.string(node["signed_by"], "content.source.signed_by")
        path = (base / text).resolve() if text else None
        if path is not None and not path.is_file():
            report.error(node["signed_by"].loc, f"content.source.signed_by: no such file {text!r}")
        kwargs["signed_by"] = path
    if any(value is None for value in kwargs.values()):
        return None
    return Source(**kwargs)


def _synced_folder(r: Reader, report: Report):
    """With a git source, content.pack and content.available name folders of the repository,
    read from its last good revision: the folder kiosk/sync.py's `current` symlink points to,
    resolved now, so that a load never mixes two revisions."""
    from kiosk import paths

    root = (paths.sync_dir() / "current").resolve()

    def folder(node, what):
        name = r.string(node, what)
        if name is None:
            return None
        if not PACK_NAME_RE.match(name):
            report.error(node.loc, f"{what}: with content.source, a folder of the repository like leipziger-osten, not {name!r}")
            return None
        path = root / name
        folder.names[path] = name
        return path

    folder.names = {}
    return folder
