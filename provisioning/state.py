"""The provisioning state machine: states, the one transition table, and a generation counter.

The generation increases on every transition; timers and background tasks capture it and do
nothing when it has moved on, so a late callback from an old state can never act on a new one.
"""

from __future__ import annotations

import enum
import logging
import time

log = logging.getLogger(__name__)


class State(enum.Enum):
    STARTING = "starting"  # reading settings, applying saved networks
    ONLINE = "online"  # connected; nothing to do
    OFFLINE = "offline"  # lost connectivity; the offline timer runs
    HOTSPOT = "hotspot"  # provisioning mode: hotspot, captive portal and gRPC API up
    CONNECTING = "connecting"  # hotspot down, joining a network within the connect timeout
    STOPPED = "stopped"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.STARTING: frozenset({State.ONLINE, State.OFFLINE, State.HOTSPOT, State.STOPPED}),
    State.ONLINE: frozenset({State.OFFLINE, State.HOTSPOT, State.STOPPED}),
    State.OFFLINE: frozenset({State.ONLINE, State.HOTSPOT, State.STOPPED}),
    State.HOTSPOT: frozenset({State.CONNECTING, State.ONLINE, State.STOPPED}),
    State.CONNECTING: frozenset({State.ONLINE, State.HOTSPOT, State.STOPPED}),
    State.STOPPED: frozenset(),
}


class InvalidTransition(RuntimeError):
    pass


class StateMachine:
    """Current state, when it was entered, and the generation counter."""

    def __init__(self) -> None:
        self.state = State.STARTING
        self.generation = 0
        self.since = time.monotonic()

    def __repr__(self) -> str:
        return f"StateMachine(state={self.state.value}, generation={self.generation})"

    def go(self, target: State, reason: str) -> int:
        """Move to ``target`` (checked against the table) and return the new generation."""
        if target not in TRANSITIONS[self.state]:
            raise InvalidTransition(f"no transition {self.state.value} -> {target.value} ({reason})")
        log.info("provisioning state %s -> %s: %s", self.state.value, target.value, reason)
        self.state = target
        self.generation += 1
        self.since = time.monotonic()
        return self.generation

    def current(self, generation: int) -> bool:
        return generation == self.generation

    def elapsed_s(self) -> float:
        return time.monotonic() - self.since
