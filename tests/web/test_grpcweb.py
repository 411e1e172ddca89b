"""gRPC-web (binary, text) and Connect on the main port, beside h2c gRPC: same router, auth, sessions.

Requests are made with a real HTTP/1.1 client (aiohttp) over TCP, framed by hand as the protocols
say, so these tests check the wire format the TypeScript SDK's transports expect.
"""

import asyncio
import base64
import json
import struct

import aiohttp
import grpc
import pytest

from viam.components.motor import Motor
from viam.gen.component.board.v1 import board_pb2
from viam.gen.component.motor.v1 import motor_pb2
from viam.gen.proto.rpc.v1 import auth_pb2
from viam.gen.robot.v1 import robot_pb2

CONFIG = {"components": [
    {"name": "board1", "api": "rdk:component:board", "model": "fake",
     "attributes": {"digital_interrupts": [{"name": "di8", "pin": "8"}], "random_tick_interval_ms": 0}},
    {"name": "motor1", "api": "rdk:component:motor", "model": "fake",
     "attributes": {"encoder": "enc1", "ticks_per_rotation": 1}},  # GetPosition needs one (rdk's fake)
    {"name": "enc1", "api": "rdk:component:encoder", "model": "fake"},
]}
MOTOR = "/viam.component.motor.v1.MotorService/"
KEY_ID, KEY = "key-id-1", "s3cret-key-value"


def frame(message: bytes, flags: int = 0) -> bytes:
    return struct.pack(">BI", flags, len(message)) + message


def unframe(body: bytes) -> tuple[list[bytes], dict[str, str]]:
    """Messages and trailers of a gRPC-web response body."""
    messages, trailers, pos = [], {}, 0
    while pos < len(body):
        flags, length = struct.unpack_from(">BI", body, pos)
        payload = body[pos + 5:pos + 5 + length]
        pos += 5 + length
        if flags & 0x80:
            for line in payload.decode().split("\r\n"):
                if line:
                    key, _, value = line.partition(":")
                    trailers[key.strip().lower()] = value.strip()
        else:
            messages.append(payload)
    return messages, trailers


async def grpc_web(base: str, path: str, message: bytes, headers: dict[str, str] | None = None,
                   text: bool = False) -> tuple[int, dict, list[bytes], dict[str, str]]:
    content_type = "application/grpc-web-text" if text else "application/grpc-web+proto"
    body = base64.b64encode(frame(message)) if text else frame(message)
    async with aiohttp.ClientSession() as http, http.post(
            base + path, data=body, headers={"content-type": content_type, "x-grpc-web": "1", **(headers or {})}
    ) as response:
        raw = await response.read()
        if text:
            raw = base64.b64decode(raw)
        messages, trailers = unframe(raw)
        return response.status, dict(response.headers), messages, trailers


@pytest.fixture
async def machine(start_machine):
    return await start_machine(CONFIG)


def main_url(machine) -> str:
    return f"http://127.0.0.1:{machine.port}"


async def test_grpc_web_binary_and_text_unary_on_the_main_port(machine, connect):
    base = main_url(machine)
    request = motor_pb2.SetPowerRequest(name="motor1", power_pct=0.4).SerializeToString()
    status, headers, messages, trailers = await grpc_web(base, MOTOR + "SetPower", request)
    assert status == 200 and headers["Content-Type"] == "application/grpc-web+proto"
    assert trailers["grpc-status"] == "0" and len(messages) == 1

    robot = await connect(machine)  # plain h2c gRPC on the same port sees what gRPC-web did
    assert await Motor.from_robot(robot, "motor1").is_moving()

    request = motor_pb2.IsPoweredRequest(name="motor1").SerializeToString()
    status, headers, messages, trailers = await grpc_web(base, MOTOR + "IsPowered", request, text=True)
    assert status == 200 and headers["Content-Type"] == "application/grpc-web-text"
    reply = motor_pb2.IsPoweredResponse.FromString(messages[0])
    assert trailers["grpc-status"] == "0" and reply.is_on and reply.power_pct == pytest.approx(0.4)


async def test_grpc_web_errors_are_trailers_in_the_body(machine):
    request = motor_pb2.StopRequest(name="nope").SerializeToString()
    status, _, messages, trailers = await grpc_web(main_url(machine), MOTOR + "Stop", request)
    assert status == 200 and messages == []
    assert trailers["grpc-status"] == "5" and "nope" in trailers["grpc-message"]
    # An unknown method: UNIMPLEMENTED from grpcio itself.
    _, _, _, trailers = await grpc_web(main_url(machine), "/viam.nothing.v1.X/Y", b"")
    assert trailers["grpc-status"] == "12"


