"""Test helper: the qr plugin's module as the kiosk imported it."""

import sys


def _module(name):
    return sys.modules[f"kiosk_plugins.qr.{name}"]


def matrix(payload):
    return _module("widgets").matrix(payload)


def texture(payload):
    return _module("widgets").texture(payload)
