"""Auth fails closed: strict auth sections, keys follow live applies, a broken boot config serves nothing."""

import asyncio
import base64
import json
import urllib.error
import urllib.request

import grpc
import pytest

from viam.config.loader import parse_config
from viam.config.model import MachineConfig
from viam.errors import ConfigError
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.robot.machine import Machine
from viam.rpc.auth import FailureThrottle, ThrottledError

MOTOR = {"name": "motor1", "api": "rdk:component:motor", "model": "fake"}


def keyed(**keys):
    return {"components": [MOTOR], "network": {"bind_address": "127.0.0.1:0"},
            "auth": {"handlers": [{"type": "api-key", "config": {**keys, "keys": list(keys)}}]}}


@pytest.mark.parametrize(("auth", "message"), [
    ({"handlers": [{"type": "api_key", "config": {"k": "v", "keys": ["k"]}}]}, "do not know how to handle auth"),
    ({"handlers": [{"type": "API-KEY", "config": {"k": "v", "keys": ["k"]}}]}, "do not know how to handle auth"),
    ({"handlers": [{"type": "api-key", "config": {"k": 5, "keys": ["k"]}}]}, "expected a non-empty string"),
    ({"handlers": [{"type": "api-key", "config": {}}]}, "key or keys is required"),
    ({"handlers": [{"type": "api-key"}]}, "expected an object"),
    ({"handlers": [{"type": "api-key", "config": {"k": "v"}}]}, "key or keys is required"),
    ({"handlers": [{"type": "api-key", "config": {"keys": [3]}}]}, "keys[0]"),
    ({"handlers": [{"type": "external", "config": {"keys": ["x"]}}]}, "external"),
    ({"handlers": [{"type": "api-key", "config": {"keys": ["a"]}}, {"type": "api-key", "config": {"keys": ["b"]}}]},
     "duplicate handler type"),
    ({"handlers": [{"type": "api-key", "config": {"keys": ["a"]}}], "token_ttl": float("nan")}, "finite"),
    ({"handlers": [{"type": "api-key", "config": {"keys": ["a"]}}], "token_ttl": "0s"}, "token_ttl"),
])
def test_invalid_auth_rejects_the_whole_config(auth, message):
    with pytest.raises(ConfigError) as info:
        parse_config({"components": [MOTOR], "auth": auth}, "c.json")
    assert message in str(info.value) and "auth" in str(info.value)


def test_nan_from_json_text_is_refused():
    from viam.config.loader import parse_config_bytes

    text = b'{"auth": {"handlers": [{"type": "api-key", "config": {"keys": ["a"]}}], "token_ttl": NaN}}'
    with pytest.raises(ConfigError, match="token_ttl"):
        parse_config_bytes(text, "c.json")


async def _token(channel, entity, key):
    return (await auth_pb2_grpc.AuthServiceStub(channel).Authenticate(auth_pb2.AuthenticateRequest(
        entity=entity, credentials=auth_pb2.Credentials(type="api-key", payload=key)))).access_token


async def _names(channel, token=None):
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    return await robot_pb2_grpc.RobotServiceStub(channel).ResourceNames(robot_pb2.ResourceNamesRequest(),
                                                                         metadata=metadata)


async def test_keys_follow_live_applies(start_machine):
    machine = await start_machine({"components": [MOTOR]})
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        await _names(channel)  # auth off: open
        await machine.apply_config(parse_config(keyed(id1="old-key"), "c.json"))  # keys added live
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await _names(channel)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        old_token = await _token(channel, "id1", "old-key")
        await _names(channel, old_token)
        await machine.apply_config(parse_config(keyed(id1="new-key"), "c.json"))  # rotated
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await _names(channel, old_token)
        assert "no longer configured" in info.value.details()
        with pytest.raises(grpc.aio.AioRpcError):
            await _token(channel, "id1", "old-key")
        new_token = await _token(channel, "id1", "new-key")
        await _names(channel, new_token)
        # The HTTP side follows too: Basic with the old key refused, the new token accepted.
        url = f"http://127.0.0.1:{machine.web_port}/api/status"
        old_basic = {"Authorization": "Basic " + base64.b64encode(b"id1:old-key").decode()}
        assert (await asyncio.to_thread(_http, url, headers=old_basic))[0] == 401
        assert (await asyncio.to_thread(_http, url, headers={"Authorization": f"Bearer {new_token}"}))[0] == 200
        # Removing the key and keeping another one: its tokens end as well.
        await machine.apply_config(parse_config(keyed(id2="other"), "c.json"))
        with pytest.raises(grpc.aio.AioRpcError):
            await _names(channel, new_token)


