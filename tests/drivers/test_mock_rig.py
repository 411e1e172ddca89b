"""The one mock rig (drivers.gpio.mock): the board's mock commands and the HIL mock rig run the same
motor simulation, emit a real quadrature encoder's edges, and the scaffolding lives in drivers only."""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path

import pytest

from drivers.gpio.mock import MockGpioBackend, commands, plants

REPO = Path(__file__).resolve().parents[2]


def _wait(condition, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def test_board_commands_turn_the_encoder_with_b_leading(gpio: MockGpioBackend) -> None:
    """Dir/PWM forward: the encoder pins go 00 -> 01 -> 11 -> 10 in (a, b), as a real encoder."""
    a, b = gpio.pin("38", holder="test a"), gpio.pin("40", holder="test b")
    a.set_pull("none")
    b.set_pull("none")
    seen: list[tuple[bool, bool]] = []
    lock = threading.Lock()

    def record(_tick) -> None:
        with lock:
            seen.append((a.get(), b.get()))

    a.watch("both").add_callback(record)
    b.watch("both").add_callback(record)
    started: list = []
    commands.run(gpio, started, "mock_attach_motor",
                 {"pwm": "32", "dir": "36", "encoder_a": "38", "encoder_b": "40", "edges_per_s": 400})
    try:
        assert isinstance(started[0], plants.MotorPlant)
        gpio.pin("36", holder="test dir").set(True)
        gpio.pin("32", holder="test pwm").set_pwm(1.0)
        assert _wait(lambda: len(seen) >= 8)
        gpio.pin("32", holder="test pwm").set_pwm(0.0)
        with lock:
            first = seen[:4]
        assert first == [(False, True), (True, True), (True, False), (False, False)]
    finally:
        for plant in started:
            plant.stop()


def test_reverse_wiring_counts_the_other_way(gpio: MockGpioBackend) -> None:
    levels = {"pwm": 1.0, "dir": 1.0}
    driven: list[tuple[str, bool]] = []
    plant = plants.MotorPlant(lambda p: levels.get(p, 0.0), lambda p, h: driven.append((p, h)),
                              {"pwm": "pwm", "dir": "dir"}, {"a": "A", "b": "B"}, edges_per_s=1, reverse=True)
    plant._emit(True)
    plant._emit(True)
    assert driven == [("A", True), ("B", True)]  # a leads: the reference counts down


def test_hil_mock_rig_builds_the_same_plant_from_its_rig_file() -> None:
    pytest.importorskip("yaml")
    from gpiozero.pins.mock import MockFactory

    from hil.mockrig import wiring as hil_wiring
    from hil.rig import load_rig

    rig = load_rig(REPO / "hil" / "rigs" / "mock.yaml")
    factory = MockFactory(pin_class=hil_wiring.WiredPin)
    wiring = hil_wiring.install(factory, rig)
    try:
        (plant,) = wiring.plants
        assert type(plant) is plants.MotorPlant
        assert plant.edges_per_s == pytest.approx(120 / 60 * 200 * 2)  # max_rpm, ticks/rev, 2 edges a tick
        enc_a, enc_b = factory.pin(19), factory.pin(26)  # header 35, 37
        enc_a.function = enc_b.function = "input"
        a, b, pwm = factory.pin(5), factory.pin(6), factory.pin(13)  # header 29, 31, 33
        for pin in (a, b, pwm):
            pin.function = "output"
        a.state, b.state = True, False
        pwm.frequency = 1000
        pwm.state = 0.5
        assert _wait(lambda: len(enc_a.states) > 4 and len(enc_b.states) > 4)
        assert plant.power() == pytest.approx(0.5)
        # A jumper conducts both ways: 11 -> 13 (GPIO17 -> GPIO27).
        out, inp = factory.pin(17), factory.pin(27)
        inp.function = "input"
        out.function = "output"
        out.state = True
        assert inp.state
    finally:
        wiring.close()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_scaffolding_lives_in_the_drivers_mock_rig_only() -> None:
    """No mock simulation in the shipped board module; the mock rig imports no models and no hil."""
    pi = REPO / "builtin_modules" / "raspberry_pi"
    assert not (pi / "mock_rig.py").exists()
    for path in pi.glob("*.py"):
        assert "class MotorPlant" not in path.read_text() and "QUADRATURE" not in path.read_text(), path
    for path in (REPO / "drivers" / "gpio" / "mock").glob("*.py"):
        bad = {m for m in _imports(path) if m.split(".")[0] in ("builtin_modules", "hil", "viam")}
        assert not bad, f"{path} imports {bad}"
    hil_text = (REPO / "hil" / "mockrig" / "wiring.py").read_text()
    assert "class MotorSim" not in hil_text and "def motor_power" not in hil_text


def test_a_starved_plant_catches_up_on_all_the_real_time() -> None:
    """0.4 s without a wake-up at half power is 0.4 s of motion (1000 edges/s x 0.5 x 0.4 = 200
    edges), not one capped step's: lost simulated time made the speed loops overdrive the motor."""
    levels = {"pwm": 0.5, "dir": 1.0}
    driven: list[tuple[str, bool]] = []
    plant = plants.MotorPlant(lambda p: levels.get(p, 0.0), lambda p, h: driven.append((p, h)),
                              {"pwm": "pwm", "dir": "dir"}, {"a": "A", "b": "B"}, edges_per_s=1000)
    plant.advance(0.4)
    assert 199 <= len(driven) <= 200  # float steps may leave the last edge a hair short


@pytest.mark.parametrize(("time_constant_s", "most"), [(0.0, 30), (0.05, 30 + 1000 * 0.05 + 1)])
def test_a_stop_within_a_starved_gap_ends_the_motion_there(time_constant_s: float, most: float) -> None:
    """The catch-up re-reads the bridge as it goes: a stop on the 30th edge (as a GoFor's goal watch
    does) emits no more, and with inertia the coast after it is the lag's, not the gap's."""
    levels = {"pwm": 1.0, "dir": 1.0}
    driven: list[tuple[str, bool]] = []

    def drive(pin: str, high: bool) -> None:
        driven.append((pin, high))
        if len(driven) == 30:
            levels["pwm"] = 0.0

    plant = plants.MotorPlant(lambda p: levels.get(p, 0.0), drive, {"pwm": "pwm", "dir": "dir"},
                              {"a": "A", "b": "B"}, edges_per_s=1000, time_constant_s=time_constant_s)
    plant.speed = 1000.0  # already at full speed
    plant.advance(2.0)
    assert 30 <= len(driven) <= most
    assert plant.speed == pytest.approx(0.0, abs=1e-6)


def test_a_starved_plant_catches_up_at_the_powers_the_bridge_had_meanwhile() -> None:
    """A thread that wakes 0.3 s late covers the gap at the powers the bridge had during it (0.25 for
    0.2 s, then 1.0: 1000 x (0.05 + 0.1) = 150 edges), not at the one it finds on waking (300): a
    plant starved while a speed loop raised the power ran the motor too fast for that loop."""
    history = {"pwm": [(100.0, 0.25), (100.2, 1.0)], "dir": [(100.0, 1.0)]}

    def level_at(pin: str, when: float) -> float:
        return max(((t, v) for t, v in history.get(pin, []) if t <= when), default=(0.0, 0.0))[1]

    driven: list[tuple[str, bool]] = []
    plant = plants.MotorPlant(lambda p: level_at(p, 1e9), lambda p, h: driven.append((p, h)),
                              {"pwm": "pwm", "dir": "dir"}, {"a": "A", "b": "B"}, edges_per_s=1000,
                              level_at=level_at)
    assert (plant.power_at(100.1), plant.power_at(100.25), plant.power()) == (0.25, 1.0, 1.0)
    plant.advance(0.3, now=100.3)
    assert 149 <= len(driven) <= 150


def test_a_stop_reacting_to_the_catch_up_ends_it_though_the_history_says_powered() -> None:
    """The stop a GoFor's goal watch makes on the 30th caught-up edge is recorded after the gap (the
    history says powered throughout): the catch-up still ends there."""
    history = {"pwm": [(100.0, 1.0)], "dir": [(100.0, 1.0)]}

    def level_at(pin: str, when: float) -> float:
        return max(((t, v) for t, v in history[pin] if t <= when), default=(0.0, 0.0))[1]

    driven: list[tuple[str, bool]] = []

    def drive(pin: str, high: bool) -> None:
        driven.append((pin, high))
        if len(driven) == 30:
            history["pwm"].append((100.5, 0.0))  # "now", after the gap

    plant = plants.MotorPlant(lambda p: level_at(p, 1e9), drive, {"pwm": "pwm", "dir": "dir"},
                              {"a": "A", "b": "B"}, edges_per_s=1000, level_at=level_at)
    plant.advance(0.4, now=100.4)
    assert len(driven) == 30


def test_the_board_plant_reads_the_pins_history(gpio: MockGpioBackend) -> None:
    """On a board's mock pins: a motor stopped before the plant's thread woke still made the motion of
    the time it was powered (the old plant, reading only the present, emitted nothing)."""
    plant = commands.backend_motor(gpio, {"pwm": "32", "dir": "36", "encoder_a": "38", "encoder_b": "40",
                                          "edges_per_s": 1000})  # not started: this test is its clock
    direction, pwm = gpio.pin("36", holder="test dir"), gpio.pin("32", holder="test pwm")
    direction.set(True)
    before_on = time.monotonic()
    pwm.set_pwm(1.0)
    after_on = time.monotonic()
    time.sleep(0.05)  # the motor runs while the plant's thread is starved
    before_off = time.monotonic()
    pwm.set_pwm(0.0)
    after_off = time.monotonic()
    assert (gpio.level_at("32", before_on), gpio.level_at("32", after_on), gpio.level_at("32", before_off),
            gpio.level_at("32", after_off)) == (0.0, 1.0, 1.0, 0.0)
    assert gpio.level("32") == 0.0
    plant.advance(after_off - before_on, now=after_off)
    edges = len(gpio.history("38")) + len(gpio.history("40")) - 2  # less each pin's initial state
    powered_s = (before_off - after_on, after_off - before_on)  # the power was on for between these
    assert 1000 * powered_s[0] - 6 <= edges <= 1000 * powered_s[1] + 6
