"""Hostile input is cheap to refuse: decode errors, long names, oversized requests, limit settings."""

from __future__ import annotations

import asyncio
import logging
import urllib.error
import urllib.request

import grpc
import pytest

from viam.gen.component.motor.v1 import motor_pb2
from viam.rpc.guard import DEFAULT_REQUEST_BYTES, LARGE_REQUEST_BYTES, ReceiveLimits

# GetPosition answers only with a fake encoder (as rdk's fake motor).
MOTOR = {"name": "motor1", "api": "rdk:component:motor", "model": "fake",
         "attributes": {"encoder": "enc1", "ticks_per_rotation": 1}}
ENCODER = {"name": "enc1", "api": "rdk:component:encoder", "model": "fake"}
GET_POSITION = "/viam.component.motor.v1.MotorService/GetPosition"
SET_POWER = "/viam.component.motor.v1.MotorService/SetPower"
DETECT = "/viam.service.vision.v1.VisionService/DetectionsFromImage"
TRANSFORM_PCD = "/viam.robot.v1.RobotService/TransformPCD"
RESOURCE_NAMES = "/viam.robot.v1.RobotService/ResourceNames"


async def raw_call(port: int, path: str, payload: bytes) -> grpc.aio.AioRpcError | bytes:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=[
            ("grpc.max_send_message_length", 64 << 20)]) as channel:
        try:
            return await channel.unary_unary(path)(payload, timeout=20)
        except grpc.aio.AioRpcError as exc:
            return exc


async def test_valid_name_then_garbage_is_invalid_argument_logged_once(start_machine, caplog):
    caplog.set_level(logging.INFO)
    machine = await start_machine({"components": [MOTOR, ENCODER]})
    good = motor_pb2.GetPositionRequest(name="motor1").SerializeToString()
    garbage = good + b"\xff\xff\xff\xff\x0f"
    errors = [await raw_call(machine.port, GET_POSITION, garbage) for _ in range(5)]
    errors.append(await raw_call(machine.port, RESOURCE_NAMES, b"\x0a\xff\xff"))
    for exc in errors:
        assert isinstance(exc, grpc.aio.AioRpcError)
        assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT, exc
        assert len(exc.details()) < 200 and "malformed request" in exc.details()
    assert "viam.robot.v1.ResourceNamesRequest" in errors[-1].details()
    refused = [r for r in caplog.records if "does not decode" in r.getMessage()]
    assert len(refused) == 1  # once per source, not once per call
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    # The same name, well formed, still works.
    assert isinstance(await raw_call(machine.port, GET_POSITION, good), bytes)


async def test_long_names_are_truncated_in_errors(start_machine):
    machine = await start_machine({"components": [MOTOR, ENCODER]})
    long_name = "x" * 20000
    exc = await raw_call(machine.port, GET_POSITION, motor_pb2.GetPositionRequest(name=long_name).SerializeToString())
    assert isinstance(exc, grpc.aio.AioRpcError) and exc.code() == grpc.StatusCode.NOT_FOUND
    assert len(exc.details()) < 400 and "…" in exc.details() and "'motor1'" in exc.details()


async def test_per_method_receive_limits(start_machine):
    machine = await start_machine({"components": [MOTOR, ENCODER]})
    size = DEFAULT_REQUEST_BYTES + 1  # an unknown bytes field (number 99) makes it > 4 MiB but well formed
    over_default = (motor_pb2.SetPowerRequest(name="motor1").SerializeToString()
                    + b"\x9a\x06" + _varint(size) + bytes(size))
    exc = await raw_call(machine.port, SET_POWER, over_default)
    assert isinstance(exc, grpc.aio.AioRpcError) and exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "limit" in exc.details()
    # A point-cloud-carrying method takes more: the same size reaches RobotService (which then
    # answers about the frames, not the size).
    pcd = b"\x0a" + _varint(size) + bytes(size) + b"\x12\x05world\x1a\x05world"
    exc = await raw_call(machine.port, TRANSFORM_PCD, pcd)
    assert not isinstance(exc, grpc.aio.AioRpcError) or exc.code() != grpc.StatusCode.RESOURCE_EXHAUSTED, exc
    # Over the large limit: grpcio refuses it before allocating.
    exc = await raw_call(machine.port, TRANSFORM_PCD, bytes(LARGE_REQUEST_BYTES + 1))
    assert isinstance(exc, grpc.aio.AioRpcError) and exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


@pytest.mark.parametrize(("env", "expected"), [
    ({}, ReceiveLimits(DEFAULT_REQUEST_BYTES, LARGE_REQUEST_BYTES)),
    ({"VIAM_GRPC_MAX_REQUEST_BYTES": "1048576"}, ReceiveLimits(1 << 20, LARGE_REQUEST_BYTES)),
    ({"VIAM_GRPC_MAX_LARGE_REQUEST_BYTES": "104857600"}, ReceiveLimits(DEFAULT_REQUEST_BYTES, 100 << 20)),
    ({"VIAM_GRPC_MAX_REQUEST_BYTES": "lots"}, ReceiveLimits(DEFAULT_REQUEST_BYTES, LARGE_REQUEST_BYTES)),
    ({"VIAM_GRPC_MAX_REQUEST_BYTES": "10"}, ReceiveLimits(DEFAULT_REQUEST_BYTES, LARGE_REQUEST_BYTES)),
])
def test_limits_are_configurable_from_the_environment(monkeypatch, env, expected):
    for key in ("VIAM_GRPC_MAX_REQUEST_BYTES", "VIAM_GRPC_MAX_LARGE_REQUEST_BYTES"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    limits = ReceiveLimits.from_env()
    assert limits == expected
    assert limits.for_method(DETECT) == expected.large and limits.for_method(SET_POWER) == expected.default


async def test_malformed_http_requests_are_logged_once_without_traceback(start_machine, caplog):
    caplog.set_level(logging.INFO)
    machine = await start_machine({"components": [MOTOR, ENCODER]})

    def get() -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{machine.web_port}/api/status",
                                         headers={"X-Big": "a" * 9000})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    statuses = [await asyncio.to_thread(get) for _ in range(6)]
    assert statuses == [400] * 6
    server_logs = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert len(server_logs) == 1 and server_logs[0].levelno == logging.WARNING and not server_logs[0].exc_info


async def test_long_frame_names_are_truncated(start_machine):
    from viam.gen.common.v1 import common_pb2
    from viam.gen.robot.v1 import robot_pb2

    machine = await start_machine({"components": [MOTOR, ENCODER]})
    long_name = "p" * 20000
    requests = {
        "/viam.robot.v1.RobotService/TransformPose": robot_pb2.TransformPoseRequest(
            source=common_pb2.PoseInFrame(reference_frame=long_name), destination="world"),
    }
    for path, request in requests.items():
        exc = await raw_call(machine.port, path, request.SerializeToString())
        assert isinstance(exc, grpc.aio.AioRpcError), path
        assert exc.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT), (path, exc)
        assert len(exc.details()) < 600 and "…" in exc.details(), (path, exc.details()[:300])


def test_board_pin_lookup_truncates_the_name():
    from viam.components.board.api import find_named
    from viam.errors import ResourceNotFoundError

    with pytest.raises(ResourceNotFoundError) as info:
        find_named("b", "GPIO pin", {"11": 1}, "9" * 20000)
    assert len(str(info.value)) < 300 and "…" in str(info.value) and "'11'" in str(info.value)
