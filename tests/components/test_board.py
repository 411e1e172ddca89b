"""The fake board through our client (every BoardService RPC) and through the official SDK.

Expected values are rdk's fake board's (components/board/fake/board.go): pins at 0 Hz, any duty,
analogs on a 0..1000 scale (pin "1" loops back writes, other pins count up per read), an
interrupt on pin "0" counts per read, SetPowerMode unimplemented, ``fail_new``.
"""

import asyncio
from datetime import timedelta

import pytest

from tests.conftest import run_sdk_script
from viam.components.board import Board, PowerMode
from viam.errors import InvalidArgumentError, NotSupportedError, ResourceNotFoundError
from viam.resource.names import ResourceName

CONFIG = {"components": [{
    "name": "board1", "api": "rdk:component:board", "model": "rdk:builtin:fake",
    "attributes": {
        "analogs": [{"name": "a1", "pin": "32", "value": 512}, {"name": "a2", "pin": 33},
                    {"name": "a3", "pin": "1"}, {"name": "a4"}],
        "digital_interrupts": [{"name": "di8", "pin": "8"}, {"name": "di11", "pin": "11"},
                               {"name": "di0", "pin": "0"}],
        "random_tick_interval_ms": 0,  # ours: only driven edges, so the tick tests below are exact
    },
}]}


async def _board(start_machine, connect) -> Board:
    robot = await connect(await start_machine(CONFIG))
    return Board.from_robot(robot, "board1")


async def _errors(robot) -> dict[str, str]:
    status = await robot.get_machine_status()
    return {s.name.name: s.error for s in status.resources}


async def test_gpio_and_pwm_state_is_kept_per_pin(start_machine, connect):
    board = await _board(start_machine, connect)
    pin7, pin12 = await board.gpio_pin_by_name("7"), await board.gpio_pin_by_name("12")
    assert not await pin7.get()
    await pin7.set(True)
    assert await pin7.get() and not await pin12.get()
    await pin12.set_pwm(0.25)
    assert await pin12.get_pwm() == pytest.approx(0.25)
    assert await pin7.get_pwm() == 0
    assert await pin12.get_pwm_frequency() == 0, "the reference fake's pins start at 0 Hz"
    await pin12.set_pwm_frequency(1600)
    assert await pin12.get_pwm_frequency() == 1600
    assert await pin7.get_pwm_frequency() == 0
    await pin12.set(False)
    assert await pin12.get_pwm() == 0, "driving a pin ends its PWM"
    assert await pin12.get_pwm_frequency() == 0, "and clears its frequency (the reference's Set)"
    await pin12.set_pwm(1.5)  # stored as given, as the reference's
    assert await pin12.get_pwm() == 1.5


async def test_analogs_read_configured_values_and_loop_back_writes(start_machine, connect):
    board = await _board(start_machine, connect)
    a1, a2 = await board.analog_by_name("a1"), await board.analog_by_name("a2")
    reading = await a1.read()
    assert reading.value == 512  # ours: a configured value holds
    assert (reading.min_range, reading.max_range, reading.step_size) == (0, 1000, 1)
    # The reference's analog on any pin but "1" counts 1, 2, 3 ... per read; a write is overwritten.
    assert [(await a2.read()).value for _ in range(3)] == [1, 2, 3]
    await a2.write(100)
    assert (await a2.read()).value == 4
    assert [(await (await board.analog_by_name("a4")).read()).value for _ in range(2)] == [1, 2]
    # On pin "1" it reads back what was written (0 at first), any value.
    a3 = await board.analog_by_name("a3")
    assert (await a3.read()).value == 0
    await a3.write(100)
    assert (await a3.read()).value == 100
    await a3.write(5000)
    assert (await a3.read()).value == 5000
    await a1.write(7)
    assert (await a1.read()).value == 7
    missing = await board.analog_by_name("nope")
    expected = r"board 'board1' has no analog named 'nope' \(available: 'a1', 'a2', 'a3', 'a4'\)"
    with pytest.raises(ResourceNotFoundError, match=expected):
        await missing.read()
    with pytest.raises(ResourceNotFoundError, match="no analog named 'nope'"):
        await missing.write(1)
    for name, reading in (("a2", 4), ("a3", 5000)):
        assert (await board.get_status())["analogs"][name] == reading


async def test_gpio_edges_drive_interrupt_counts(start_machine, connect):
    board = await _board(start_machine, connect)
    di8 = await board.digital_interrupt_by_name("di8")
    pin8 = await board.gpio_pin_by_name("8")
    assert await di8.value() == 0
    for level in (True, True, False, True, False):
        await pin8.set(level)
    assert await di8.value() == 2, "two low->high edges; a repeated high is not an edge"
    assert await (await board.digital_interrupt_by_name("di11")).value() == 0
    with pytest.raises(ResourceNotFoundError, match="no digital interrupt named 'di9'.*'di0', 'di11', 'di8'"):
        await (await board.digital_interrupt_by_name("di9")).value()
    di0 = await board.digital_interrupt_by_name("di0")
    assert [await di0.value() for _ in range(3)] == [1, 2, 3], "the reference's interrupt on pin 0 counts per read"
    status = await board.get_status()
    assert status["digital_interrupts"] == {"di8": 2, "di11": 0, "di0": 3}
    assert status["analogs"] == {"a1": 512, "a2": 0, "a3": 0, "a4": 0}


