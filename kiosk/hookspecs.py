"""The hook specifications: everything a plugin can do, in one place.

A plugin implements any of these with `@hookimpl` (`from kiosk.api import hookimpl`). The host
calls each plugin's implementation separately, in plugin order (`plugins.order` in kiosk.yaml),
and a plugin whose implementation raises is switched off and reported without stopping the
others. No hook is "first result wins": all non-None results are collected into a list, in
plugin order. docs/plugins.md has a heading, the arguments and an example for every hook.
"""

import pluggy

hookspec = pluggy.HookspecMarker("kiosk")

# -------------------------------------------------------------------------
# start-up: called once per plugin when it is switched on
# -------------------------------------------------------------------------


@hookspec
def kiosk_configure(config, settings):
    """Receive this plugin's own block from `plugins.config.<name>` in kiosk.yaml.

    `config` is a dict (empty when kiosk.yaml has no block for the plugin); `settings` is the
    whole kiosk.yaml as read (read-only). Raise `KioskError` for a wrong value: the plugin is
    then switched off and the message shown. Returns nothing.
    """


@hookspec
def kiosk_content_kinds(kinds):
    """Declare the kinds of content this plugin reads from a pack.

    `kinds` is a validating registry: call `kinds.add(Kind(name, read, file=... | section=...,
    refs=..., check=...))`. A bad name, a file or section another plugin reads, or the shell's
    own files fail with this plugin's name in the message. Returns nothing.
    """


@hookspec
def kiosk_register_routes(routes):
    """Register the screens this plugin serves.

    `routes` is a validating registry: call `routes.add("offer/<id>", factory)` where `factory`
    takes the kiosk and returns a `KioskScreen`. A malformed pattern, or one another plugin
    already serves, fails with this plugin's name in the message. Returns nothing.
    """


@hookspec
def kiosk_commands(commands):
    """Add subcommands to the `kiosk` command line (`kiosk guide ...`).

    `commands` is a validating registry: call `commands.add(name, help, setup, run)` where
    `setup(parser)` adds the command's arguments to an argparse parser and `run(args, context)`
    does the work and returns the exit code; `context` gives the settings, the checked pack and
    the interface strings without opening a window. Returns nothing.
    """


# -------------------------------------------------------------------------
# the home screen and every screen
# -------------------------------------------------------------------------


@hookspec
def kiosk_home_tiles(pack, now, lang, t):
    """Tiles this plugin puts on the home screen.

    Receives the current `Pack` (or None), the kiosk's time `now` (aware, in the pack's zone),
    the language code the screen is shown in, and `t(key, **values)` giving an interface string
    in that language. Returns a list of `Tile` (or None). Tiles appear in plugin order, each
    plugin's in the order it returns them; a tile whose route nobody serves is left out.
    """


@hookspec
def kiosk_screen_widgets(screen, kiosk):
    """Widgets this plugin adds to the action bar of `screen` (a `KioskScreen`, just filled).

    For features every screen shares, such as a speaker button. Called each time a screen is
    shown. Returns a list of Kivy widgets (or None).
    """


# -------------------------------------------------------------------------
# items: what other plugins add to an offer, event, place or document
# -------------------------------------------------------------------------


@hookspec
def kiosk_item_codes(item, pack):
    """The QR codes for `item` (any record of `pack`: an offer, event, place, document ...).

    Returns a list of `Code` (kind, payload): what a phone gets when it scans each.
    """


@hookspec
def kiosk_item_actions(item, pack, t):
    """Buttons to show on the detail screen of `item`, each leading to a route.

    `t(key, **values)` gives an interface string in the screen's language. Returns a list of
    `Action` (label in the screen's language, icon, route), e.g. "show on map"; an action whose
    route nobody serves is left out.
    """


@hookspec
def kiosk_item_widgets(item, pack, kiosk):
    """Widgets to place on the detail screen of `item` (for example the QR codes).

    `kiosk` is the running kiosk (see `kiosk.api.Kiosk`). Returns a list of Kivy widgets.
    """


# -------------------------------------------------------------------------
# the session: language, use, idle, reset, content changes
# -------------------------------------------------------------------------


@hookspec
def kiosk_language_changed(lang):
    """The screen switched to language `lang`: by a visitor, a reset, or a new pack. Returns
    nothing."""


@hookspec
def kiosk_used(use, kiosk):
    """Something a visitor did, for counting: `use` is a `Use` (what, subject, lang); `kiosk`
    the running kiosk (its `now()` for the day and hour, its `state_dir`).

    `what` is one of visit_start, visit_end, screen (subject: the route's first word and, for a
    topic, its category), language (subject: the code), code_shown, guide, speech, or a word a
    plugin chose for `kiosk.record_use`. No visitor is identified. Returns nothing.
    """


@hookspec
def kiosk_content_changed(pack):
    """A new content pack replaced the old one, whole. Returns nothing."""


@hookspec
def kiosk_reset():
    """The visitor left: forget everything of their visit (filters, open cards, sound). Returns
    nothing."""


# -------------------------------------------------------------------------
# administration
# -------------------------------------------------------------------------


@hookspec
def kiosk_admin_widgets(kiosk):
    """Sections this plugin adds to the admin panel (behind the PIN), e.g. usage figures.

    Returns a list of Kivy widgets (or None), each a self-contained section with its own title.
    """
