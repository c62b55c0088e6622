"""Test helper: the stats plugin's modules, imported as the kiosk imports them."""

import importlib
import importlib.util
import sys
import types

from conftest import ROOT

NAME = "kiosk_plugins.stats"


def module(name):
    """kiosk_plugins.stats.<name>, imported as the plugin host does (which then finds it)."""
    if NAME not in sys.modules:
        if "kiosk_plugins" not in sys.modules:
            namespace = types.ModuleType("kiosk_plugins")
            namespace.__path__ = []
            sys.modules["kiosk_plugins"] = namespace
        folder = ROOT / "plugins" / "stats"
        spec = importlib.util.spec_from_file_location(NAME, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])
        package = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = package
        spec.loader.exec_module(package)
        importlib.import_module(f"{NAME}.plugin")  # its hooks; they load no Kivy
    return importlib.import_module(f"{NAME}.{name}")
