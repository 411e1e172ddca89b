"""API-key auth: tokens from AuthService, refused without or with a bad or expired token; TLS with the SDK."""

import asyncio
import shutil
import uuid

import grpc
import pytest

from tests.conftest import run_sdk_script
from tests.core.test_server_process import make_self_signed
from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor
from viam.errors import RemoteCallError, ViamError
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

KEY_ID = str(uuid.uuid4())
KEY = "s3cret-key-value"


def config(**auth):
    return {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}],
            "auth": {"handlers": [{"type": "api-key", "config": {KEY_ID: KEY, "keys": [KEY_ID]}}], **auth}}


def opts(**kwargs):
    return DialOptions(refresh_interval_s=0, **kwargs)


async def test_api_key_gives_access_and_wrong_key_is_refused(start_machine):
    machine = await start_machine(config())
    address = f"127.0.0.1:{machine.port}"
    robot = await RobotClient.at_address(address, opts(api_key=KEY, api_key_id=KEY_ID))
    try:
        await Motor.from_robot(robot, "motor1").set_power(0.5)
        assert await Motor.from_robot(robot, "motor1").is_moving()
    finally:
        await robot.close()
    with pytest.raises(ViamError) as info:
        await RobotClient.at_address(address, opts(api_key="wrong", api_key_id=KEY_ID))
    assert info.value.grpc_code == grpc.StatusCode.UNAUTHENTICATED
    assert "invalid credentials" in str(info.value)


async def test_calls_without_token_are_refused_but_authenticate_is_open(start_machine):
    machine = await start_machine(config())
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        robot = robot_pb2_grpc.RobotServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await robot.ResourceNames(robot_pb2.ResourceNamesRequest())
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "missing authorization" in info.value.details()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await robot.ResourceNames(robot_pb2.ResourceNamesRequest(), metadata=(("authorization", "Bearer x.y.z"),))
        assert "bad token signature" in info.value.details()
        token = (await auth_pb2_grpc.AuthServiceStub(channel).Authenticate(auth_pb2.AuthenticateRequest(
            entity=KEY_ID, credentials=auth_pb2.Credentials(type="api-key", payload=KEY)))).access_token
        names = await robot.ResourceNames(robot_pb2.ResourceNamesRequest(),
                                          metadata=(("authorization", f"Bearer {token}"),))
        assert [n.name for n in names.resources] == ["motor1"]


async def test_expired_token_is_refused(start_machine):
    machine = await start_machine(config(token_ttl="1s"))
    robot = await RobotClient.at_address(f"127.0.0.1:{machine.port}", opts(api_key=KEY, api_key_id=KEY_ID))
    try:
        await robot.refresh()
        await asyncio.sleep(1.2)
        with pytest.raises(RemoteCallError, match="token expired"):
            await robot.refresh()
    finally:
        await robot.close()


async def test_module_parent_socket_needs_no_token(start_machine):
    machine = await start_machine(config())
    async with grpc.aio.insecure_channel(f"unix:{machine.parent_socket}") as channel:
        names = await robot_pb2_grpc.RobotServiceStub(channel).ResourceNames(robot_pb2.ResourceNamesRequest())
    assert [n.name for n in names.resources] == ["motor1"]
    assert (machine.parent_socket.parent.stat().st_mode & 0o777) == 0o700


@pytest.mark.sdk
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (Debian package openssl)")
def test_official_sdk_with_api_key_over_tls(tmp_path, viam_server, viam_sdk_python):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_self_signed(cert, key)
    cfg = config()
    cfg["network"] = {"bind_address": "127.0.0.1:0", "tls_cert_file": str(cert), "tls_key_file": str(key)}
    server = viam_server(cfg)
    address = server.address.replace("127.0.0.1", "localhost")
    assert "ok" in run_sdk_script(viam_sdk_python, "api_key.py", address, KEY, KEY_ID, "ok")
    out = run_sdk_script(viam_sdk_python, "api_key.py", address, "not-the-key", KEY_ID, "refused")
    assert "refused" in out


async def test_sessions_are_bound_to_their_entity(start_machine):
    other_id, other_key = str(uuid.uuid4()), "other-key"
    cfg = config()
    cfg["auth"]["handlers"][0]["config"][other_id] = other_key
    machine = await start_machine(cfg)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        auth = auth_pb2_grpc.AuthServiceStub(channel)

        async def token(entity, key):
            response = await auth.Authenticate(auth_pb2.AuthenticateRequest(
                entity=entity, credentials=auth_pb2.Credentials(type="api-key", payload=key)))
            return (("authorization", f"Bearer {response.access_token}"),)

        mine, theirs = await token(KEY_ID, KEY), await token(other_id, other_key)
        robot = robot_pb2_grpc.RobotServiceStub(channel)
        sid = (await robot.StartSession(robot_pb2.StartSessionRequest(), metadata=mine)).id
        await robot.SendSessionHeartbeat(robot_pb2.SendSessionHeartbeatRequest(id=sid), metadata=mine)
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await robot.SendSessionHeartbeat(robot_pb2.SendSessionHeartbeatRequest(id=sid), metadata=theirs)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "SESSION_EXPIRED" in info.value.details()