async def test_broken_boot_config_serves_nothing_until_fixed(tmp_path):
    broken = MachineConfig(source="c.json")
    broken.errors.append(ConfigError("bad JSON", source="c.json"))
    broken.network.bind_address = "127.0.0.1:0"
    machine = Machine(broken)
    await machine.start()
    try:
        await machine.wait_running(30)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await _names(channel)
            assert info.value.code() == grpc.StatusCode.UNAVAILABLE
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await _token(channel, "id1", "k")
            assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        status = (await asyncio.to_thread(_http, f"http://127.0.0.1:{machine.web_port}/api/status"))[0]
        assert status == 503
        # Fixed with keys and TLS: the machine moves to a new port and that one needs a token.
        from tests.core.test_server_process import make_self_signed

        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        make_self_signed(cert, key)
        fixed = keyed(id1="k")
        fixed["network"].update({"tls_cert_file": str(cert), "tls_key_file": str(key)})
        old_port = machine.port
        await machine.apply_config(parse_config(fixed, "c.json"))
        assert machine.port != old_port
        creds = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        async with grpc.aio.secure_channel(f"localhost:{machine.port}", creds) as channel:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await _names(channel)
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
            token = await _token(channel, "id1", "k")
            assert [n.name for n in (await _names(channel, token)).resources] == ["motor1"]
    finally:
        await machine.close(grace_s=0.1)


def _http(url, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def test_web_csrf_and_host_checks_with_auth_off(start_machine):
    machine = await start_machine({"components": [MOTOR]})
    base = f"http://127.0.0.1:{machine.web_port}"
    do = base + "/api/resources/rdk:component:motor/motor1/do_command"
    json_type = {"Content-Type": "application/json"}
    assert (await asyncio.to_thread(_http, do, "POST", b"{}", json_type))[0] == 200
    assert (await asyncio.to_thread(_http, do, "POST", b"{}", {"Content-Type": "text/plain"}))[0] == 415
    assert (await asyncio.to_thread(_http, base + "/api/stop_all", "POST", b"{}",
                                    {**json_type, "Origin": "http://evil.example"}))[0] == 403
    assert (await asyncio.to_thread(_http, base + "/api/status", headers={"Host": "evil.example"}))[0] == 403
    assert (await asyncio.to_thread(_http, do, "POST", b"[" * 100000, json_type))[0] in (400, 413)
    status, body = await asyncio.to_thread(_http, do, "POST", b"[" * 1000 + b"]" * 1000, json_type)
    assert status == 400 and "nested" in json.loads(body)["error"]
    assert (await asyncio.to_thread(_http, do, "POST", b"{" * 200_000, json_type))[0] == 413


async def test_web_basic_throttled_and_non_ascii_refused(start_machine):
    machine = await start_machine(keyed(id1="right"))
    url = f"http://127.0.0.1:{machine.web_port}/api/status"
    weird = {"Authorization": "Basic " + base64.b64encode("id1:p\u00e4ss\u2603".encode()).decode()}
    assert (await asyncio.to_thread(_http, url, headers=weird))[0] == 401
    assert (await asyncio.to_thread(_http, url, headers={"Authorization": "Basic \u00e4\u00e4"}))[0] == 401
    wrong = {"Authorization": "Basic " + base64.b64encode(b"id1:wrong").decode()}
    statuses = [(await asyncio.to_thread(_http, url, headers=wrong))[0] for _ in range(12)]
    assert 429 in statuses
    right = {"Authorization": "Basic " + base64.b64encode(b"id1:right").decode()}
    assert (await asyncio.to_thread(_http, url, headers=right))[0] == 429, "a right key waits out the backoff too"


def test_throttle_backs_off_and_forgets():
    now = [0.0]
    throttle = FailureThrottle(free=2, base_s=1.0, max_s=8.0, max_sources=2, clock=lambda: now[0])
    for _ in range(2):
        throttle.check("a")
        throttle.failed("a")
    throttle.check("a")
    throttle.failed("a")
    with pytest.raises(ThrottledError):
        throttle.check("a")
    now[0] += 1.01
    throttle.check("a")
    for _ in range(10):
        throttle.failed("a")
    now[0] += 7.9
    with pytest.raises(ThrottledError):
        throttle.check("a")
    throttle.failed("b")
    throttle.failed("c")  # the oldest source is forgotten: the table stays bounded
    throttle.check("a")