async def test_grpc_web_server_streaming_delivers_each_message(machine):
    base = main_url(machine)
    request = board_pb2.StreamTicksRequest(name="board1", pin_names=["di8"]).SerializeToString()
    body = frame(request)
    async with aiohttp.ClientSession() as http, http.post(
            base + "/viam.component.board.v1.BoardService/StreamTicks", data=body,
            headers={"content-type": "application/grpc-web+proto", "grpc-timeout": "20S"}) as response:
        assert response.status == 200  # headers arrive once the subscription exists
        for high in (True, False):
            set_gpio = board_pb2.SetGPIORequest(name="board1", pin="8", high=high).SerializeToString()
            _, _, _, trailers = await grpc_web(base, "/viam.component.board.v1.BoardService/SetGPIO", set_gpio)
            assert trailers["grpc-status"] == "0"
            header = await response.content.readexactly(5)
            flags, length = struct.unpack(">BI", header)
            tick = board_pb2.StreamTicksResponse.FromString(await response.content.readexactly(length))
            assert flags == 0 and tick.pin_name == "di8" and tick.high is high
    # A stream that fails after its headers ends with the status in the trailer frame.
    request = board_pb2.StreamTicksRequest(name="board1", pin_names=["nope"]).SerializeToString()
    _, _, messages, trailers = await grpc_web(base, "/viam.component.board.v1.BoardService/StreamTicks", request)
    assert messages == [] and trailers["grpc-status"] not in ("", "0")


async def test_connect_unary_proto_json_errors_and_streaming(machine):
    base = main_url(machine)
    headers = {"connect-protocol-version": "1"}
    async with aiohttp.ClientSession() as http:
        request = motor_pb2.GetPositionRequest(name="motor1").SerializeToString()
        async with http.post(base + MOTOR + "GetPosition", data=request,
                             headers={**headers, "content-type": "application/proto"}) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "application/proto"
            motor_pb2.GetPositionResponse.FromString(await response.read())
        async with http.post(base + MOTOR + "IsMoving", data=json.dumps({"name": "motor1"}),
                             headers={**headers, "content-type": "application/json"}) as response:
            assert response.status == 200 and await response.json() == {}  # is_moving false: default omitted
        async with http.post(base + MOTOR + "Stop", data=json.dumps({"name": "nope"}),
                             headers={**headers, "content-type": "application/json"}) as response:
            error = await response.json()
            assert response.status == 404 and error["code"] == "not_found" and "nope" in error["message"]
        request = board_pb2.StreamTicksRequest(name="board1", pin_names=["di8"]).SerializeToString()
        async with http.post(base + "/viam.component.board.v1.BoardService/StreamTicks", data=frame(request),
                             headers={**headers, "content-type": "application/connect+proto",
                                      "connect-timeout-ms": "300"}) as response:
            assert response.status == 200
            body = await response.read()
        flags, length = struct.unpack_from(">BI", body, 0)
        end = json.loads(body[5:5 + length])
        assert flags == 0x02 and end["error"]["code"] == "deadline_exceeded"


async def test_cors_preflight_and_exposed_headers(machine):
    origin = "http://my-app.example"
    async with aiohttp.ClientSession() as http:
        async with http.options(main_url(machine) + MOTOR + "Stop", headers={
                "Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-grpc-web,authorization"}) as response:
            assert response.status == 204
            assert response.headers["Access-Control-Allow-Origin"] == origin
            assert "authorization" in response.headers["Access-Control-Allow-Headers"]
        async with http.post(main_url(machine) + MOTOR + "Stop",
                             data=frame(motor_pb2.StopRequest(name="motor1").SerializeToString()),
                             headers={"Origin": origin, "content-type": "application/grpc-web+proto"}) as response:
            assert response.headers["Access-Control-Allow-Origin"] == origin
            assert "grpc-status" in response.headers["Access-Control-Expose-Headers"]


