"""Hooks of the qr plugin: the codes of an item, and the panel that shows them."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_item_codes(item, pack):
    from .payloads import codes_for

    return codes_for(item, pack)


@hookimpl
def kiosk_item_widgets(item, pack, kiosk):
    from .widgets import CodePanel

    codes = kiosk.item_codes(item)  # every plugin's codes, this one's included
    for code in codes:
        kiosk.record_use("code_shown", code.kind)  # counted, for the usage figures (stats)
    return [CodePanel(codes=codes, kiosk=kiosk)] if codes else None
