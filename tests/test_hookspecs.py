"""Every hook is documented, prefixed, and exercised by the suite (as datasette checks its own)."""

from __future__ import annotations

import inspect
from pathlib import Path

from kiosk import hookspecs

HOOKS = [name for name, f in vars(hookspecs).items() if inspect.isfunction(f) and hasattr(f, "kiosk_spec")]


def test_hooks_are_prefixed_and_documented():
    assert HOOKS
    for name in HOOKS:
        assert name.startswith("kiosk_")
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Returns" in doc or "Return" in doc, f"{name}: say what it returns"


def test_every_hook_is_used_by_the_shell_or_a_plugin():
    sources = "\n".join(p.read_text() for p in Path(hookspecs.__file__).parent.parent.rglob("*.py")
                        if ".venv" not in p.parts and p.name != "hookspecs.py" and "tests" not in p.parts)
    unused = [h for h in HOOKS if f'"{h}"' not in sources and f"def {h}(" not in sources]
    assert not unused, unused
