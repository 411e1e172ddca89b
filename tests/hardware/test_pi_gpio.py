"""Board, GPIO motor, encoders, servo of ``builtin-raspberry-pi`` through a real server, on mock pins.

One server per test worker serves every test of this file; each test has its own pins and
resources (see PINS), so the tests do not see each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.hardware.conftest import client_for, start_server
from viam.components.board import Board
from viam.components.encoder import Encoder
from viam.components.motor import Motor
from viam.components.servo import Servo
from viam.testing.process import ServerProcess

BOARD = {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi4",
         "attributes": {"pins": [{"name": "di", "pin": "37", "type": "interrupt", "debounce_ms": 30}]}}


def motor(name: str, **attributes: object) -> dict:
    return {"name": name, "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
            "attributes": {"board": "pi", **attributes}}


def encoder(name: str, model: str, **pins: str) -> dict:
    return {"name": name, "api": "rdk:component:encoder", "model": f"rdk:builtin:{model}",
            "attributes": {"board": "pi", "pins": pins}}


COMPONENTS = [
    BOARD,
    motor("m", pins={"dir": "36", "pwm": "32"}, max_rpm=100, pwm_freq=2000),
    motor("flip", pins={"dir": "31", "pwm": "33"}, max_rpm=100, dir_flip=True),
    motor("abp", pins={"a": "3", "b": "5", "pwm": "7"}, max_rpm=60, min_power_pct=0.2, max_power_pct=0.8),
    motor("ab", pins={"a": "15", "b": "16"}, max_rpm=60),
    motor("timed", pins={"dir": "8", "pwm": "10"}, max_rpm=600),
    encoder("enc", "incremental", a="38", b="40"),
    motor("encm", pins={"dir": "18", "pwm": "19"}, encoder="enc", ticks_per_rotation=400, max_rpm=300),
    encoder("senc", "single", i="35"),
    motor("sencm", pins={"a": "21", "b": "22", "pwm": "23"}, encoder="senc", ticks_per_rotation=100),
    {"name": "s", "api": "rdk:component:servo", "model": "rdk:builtin:gpio",
     "attributes": {"board": "pi", "pin": "24", "min_angle_deg": 10, "max_angle_deg": 170,
                    "starting_position_deg": 90}},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_server(tmp_path_factory.mktemp("pi-gpio"), COMPONENTS)
    yield server
    server.stop()


@pytest.fixture
async def hw(server: ServerProcess, connect):
    machine = await client_for(server, connect)
    await machine.wait_ready(*(c["name"] for c in COMPONENTS))
    return machine


async def pin_state(board: Board, pin: str) -> dict:
    return (await board.do_command({"mock_state": {"pin": pin}}))["mock_state"]


async def test_dir_pwm_motor_pins_follow_set_power(hw) -> None:
    machine = hw
    board, m, flip = (Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "m"),
                      Motor.from_robot(machine.client, "flip"))
    pwm = await pin_state(board, "32")
    assert pwm["level"] == 0.0 and pwm["function"] == "output"  # stopped at construction
    await m.set_power(0.4)
    assert (await pin_state(board, "32"))["level"] == pytest.approx(0.4)
    assert (await pin_state(board, "32"))["frequency_hz"] == 2000
    assert (await pin_state(board, "36"))["level"] == 1.0
    assert await m.is_powered() == (True, pytest.approx(0.4))
    await m.set_power(-0.7)
    assert (await pin_state(board, "32"))["level"] == pytest.approx(0.7)
    assert (await pin_state(board, "36"))["level"] == 0.0
    await flip.set_power(0.5)
    assert (await pin_state(board, "31"))["level"] == 0.0  # dir_flip inverts the direction pin
    await m.stop()
    assert (await pin_state(board, "32"))["level"] == 0.0
    assert not await m.is_moving()
    # Board reads see the motor's pins: GetPWM / PWMFrequency through the board API.
    await m.set_power(0.25)
    pin = await board.gpio_pin_by_name("32")
    assert await pin.get_pwm() == pytest.approx(0.25)
    assert await pin.get_pwm_frequency() == 2000


async def test_ab_pwm_and_ab_modes_with_power_limits(hw) -> None:
    machine = hw
    board, abp, ab = (Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "abp"),
                      Motor.from_robot(machine.client, "ab"))
    await abp.set_power(0.1)  # raised to min_power_pct
    assert [(await pin_state(board, p))["level"] for p in ("3", "5", "7")] == [1.0, 0.0, pytest.approx(0.2)]
    await abp.set_power(-1)  # capped at max_power_pct
    assert [(await pin_state(board, p))["level"] for p in ("3", "5", "7")] == [0.0, 1.0, pytest.approx(0.8)]
    # A/B without PWM (rdk basic.go): one side held high, the other PWM of the complement.
    await ab.set_power(0.5)
    assert [(await pin_state(board, p))["level"] for p in ("15", "16")] == [1.0, pytest.approx(0.5)]
    await ab.set_power(-0.3)
    assert [(await pin_state(board, p))["level"] for p in ("15", "16")] == [pytest.approx(0.7), 1.0]
    await ab.stop()
    assert [(await pin_state(board, p))["level"] for p in ("15", "16")] == [0.0, 0.0]


async def test_timed_go_for_without_encoder(hw) -> None:
    machine = hw
    board, m = Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "timed")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await m.go_for(rpm=300, revolutions=1)  # half power for 0.2 s
    elapsed = loop.time() - started
    assert 0.18 <= elapsed < 1.5
    history = (await pin_state(board, "10"))["history"]
    assert pytest.approx(0.5) in history and history[-1] == 0.0
    assert not (await m.get_properties()).position_reporting


async def test_encoder_counts_simulated_edges_and_go_for_stops_at_target(hw) -> None:
    machine = hw
    board, m, enc = (Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "encm"),
                     Encoder.from_robot(machine.client, "enc"))
    # Hand-made quadrature (rdk incremental encoder): a leading counts down, two ticks per cycle.
    for level_a, level_b in ((1, 0), (1, 1), (0, 1), (0, 0)) * 3:
        await board.do_command({"mock_drive": {"pin": "38", "high": bool(level_a)}})
        await board.do_command({"mock_drive": {"pin": "40", "high": bool(level_b)}})
    assert (await enc.get_position())[0] == -6
    for level_a, level_b in ((0, 1), (1, 1), (1, 0), (0, 0)):
        await board.do_command({"mock_drive": {"pin": "38", "high": bool(level_a)}})
        await board.do_command({"mock_drive": {"pin": "40", "high": bool(level_b)}})
    assert (await enc.get_position())[0] == -4
    # A simulated motor (2000 edges/s at full power) turns the encoder from the motor's pins.
    await board.do_command({"mock_attach_motor": {"pwm": "19", "dir": "18", "encoder_a": "38", "encoder_b": "40",
                                                  "edges_per_s": 2000}})
    await m.reset_zero_position(0)
    assert await m.get_position() == 0
    await m.go_for(rpm=120, revolutions=2)
    assert await m.get_position() == pytest.approx(2.0, abs=0.03)
    assert not await m.is_moving()
    await asyncio.sleep(0.1)
    assert await m.get_position() == pytest.approx(2.0, abs=0.03)  # it really stopped
    await m.go_to(rpm=120, position_revolutions=0.5)
    assert await m.get_position() == pytest.approx(0.5, abs=0.03)
    # SetRPM holds a speed from the encoder until stopped: 90 rpm = 1.5 rev/s (60 % of the simulated
    # motor's top speed, so the loop has headroom when a loaded machine starves the simulation).
    await m.set_rpm(90)
    await asyncio.sleep(0.3)
    start, t0 = await m.get_position(), asyncio.get_running_loop().time()
    await asyncio.sleep(1.0)
    speed = (await m.get_position() - start) / (asyncio.get_running_loop().time() - t0)
    assert await m.is_moving() and speed == pytest.approx(1.5, rel=0.25)
    await m.stop()
    assert (await pin_state(board, "19"))["level"] == 0.0


async def test_single_encoder_takes_direction_from_motor(hw) -> None:
    machine = hw
    board, m = Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "sencm")
    await board.do_command({"mock_attach_motor": {"pwm": "23", "a": "21", "b": "22", "encoder_i": "35",
                                                  "edges_per_s": 1000}})
    await m.go_for(rpm=-120, revolutions=1)
    assert await m.get_position() == pytest.approx(-1.0, abs=0.05)


async def test_interrupts_count_edges_with_debounce_and_stream_ticks(hw) -> None:
    machine = hw
    board = Board.from_robot(machine.client, "pi")
    di = await board.digital_interrupt_by_name("di")
    stream = await board.stream_ticks([di])
    # 20 back-to-back edges inside the 30 ms window: 1 counts
    await board.do_command({"mock_pulse": {"pin": "37", "count": 10}})
    assert await di.value() == 1
    await asyncio.sleep(0.1)  # let the debounce window close after the burst
    await board.do_command({"mock_pulse": {"pin": "37", "count": 4, "period_ms": 80}})  # 40 ms apart: all count
    assert await di.value() == 5
    ticks = []
    async for tick in stream:
        ticks.append(tick)
        if len(ticks) == 3:
            break
    await stream.aclose()
    # The burst's first rise, then the spaced pulses' rise and fall (the burst's later edges were bounces).
    assert [t.high for t in ticks] == [True, True, False] and all(t.pin_name == "di" for t in ticks)
    assert ticks[0].time <= ticks[1].time <= ticks[2].time
    with pytest.raises(Exception, match="no digital interrupt named 'nope'"):
        await (await board.digital_interrupt_by_name("nope")).value()


async def test_servo_pulse_width(hw) -> None:
    """rdk servo/gpio: width linear over min..max angle; no frequency_hz: the pin's 800 Hz capped at
    1e6 / (2500 + 50) = 392 Hz; Move clamps."""
    machine = hw
    board, s = Board.from_robot(machine.client, "pi"), Servo.from_robot(machine.client, "s")
    state = await pin_state(board, "24")
    assert state["frequency_hz"] == 392 and state["level"] == pytest.approx(1500e-6 * 392)  # 90 deg in 10..170
    await s.move(170)
    assert (await pin_state(board, "24"))["level"] == pytest.approx(2500e-6 * 392)
    assert await s.get_position() == 170
    await s.move(5)  # clamped to min_angle_deg
    assert (await pin_state(board, "24"))["level"] == pytest.approx(500e-6 * 392)
    assert await s.get_position() == 10
    await s.stop()
    assert (await pin_state(board, "24"))["level"] == 0.0


async def test_gpio_set_get_pwm_frequency_and_unsupported(hw) -> None:
    machine = hw
    board = Board.from_robot(machine.client, "pi")
    pin = await board.gpio_pin_by_name("io17")  # = header pin 11
    await pin.set(True)
    assert await pin.get() is True
    assert (await pin_state(board, "11"))["level"] == 1.0
    assert await pin.get_pwm_frequency() == 800
    await pin.set_pwm_frequency(1000)
    await pin.set_pwm(0.3)
    assert (await pin_state(board, "11"))["frequency_hz"] == 1000
    with pytest.raises(Exception, match="unknown pin '99'"):
        await (await board.gpio_pin_by_name("99")).set(True)
    with pytest.raises(Exception, match="input of board 'pi' digital interrupt 'di'"):
        await (await board.gpio_pin_by_name("37")).set(True)
    with pytest.raises(Exception, match="cannot change its power mode"):
        from viam.components.board.api import PowerMode

        await board.set_power_mode(PowerMode.POWER_MODE_OFFLINE_DEEP)
