"""The same models without a server: constructed in-process on mock pins, for the fine-grained
cases (decoding tables, pin bookkeeping, close order) that would be slow through processes."""

from __future__ import annotations

import pytest

from builtin_modules.common import local
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.encoder import IncrementalEncoder, SingleEncoder
from builtin_modules.raspberry_pi.motor import GpioMotor
from viam.config.model import ResourceConfig
from viam.errors import ConfigError
from viam.resource.names import API, Model, ResourceName


def config(name: str, api: str, model: str, **attributes: object) -> ResourceConfig:
    return ResourceConfig(name=name, api=API.component(api), model=Model.parse(model), attributes=attributes,
                          json_path=f"components[{name}]")


@pytest.fixture
async def board(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "mock")
    pi = await PiBoard.new(config("inproc-pi", "board", "viam:raspberry-pi:rpi"), {})
    yield pi
    await pi.close()
    assert local.lookup("board", "inproc-pi", PiBoard) is None


async def test_quadrature_decoding_counts_as_the_reference(board: PiBoard) -> None:
    """rdk incremental_test.go: B then A rising is +1, A then B rising is -1; one full cycle is +-2."""
    enc = await IncrementalEncoder.new(config("inproc-enc", "encoder", "rdk:builtin:incremental", board="inproc-pi",
                                              pins={"a": "38", "b": "40"}), {})
    backend = board.backend
    backend.drive("40", True)  # type: ignore[attr-defined]
    backend.drive("38", True)  # type: ignore[attr-defined]
    assert enc.ticks == 1 and enc.raw_position == 2  # the reference's "run forward"
    backend.drive("40", False)  # type: ignore[attr-defined]
    backend.drive("38", False)  # type: ignore[attr-defined]
    assert enc.ticks == 2 and enc.missed == 0  # one cycle with B leading: +2
    for a, b in ((1, 0), (1, 1), (0, 1), (0, 0)) * 2:  # two cycles with A leading: -4
        backend.drive("38", bool(a))  # type: ignore[attr-defined]
        backend.drive("40", bool(b))  # type: ignore[attr-defined]
    assert enc.ticks == -2
    backend.drive("38", True)  # type: ignore[attr-defined]  # half-tick -1: floor(-5 / 2)
    assert enc.ticks == -3 and enc.raw_position == -5
    await enc.reset_position()
    assert enc.ticks == 0 and enc.raw_position == 1  # the reference keeps the half-tick phase
    # The board made interrupts on demand for the encoder's pins and frees them with it.
    assert board.backend.holder_of("38") == "board 'inproc-pi' digital interrupt '38'"
    await enc.close()
    assert board.backend.holder_of("38") is None


async def test_encoder_on_declared_interrupts_by_name_or_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encoder pins may be the board's interrupt names, or pins the board declares as interrupts."""
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "mock")
    pi = await PiBoard.new(config("di-pi", "board", "viam:raspberry-pi:rpi4", pins=[
        {"name": "ea", "pin": "38", "type": "interrupt"}, {"name": "eb", "pin": "40", "type": "interrupt"},
        {"name": "ei", "pin": "35", "type": "interrupt"}]), {})
    try:
        by_name = await IncrementalEncoder.new(config("e1", "encoder", "rdk:builtin:incremental", board="di-pi",
                                                      pins={"a": "ea", "b": "eb"}), {})
        by_pin = await IncrementalEncoder.new(config("e2", "encoder", "rdk:builtin:incremental", board="di-pi",
                                                     pins={"a": "38", "b": "40"}), {})  # no PinInUse
        single = await SingleEncoder.new(config("e3", "encoder", "rdk:builtin:single", board="di-pi",
                                                pins={"i": "ei"}), {})
        pi.backend.drive("40", True)  # type: ignore[attr-defined]
        pi.backend.drive("38", True)  # type: ignore[attr-defined]
        pi.backend.pulse("35", 3)  # type: ignore[attr-defined]
        assert (by_name.ticks, by_pin.ticks, single.ticks) == (1, 1, 6)  # single: both edges, no motor: +1
        for enc in (by_name, by_pin, single):
            await enc.close()
        assert pi.backend.holder_of("38") == "board 'di-pi' digital interrupt 'ea'"  # configured: stays
    finally:
        await pi.close()