async def test_api_key_auth_applies_to_grpc_web(start_machine):
    machine = await start_machine({**CONFIG, "auth": {"handlers": [
        {"type": "api-key", "config": {"keys": [KEY], "key_ids": [KEY_ID]}}]}})
    base = main_url(machine)
    stop = motor_pb2.StopRequest(name="motor1").SerializeToString()
    _, _, _, trailers = await grpc_web(base, MOTOR + "Stop", stop)
    assert trailers["grpc-status"] == "16"  # UNAUTHENTICATED
    auth = auth_pb2.AuthenticateRequest(entity=KEY_ID, credentials=auth_pb2.Credentials(type="api-key", payload=KEY))
    _, _, messages, trailers = await grpc_web(base, "/proto.rpc.v1.AuthService/Authenticate", auth.SerializeToString())
    assert trailers["grpc-status"] == "0"
    token = auth_pb2.AuthenticateResponse.FromString(messages[0]).access_token
    _, _, _, trailers = await grpc_web(base, MOTOR + "Stop", stop, {"authorization": f"Bearer {token}"})
    assert trailers["grpc-status"] == "0"


async def test_grpc_web_session_stops_what_it_drove_when_heartbeats_stop(start_machine, connect):
    machine = await start_machine({**CONFIG, "network": {"sessions": {"heartbeat_window": "2s"}}})
    base = main_url(machine)
    robot = await connect(machine)
    motor = Motor.from_robot(robot, "motor1")
    _, _, messages, trailers = await grpc_web(base, "/viam.robot.v1.RobotService/StartSession",
                                              robot_pb2.StartSessionRequest().SerializeToString())
    assert trailers["grpc-status"] == "0"
    sid = robot_pb2.StartSessionResponse.FromString(messages[0]).id
    heartbeat = robot_pb2.SendSessionHeartbeatRequest(id=sid).SerializeToString()
    request = motor_pb2.SetPowerRequest(name="motor1", power_pct=0.5).SerializeToString()
    _, _, _, trailers = await grpc_web(base, MOTOR + "SetPower", request, {"viam-sid": sid})
    assert trailers["grpc-status"] == "0"
    # While the session beats (over gRPC-web too), the motor keeps going; a loaded machine may be slow
    # here, so a heartbeat goes out right before each look.
    for _ in range(3):
        _, _, _, trailers = await grpc_web(base, "/viam.robot.v1.RobotService/SendSessionHeartbeat", heartbeat)
        assert trailers["grpc-status"] == "0", "the session is alive"
        assert await motor.is_moving()
    deadline = asyncio.get_running_loop().time() + 30
    while await motor.is_moving():  # no more heartbeats: stopped once the window passes
        assert asyncio.get_running_loop().time() < deadline, "the motor still runs 30 s after the last heartbeat"
        await asyncio.sleep(0.05)


async def test_translated_calls_run_in_process_with_the_real_peer(start_machine):
    """Unary gRPC-web calls go through the server's own interceptors and handlers in process: the
    session records the browser's TCP address (not the private socket), errors keep their codes."""
    machine = await start_machine(CONFIG)
    base = main_url(machine)
    calls = machine.in_process
    seen: list[str] = []
    original = calls.unary

    async def spy(method, *args, **kwargs):  # noqa: ANN001, ANN202
        seen.append(method)
        return await original(method, *args, **kwargs)

    calls.unary = spy
    _, _, messages, trailers = await grpc_web(base, "/viam.robot.v1.RobotService/StartSession",
                                              robot_pb2.StartSessionRequest().SerializeToString())
    assert trailers["grpc-status"] == "0"
    sid = robot_pb2.StartSessionResponse.FromString(messages[0]).id
    assert machine.sessions.sessions[sid].peer.startswith("ipv4:127.0.0.1:"), machine.sessions.sessions[sid].peer
    _, _, _, trailers = await grpc_web(base, MOTOR + "Stop", motor_pb2.StopRequest(name="nope").SerializeToString())
    assert trailers["grpc-status"] == str(grpc.StatusCode.NOT_FOUND.value[0]) and "nope" in trailers["grpc-message"]
    _, _, _, trailers = await grpc_web(base, "/viam.component.motor.v1.MotorService/NoSuchMethod", b"")
    assert trailers["grpc-status"] == str(grpc.StatusCode.UNIMPLEMENTED.value[0])
    _, _, _, trailers = await grpc_web(base, MOTOR + "Stop", b"\xff\xff\xff")  # CallGuard's decode check
    assert trailers["grpc-status"] == str(grpc.StatusCode.INVALID_ARGUMENT.value[0])
    # (a method this server has no descriptor for may be a module's stream: it goes over the socket)
    assert seen == ["/viam.robot.v1.RobotService/StartSession", MOTOR + "Stop", MOTOR + "Stop"]
