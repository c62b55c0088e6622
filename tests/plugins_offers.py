"""Test helper: the offers plugin's screen module as the kiosk imported it."""

import importlib


def status_line(kiosk, hours):
    # imported by the kiosk when an offer list is first shown; a test may come before that
    return importlib.import_module("kiosk_plugins.offers.screens").status_line(kiosk, hours)
