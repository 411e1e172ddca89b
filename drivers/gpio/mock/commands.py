"""The ``mock_*`` DoCommands of a board on mock pins: the test's hands on the wiring.

A board whose backend is a `MockGpioBackend` forwards them here, so tests and the HIL suite can
act as the wiring from outside the module process:

- ``{"mock_drive": {"pin": "37", "high": true}}``: drive an input pin.
- ``{"mock_pulse": {"pin": "37", "count": 10, "period_ms": 20}}``: full low-high-low pulses.
- ``{"mock_state": {"pin": "12"}}``: ``{level, function, frequency_hz, history}`` of a pin.
- ``{"mock_attach_motor": {"pwm": "32", "dir": "36", "a": .., "b": .., "en_high": .., "en_low": ..,
  "encoder_a": "38", "encoder_b": "40", "encoder_i": .., "edges_per_s": 2000, "reverse": false,
  "time_constant_s": 0}}``: a simulated DC motor with an encoder (`plants.MotorPlant`; a time
  constant gives it inertia).
- ``{"mock_attach_ultrasonic": {"trigger": "16", "echo": "18", "distance_m": 1.0}}``: an HC-SR04
  (again for the same trigger: the obstacle moved).
"""

from __future__ import annotations

from typing import Any

from drivers.gpio.mock.backend import MockGpioBackend
from drivers.gpio.mock.plants import DRIVER_ROLES, MotorPlant, UltrasonicPlant

COMMANDS = ("mock_drive", "mock_pulse", "mock_state", "mock_attach_motor", "mock_attach_ultrasonic")


def run(backend: MockGpioBackend, plants: list[Any], command: str, args: dict[str, Any]) -> Any:
    """Run one mock command; plants it starts are appended to ``plants`` (the caller stops them)."""
    if command == "mock_drive":
        backend.drive(args["pin"], bool(args.get("high", True)))
        return {"pin": args["pin"], "high": bool(args.get("high", True))}
    if command == "mock_pulse":
        count = int(args.get("count", 1))
        backend.pulse(args["pin"], count, period_s=float(args.get("period_ms", 0.0)) / 1000.0)
        return {"pin": args["pin"], "pulses": count}
    if command == "mock_state":
        pin = args["pin"]
        return {"level": backend.level(pin), "function": backend.function(pin),
                "frequency_hz": backend.frequency(pin), "history": backend.history(pin)[-50:]}
    if command == "mock_attach_motor":
        plant = backend_motor(backend, args)
        plants.append(plant)
        plant.start()
        return {"attached": True}
    if command == "mock_attach_ultrasonic":
        for plant in plants:
            if isinstance(plant, UltrasonicPlant) and plant.trigger == args["trigger"]:
                plant.distance_m = float(args.get("distance_m", 1.0))  # moved the obstacle
                return {"attached": True}
        plant = backend_ultrasonic(backend, args)
        plants.append(plant)
        plant.start()
        return {"attached": True}
    raise ValueError(f"unknown mock command {command!r} (known: {', '.join(COMMANDS)})")


def backend_motor(backend: MockGpioBackend, args: dict[str, Any]) -> MotorPlant:
    """A motor plant on a backend's pins named as in ``mock_attach_motor``."""

    def level(pin: str) -> float:
        try:
            return float(backend.level(pin))
        except Exception:  # noqa: BLE001 - a pin not opened yet reads as low
            return 0.0

    def level_at(pin: str, when: float) -> float:
        try:
            return backend.level_at(pin, when)
        except Exception:  # noqa: BLE001 - a pin not opened yet reads as low
            return 0.0

    encoder = {"a": args.get("encoder_a"), "b": args.get("encoder_b"), "i": args.get("encoder_i")}
    return MotorPlant(level, backend.drive, {role: args.get(role) for role in DRIVER_ROLES}, encoder,
                      edges_per_s=float(args.get("edges_per_s", 2000.0)), reverse=bool(args.get("reverse", False)),
                      time_constant_s=float(args.get("time_constant_s", 0.0)), level_at=level_at)


def backend_ultrasonic(backend: MockGpioBackend, args: dict[str, Any]) -> UltrasonicPlant:
    """An HC-SR04 plant on a backend's pins named as in ``mock_attach_ultrasonic``."""
    trigger, echo = str(args["trigger"]), str(args["echo"])

    def states() -> list[Any] | None:
        try:
            return backend.raw_pin(trigger).states  # the mock pin's own list: no copy
        except Exception:  # noqa: BLE001 - the trigger pin is not opened yet
            return None

    return UltrasonicPlant(states, lambda high, when: backend.drive(echo, high, when), trigger=trigger,
                           distance_m=float(args.get("distance_m", 1.0)))
