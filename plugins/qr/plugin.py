"""Hooks of the qr plugin: the codes of an item, and the panel that shows them."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_item_codes(item, pack):
    from .payloads import codes_for

    return codes_for(item, pack)


@hookimpl
def kiosk_item_widgets(item, pack, kiosk):
    from .payloads import codes_for
    from .widgets import CodePanel

    codes = codes_for(item, pack)
    return [CodePanel(codes=codes, kiosk=kiosk)] if codes else None
