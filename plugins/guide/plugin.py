"""Hooks of the guide plugin: `kiosk guide`, the guide's code near the documents, printing."""

from __future__ import annotations

from kiosk.api import KioskError, Kind, hookimpl, on_first_use

from .content import read_guide
from .printing import PRINTING


@hookimpl
def kiosk_content_kinds(kinds):
    # `guide:` in pack.yaml: where the printed guide can be downloaded (optional)
    kinds.add(Kind(name="guide", section="guide", read=read_guide, label="guide"))


@hookimpl
def kiosk_configure(config, settings):
    unknown = set(config) - {"printer", "size", "lp"}
    if unknown:
        raise KioskError(f"plugins.config.guide: unknown key(s) {', '.join(sorted(unknown))} (known: printer, size, lp)")
    printer = config.get("printer")
    if printer is not None and (not isinstance(printer, str) or not printer.strip()):
        raise KioskError("plugins.config.guide.printer is the CUPS name of the centre's printer")
    size = config.get("size", "a4")
    if size not in ("a4", "a5"):
        raise KioskError(f"plugins.config.guide.size is a4 or a5, not {size!r}")
    lp = config.get("lp", "lp")
    if not isinstance(lp, str):
        raise KioskError("plugins.config.guide.lp is the lp program's name or path")
    PRINTING.configure(printer, size, lp)


@hookimpl
def kiosk_register_routes(routes):
    # its module (with segno) is imported when the guide's code is first shown, not at every start
    routes.add("guide", on_first_use(__package__ + ".screens", "GuideCodeScreen"))


@hookimpl
def kiosk_screen_widgets(screen, kiosk):
    """On the list of documents: a button to the guide's code, when the pack names its address."""
    from .content import guide_url

    if screen.plugin != "documents" or screen.params.get("id") or not guide_url(kiosk.pack, kiosk.lang):
        return None
    from .screens import guide_button

    return [guide_button(kiosk)]


@hookimpl
def kiosk_admin_widgets(kiosk):
    from .screens import PrintSection

    return [PrintSection(kiosk=kiosk)]


@hookimpl
def kiosk_commands(commands):
    from .command import run_guide, setup_guide

    commands.add("guide", "write the printed guide as a PDF (one language, or all into a folder)",
                 setup_guide, run_guide)