async def test_motor_is_stopped_before_its_board_closes(board: PiBoard) -> None:
    motor = await GpioMotor.new(config("inproc-m", "motor", "rdk:builtin:gpio", board="inproc-pi",
                                       pins={"dir": "36", "pwm": "32"}, max_rpm=60), {})
    await motor.set_power(0.6)
    assert board.backend.level("32") == pytest.approx(0.6)  # type: ignore[attr-defined]
    history = board.backend.raw_pin("32").states  # type: ignore[attr-defined]
    await board.close()  # the motor is still open: the board stops it first
    assert history[-1].state == 0 and motor.power == 0


async def test_remote_board_dependency_is_used_through_the_board_api() -> None:
    from viam.components.board.fake import FakeBoard

    fake = FakeBoard("elsewhere")
    motor = await GpioMotor.new(config("remote-m", "motor", "rdk:builtin:gpio", board="elsewhere",
                                       pins={"a": "11", "b": "13", "pwm": "12"}, max_rpm=60),
                                {ResourceName(API.component("board"), "elsewhere"): fake})
    await motor.set_power(-0.5)
    assert (fake.pin_state("11").high, fake.pin_state("13").high, fake.pin_state("12").duty_cycle) == (
        False, True, 0.5)
    await motor.close()
    assert fake.pin_state("12").duty_cycle == 0


@pytest.mark.parametrize("attributes, path", [
    ({"pins": {"a": "11", "b": "11"}, "max_rpm": 1}, "components[m].attributes.pins.b"),
    ({"pins": {"dir": "36", "pwm": "sda"}, "encoder": "e"}, "components[m].attributes.ticks_per_rotation"),
    ({"pins": {"a": "11", "pwm": "32"}, "max_rpm": 1}, "components[m].attributes.pins"),
    ({"pins": {"dir": "36"}, "max_rpm": 1}, "components[m].attributes.pins"),
    ({"pins": {"dir": "36", "pwm": "32"}, "max_rpm": 1, "max_power_pct": 0.05},
     "components[m].attributes.max_power_pct"),
    ({"pins": {"dir": "36", "pwm": "32"}, "max_rpm": -5}, "components[m].attributes.max_rpm"),
    ({"pins": "36"}, "components[m].attributes.pins"),
])
def test_motor_config_errors_carry_the_json_path(attributes: dict, path: str) -> None:
    with pytest.raises(ConfigError) as caught:
        GpioMotor.validate_config(config("m", "motor", "rdk:builtin:gpio", board="pi", **attributes))
    assert caught.value.path == path


def test_motor_validation_declares_board_and_encoder_dependencies() -> None:
    deps, optional = GpioMotor.validate_config(config("m", "motor", "rdk:builtin:gpio", board="pi",
                                                      pins={"dir": "36", "pwm": "32"}, encoder="e",
                                                      ticks_per_rotation=10))
    assert (list(deps), list(optional)) == (["pi", "e"], [])


async def test_closed_loop_move_without_motion_fails_as_stalled(board: PiBoard, monkeypatch) -> None:
    from builtin_modules.common.errors import MotorStalled
    from builtin_modules.raspberry_pi import motor as motor_module

    monkeypatch.setattr(motor_module, "STALL_TIMEOUT_S", 0.2)
    enc = await IncrementalEncoder.new(config("stall-enc", "encoder", "rdk:builtin:incremental", board="inproc-pi",
                                              pins={"a": "38", "b": "40"}), {})
    motor = await GpioMotor.new(config("stall-m", "motor", "rdk:builtin:gpio", board="inproc-pi",
                                       pins={"dir": "36", "pwm": "32"}, encoder="stall-enc",
                                       ticks_per_rotation=100), {})
    with pytest.raises(MotorStalled, match="no motion for 0.2 s"):
        await motor.go_for(60, 1)  # nothing turns the encoder
    assert motor.power == 0 and board.backend.level("32") == 0  # type: ignore[attr-defined]
    await motor.close()
    await enc.close()


async def test_encoder_needs_its_board_in_this_process() -> None:
    from builtin_modules.common.errors import BoardNotLocal
    from viam.components.board.fake import FakeBoard

    with pytest.raises(BoardNotLocal, match="needs its board 'elsewhere' in the same module process"):
        await IncrementalEncoder.new(config("far-enc", "encoder", "rdk:builtin:incremental", board="elsewhere",
                                            pins={"a": "38", "b": "40"}),
                                     {ResourceName(API.component("board"), "elsewhere"): FakeBoard("elsewhere")})
