"""`kiosk import SOURCE ...`: make a content pack from where the content already exists."""

from __future__ import annotations

import importlib

# source name -> module under kiosk/importers/, each with add_parser(sources) and run(args)
SOURCES = {"integreat": "integreat"}


def add_parser(sub, common) -> None:
    cmd = sub.add_parser("import", parents=[common], help="make a content pack from another platform's public content")
    sources = cmd.add_subparsers(dest="source", metavar="SOURCE", required=True)
    for module in SOURCES.values():
        importlib.import_module(f"kiosk.importers.{module}").add_parser(sources)


def run(args) -> int:
    return importlib.import_module(f"kiosk.importers.{SOURCES[args.source]}").run(args)
