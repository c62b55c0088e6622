"""The hook specifications: everything a plugin can do, in one place.

A plugin implements any of these with `@kiosk.hookimpl`. The host calls each plugin's
implementation separately, in plugin order (`plugins.order` in kiosk.yaml), and a plugin whose
implementation raises is switched off and reported without stopping the others. Unless a hook
says "first result wins", all non-None results are collected into a list.
"""

import pluggy

hookspec = pluggy.HookspecMarker("kiosk")

# -------------------------------------------------------------------------
# start-up: called once per plugin when it is switched on
# -------------------------------------------------------------------------


@hookspec
def kiosk_register_routes(routes):
    """Register the screens this plugin serves.

    `routes` is a validating registry: call `routes.add("offer/<id>", factory)` where `factory`
    takes the kiosk (the running app) and returns a `kiosk.screens.KioskScreen`. A malformed
    pattern, or one another plugin already serves, fails with this plugin's name in the message.
    Returns nothing.
    """


@hookspec
def kiosk_configure(config, settings):
    """Receive this plugin's own block from `plugins.config.<name>` in kiosk.yaml.

    `config` is a dict (empty when kiosk.yaml has no block for the plugin); `settings` is the
    whole `kiosk.settings.Settings`. Raise `kiosk.errors.KioskError` for a wrong value: the plugin
    is then switched off and the message shown. Returns nothing.
    """


# -------------------------------------------------------------------------
# the home screen
# -------------------------------------------------------------------------


@hookspec
def kiosk_home_tiles(pack, now, lang, t):
    """Tiles this plugin puts on the home screen.

    Receives the current `Pack`, the kiosk's time `now` (aware datetime), the language code the
    screen is shown in, and `t(key, **values)` giving an interface string in that language. Returns a list of `kiosk.parts.Tile` (or None). Tiles appear in plugin
    order, each plugin's in the order it returns them.
    """


# -------------------------------------------------------------------------
# items: what other plugins add to an offer, event, place or document
# -------------------------------------------------------------------------


@hookspec
def kiosk_item_codes(item, pack):
    """The QR codes for `item` (an Offer, Event, Place or Document of `pack`).

    Returns a list of `kiosk.parts.Code` (kind, payload): what a phone gets when it scans each.
    """


@hookspec
def kiosk_item_actions(item, pack, t):
    """Buttons to show on the detail screen of `item`, each leading to a route.

    `t(key, **values)` gives an interface string in the screen's language. Returns a list of
    `kiosk.parts.Action` (label in the screen's language, icon, route), e.g. "show on map".
    """


@hookspec
def kiosk_item_widgets(item, pack, kiosk):
    """Widgets to place on the detail screen of `item` (for example the QR codes).

    `kiosk` is the running app (for `kiosk.t()` and the language). Returns a list of Kivy widgets.
    """


# -------------------------------------------------------------------------
# the session: language, idle, reset, content changes
# -------------------------------------------------------------------------


@hookspec
def kiosk_language_changed(lang):
    """The screen switched to language `lang`. Returns nothing."""


@hookspec
def kiosk_content_changed(pack):
    """A new content pack replaced the old one, whole. Returns nothing."""


@hookspec
def kiosk_reset():
    """The visitor left: forget everything of their visit (filters, open cards). Returns nothing."""
