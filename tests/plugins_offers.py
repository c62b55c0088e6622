"""Test helper: the offers plugin's screen module as the kiosk imported it."""

import sys


def status_line(kiosk, hours):
    return sys.modules["kiosk_plugins.offers.screens"].status_line(kiosk, hours)