async def test_stream_ticks_delivers_ticks_of_the_requested_interrupts(start_machine, connect):
    board = await _board(start_machine, connect)
    di8, di11 = await board.digital_interrupt_by_name("di8"), await board.digital_interrupt_by_name("di11")
    pin8, pin11, pin7 = [await board.gpio_pin_by_name(p) for p in ("8", "11", "7")]
    stream = await board.stream_ticks([di8])
    other = await board.stream_ticks([di8, di11])
    try:
        await pin8.set(True)
        await pin11.set(True)  # not subscribed by `stream`
        await pin7.set(True)  # no interrupt on this pin
        await pin8.set(False)
        first = await asyncio.wait_for(anext(stream), 5)
        second = await asyncio.wait_for(anext(stream), 5)
        assert (first.pin_name, first.high, second.pin_name, second.high) == ("di8", True, "di8", False)
        assert 0 < first.time <= second.time
        seen = [await asyncio.wait_for(anext(other), 5) for _ in range(3)]
        assert [(t.pin_name, t.high) for t in seen] == [("di8", True), ("di11", True), ("di8", False)]
    finally:
        await stream.aclose()
        await other.aclose()


async def test_stream_ticks_sends_the_reference_random_ticks(start_machine, connect):
    """rdk's fake board: every 700 ms a tick of random level per streamed interrupt, stamped in whole
    Unix seconds (its TimestampNanosec quirk)."""
    import time

    robot = await connect(await start_machine({"components": [{
        "name": "b", "api": "rdk:component:board", "model": "rdk:builtin:fake",
        "attributes": {"digital_interrupts": [{"name": "d1", "pin": "3"}, {"name": "d2", "pin": "5"}]}}]}))
    board = Board.from_robot(robot, "b")
    stream = await board.stream_ticks([await board.digital_interrupt_by_name(n) for n in ("d1", "d2")])
    try:
        started = time.monotonic()
        ticks = [await asyncio.wait_for(anext(stream), 10) for _ in range(4)]
        assert time.monotonic() - started >= 1.4 - 0.05, "two rounds of 700 ms"
    finally:
        await stream.aclose()
    assert sorted(t.pin_name for t in ticks) == ["d1", "d1", "d2", "d2"]
    assert all(isinstance(t.high, bool) and abs(t.time - time.time()) < 60 for t in ticks), ticks


async def test_stream_ticks_rejects_unknown_interrupts(start_machine, connect):
    board = await _board(start_machine, connect)
    with pytest.raises(ResourceNotFoundError, match="no digital interrupt named 'ghost'"):
        await board.stream_ticks([await board.digital_interrupt_by_name("ghost")])
    with pytest.raises(InvalidArgumentError, match="at least one digital interrupt"):
        await board.stream_ticks([])


async def test_closing_a_stream_unsubscribes_on_the_server(start_machine, connect):
    machine = await start_machine(CONFIG)
    board = Board.from_robot(await connect(machine), "board1")
    stream = await board.stream_ticks([await board.digital_interrupt_by_name("di8")])
    await stream.aclose()
    status = await board.get_status()
    assert status["digital_interrupts"]["di8"] == 0
    # The server learns of the cancellation asynchronously; it must drop the subscriber.
    fake = machine.resource(ResourceName(Board.API, "board1"))
    for _ in range(100):
        if not fake._subscribers:
            break
        await asyncio.sleep(0.02)
    assert not fake._subscribers


async def test_power_mode_do_command_and_geometries(start_machine, connect):
    board = await _board(start_machine, connect)
    for mode in (PowerMode.POWER_MODE_OFFLINE_DEEP, PowerMode.POWER_MODE_NORMAL):
        with pytest.raises(NotSupportedError, match="SetPowerMode is not implemented by a fake board"):
            await board.set_power_mode(mode, timedelta(seconds=5))  # the reference: UNIMPLEMENTED
    assert await board.do_command({"x": [1, "two"], "y": {"z": True}}) == {"x": [1, "two"], "y": {"z": True}}
    assert await board.get_geometries() == []


async def test_unknown_board_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no board named 'nope'"):
        Board.from_robot(robot, "nope")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"analogs": {"a": 1}}, "components[0].attributes.analogs: analogs must be a list"),
    ({"analogs": [{"name": "a", "pin": "1", "value": "big"}]}, "components[0].attributes.analogs[0].value"),
    ({"fail_new": True}, "components[0].attributes.fail_new: whoops"),
    ({"analogs": [{"pin": "1"}]}, "components[0].attributes.analogs[0].name: name must be a non-empty string"),
    ({"digital_interrupts": [{"name": "d", "pin": "1"}, {"name": "d", "pin": "2"}]},
     "components[0].attributes.digital_interrupts[1].name: duplicate name 'd'"),
    ({"digital_interrupts": [{"name": "d"}]}, "components[0].attributes.digital_interrupts[0].pin"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:board", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    assert expected in (await _errors(robot))["bad"]


@pytest.mark.sdk
def test_fake_board_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "board.py", server.address).strip().endswith("ok")
