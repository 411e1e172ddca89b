"""Loads the HIL plugin (`--rig`, feature gating, measurements) for `pytest hil ...`."""

from __future__ import annotations

import sys
from pathlib import Path

# `hil` is not an installed package: make the repository root importable when pytest is run
# as `pytest hil` (python -m pytest already has it on sys.path).
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from hil.fixtures import *  # noqa: E402,F401,F403 - fixtures
from hil.plugin import *  # noqa: E402,F401,F403 - hooks and fixtures
