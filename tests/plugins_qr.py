"""Test helper: the qr plugin's module as the kiosk imported it."""

import importlib


def _module(name):
    """kiosk_plugins.qr.<name>, imported now if the kiosk has not needed it yet (the kiosk
    fixture must have loaded the plugin)."""
    return importlib.import_module(f"kiosk_plugins.qr.{name}")


def matrix(payload):
    return _module("widgets").matrix(payload)


def texture(payload):
    return _module("widgets").texture(payload)
