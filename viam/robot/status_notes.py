"""What GetMachineStatus says about a READY resource that is not what it seems.

A board on mock GPIO pins serves every call and nothing on the header moves: that must be
visible where a user looks (the resource's status), not only in a start-up warning. The note
goes in the ``error`` text of the READY entry, the one free-text field ResourceStatus has.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from viam.config.model import ResourceConfig

BOARD_API = "rdk:component:board"
GPIO_BOARD_FAMILY = "viam:raspberry-pi:"  # the boards that drive the header through gpiozero pins
PIN_FACTORY_ENV = "GPIOZERO_PIN_FACTORY"


def mock_pins_source(config: ResourceConfig, environ: Mapping[str, str] | None = None) -> str:
    """Who asked for mock pins for this board (``pin_factory`` first, as the board chooses), or ''."""
    if str(config.api) != BOARD_API or not str(config.model).startswith(GPIO_BOARD_FAMILY):
        return ""
    asked = config.attributes.get("pin_factory")
    if isinstance(asked, str) and asked.strip():
        return 'config attribute pin_factory "mock"' if asked.strip().lower() == "mock" else ""
    env = os.environ if environ is None else environ
    return f"{PIN_FACTORY_ENV}=mock" if env.get(PIN_FACTORY_ENV, "").strip().lower() == "mock" else ""


def status_note(config: ResourceConfig | None, environ: Mapping[str, str] | None = None) -> str:
    """The note of a READY resource ('' for most)."""
    if config is None:
        return ""
    source = mock_pins_source(config, environ)
    if source:
        return f"mock GPIO pins (asked for by {source}): nothing on the header is driven"
    return ""
