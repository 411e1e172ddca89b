"""Remote parts: three real servers on loopback: prefixes, clashes, chains, both directions, outages."""

import asyncio
import socket
import time

import grpc
import pytest

from viam.components.motor import Motor
from viam.errors import UnavailableError
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.testing.ports import free_port  # noqa: F401 - re-exported to the tests

FAST = {"connection_check_interval": "300ms", "reconnect_interval": "100ms"}


def motors(*names, **extra):
    return {"components": [{"name": n, "api": "rdk:component:motor", "model": "fake"} for n in names], **extra}


def remote(name, address, **kwargs):
    return {"name": name, "address": address, "insecure": True, **FAST, **kwargs}


async def wait_for(predicate, timeout_s=10.0, what="condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def names_of(robot):
    await robot.refresh()
    return sorted(n.name for n in robot.resource_names)




async def test_prefix_clash_and_chain(viam_server, start_machine, connect):
    c = viam_server(motors("cm", "shared"), name="C")
    b = viam_server(motors("bm", "shared", remotes=[remote("c", c.address, prefix="c-")]), name="B")
    a = await start_machine(motors("bm", remotes=[remote("b", b.address), remote("c", c.address)]))
    robot = await connect(a)
    expected = ["bm", "c-cm", "c-shared", "cm"]
    assert await wait_for(lambda: _eq(names_of(robot), expected), what=f"names {expected}")

    # A call through A reaches C through B under its prefixed name (chain A -> B -> C).
    await Motor.from_robot(robot, "c-cm").set_power(0.5)
    robot_c = await connect(c.address)
    assert await Motor.from_robot(robot_c, "cm").is_moving()
    # The local 'bm' wins the clash: powering it does not touch B's.
    await Motor.from_robot(robot, "bm").set_power(0.5)
    robot_b = await connect(b.address)
    assert not await Motor.from_robot(robot_b, "bm").is_moving()

    status = await robot.get_machine_status()
    by_name = {(s.name.name, s.remote): s for s in status.resources}
    assert by_name[("bm", "b")].reachability == pb.ResourceStatus.REACHABILITY_SHADOWED_BY_LOCAL
    shared = [s for s in status.resources if s.name.name == "shared"]
    assert shared and shared[0].reachability == pb.ResourceStatus.REACHABILITY_AMBIGUOUS_REMOTE
    assert "configure a 'prefix'" in shared[0].error


async def _eq(coro, expected):
    return (await coro) == expected


async def test_both_directions_do_not_loop(viam_server, start_machine, connect):
    port = free_port()
    a_address = f"127.0.0.1:{port}"
    b = viam_server(motors("bm", remotes=[remote("a", a_address)]), name="B")
    a = await start_machine(motors("am", remotes=[remote("b", b.address)], network={"bind_address": a_address}))
    robot_a = await connect(a)
    robot_b = await connect(b.address)
    await wait_for(lambda: _eq(names_of(robot_a), ["am", "bm"]), what="A sees B")
    await wait_for(lambda: _eq(names_of(robot_b), ["am", "bm"]), what="B sees A")
    await asyncio.sleep(1.0)  # several check intervals: nothing echoes back or multiplies
    assert await names_of(robot_a) == ["am", "bm"]
    assert await names_of(robot_b) == ["am", "bm"]
    await Motor.from_robot(robot_b, "am").set_power(0.3)
    assert await Motor.from_robot(robot_a, "am").is_moving()


async def test_outage_fails_fast_and_recovers_without_reconfigure(viam_server, start_machine, connect, tmp_path):
    port = free_port()
    b_config = motors("bm", network={"bind_address": f"127.0.0.1:{port}"})
    b = viam_server(b_config, name="B")
    a = await start_machine(motors("am", remotes=[remote("b", b.address)]))
    robot = await connect(a)
    await wait_for(lambda: _eq(names_of(robot), ["am", "bm"]), what="remote names")
    bm = Motor.from_robot(robot, "bm")
    await bm.set_power(0.2)

    b.proc.kill()  # kill -9
    b.proc.wait()
    await wait_for(lambda: _remote_down(robot), what="remote marked disconnected")
    durations = []
    for _ in range(3):  # best of three: a loaded CI machine can stall any single call
        start = time.perf_counter()
        with pytest.raises(UnavailableError, match=f"not connected to remote robot at 127.0.0.1:{port}"):
            await bm.is_moving()
        durations.append(time.perf_counter() - start)
    assert min(durations) < 0.1, f"calls during an outage fail fast: {durations}"
    await Motor.from_robot(robot, "am").set_power(0.1)  # local resources keep working
    assert "bm" in await names_of(robot), "the remote's resources stay listed while it is down"

    viam_server(b_config, name="B-again")
    await wait_for(lambda: _callable(bm), timeout_s=10, what="calls through the remote work again")
    status = await robot.get_machine_status()
    assert [s.reachability for s in status.resources if s.name.name == "bm"] == [
        pb.ResourceStatus.REACHABILITY_REACHABLE]


async def _remote_down(robot):
    status = await robot.get_machine_status()
    return any(s.reachability == pb.ResourceStatus.REACHABILITY_REMOTE_DISCONNECTED for s in status.resources)


async def _callable(motor):
    try:
        await motor.is_moving()
        return True
    except UnavailableError:
        return False


async def test_down_remote_does_not_delay_start(start_machine, connect):
    # A remote that accepts and never answers holds a start that waits for it for the whole
    # connect timeout (20 s here); compared with a same-run start without the remote, so that a
    # loaded machine's slowness cancels out.
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(16)
    try:
        await start_machine(motors("warm-up"))  # the first start in a process pays one-off costs
        started = time.perf_counter()
        await start_machine(motors("baseline"))
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        a = await start_machine(motors("am", remotes=[remote("gone", f"127.0.0.1:{blackhole.getsockname()[1]}",
                                                             connection_check_interval="20s")]))
        took = time.perf_counter() - started
    finally:
        blackhole.close()
    assert took < baseline + 8.0, f"start took {took:.1f}s with a silent remote, {baseline:.1f}s without"
    robot = await connect(a)
    await Motor.from_robot(robot, "am").set_power(0.1)
    assert await names_of(robot) == ["am"]


async def test_remote_with_api_key(viam_server, start_machine, connect):
    key_id, key = "8f5f1a40-3b7e-4a8e-9d59-0c8c2f6b2a11", "remote-secret"
    b = viam_server(motors("bm", auth={"handlers": [{"type": "api-key", "config": {key_id: key, "keys": [key_id]}}]}),
                  name="B")
    creds = {"entity": key_id, "credentials": {"type": "api-key", "payload": key}}
    a = await start_machine(motors("am", remotes=[remote("b", b.address, auth=creds, prefix="b-")]))
    robot = await connect(a)
    await wait_for(lambda: _eq(names_of(robot), ["am", "b-bm"]), what="authenticated remote names")
    await Motor.from_robot(robot, "b-bm").set_power(0.4)
    assert (await Motor.from_robot(robot, "b-bm").is_powered()) == (True, 0.4)
    with pytest.raises(grpc.aio.AioRpcError):
        async with grpc.aio.insecure_channel(b.address) as channel:
            from viam.gen.robot.v1.robot_pb2_grpc import RobotServiceStub
            await RobotServiceStub(channel).ResourceNames(pb.ResourceNamesRequest())


async def test_tick_stream_through_a_remote(viam_server, start_machine, connect):
    from viam.components.board import Board

    board_config = {"components": [{"name": "b", "api": "rdk:component:board", "model": "fake",
                                    "attributes": {"digital_interrupts": [{"name": "di", "pin": "7"}],
                                                   "random_tick_interval_ms": 0}}]}  # driven edges only
    far = viam_server(board_config, name="far")
    near = await start_machine({"remotes": [remote("far", far.address, prefix="far-")]})
    robot = await connect(near)
    await wait_for(lambda: _eq(names_of(robot), ["far-b"]), what="remote board")
    board = Board.from_robot(robot, "far-b")
    di = await board.digital_interrupt_by_name("di")
    stream = await asyncio.wait_for(board.stream_ticks([di]), 5)  # returns once the far side subscribed
    pin = await board.gpio_pin_by_name("7")
    await pin.set(True)
    await pin.set(False)
    ticks = []
    async for tick in stream:
        ticks.append(tick)
        if len(ticks) == 2:
            break
    await stream.aclose()
    assert [(t.pin_name, t.high) for t in ticks] == [("di", True), ("di", False)]
