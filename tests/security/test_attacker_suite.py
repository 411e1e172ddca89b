"""The attacker suite: every registered gRPC method and every HTTP route, tried with bad credentials.

Generated from what the server registers (tests/security/methods.py for gRPC, the aiohttp
router for HTTP), so a new RPC or route is covered without touching this file. Each case has a
control showing the same calls get in with good credentials, so the suite can fail.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import time
import uuid

import aiohttp
import grpc
import pytest

from tests.security.methods import AUTH_SERVICE, Method, codes_for_all, guarded_methods, methods_of
from viam.config.loader import parse_config
from viam.config.model import MachineConfig
from viam.errors import ConfigError
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc
from viam.robot.machine import Machine
from viam.rpc.auth import Authenticator

OLD_ID, OLD_KEY = str(uuid.uuid4()), "old-key-value"
NEW_ID, NEW_KEY = str(uuid.uuid4()), "new-key-value"
MOTOR = {"name": "motor1", "api": "rdk:component:motor", "model": "fake"}
UNSAFE_TO_CALL = {"/viam.robot.v1.RobotService/Shutdown"}  # a good token would really shut it down


def keyed(key_id: str, key: str) -> dict:
    return {"components": [MOTOR], "network": {"bind_address": "127.0.0.1:0"},
            "auth": {"handlers": [{"type": "api-key", "config": {key_id: key, "keys": [key_id]}}]}}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


async def login(port: int, key_id: str, key: str) -> str:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        response = await auth_pb2_grpc.AuthServiceStub(channel).Authenticate(auth_pb2.AuthenticateRequest(
            entity=key_id, credentials=auth_pb2.Credentials(type="api-key", payload=key)))
    return response.access_token


def forged(machine: Machine, valid: str, key_id: str, key: str) -> dict[str, str]:
    """Bad ``authorization`` values, each a different attack."""
    header, payload, signature = valid.split(".")
    claims = _claims(valid)
    none_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    other = Authenticator(machine.config.auth)  # the same keys, another signing secret
    expired_input = f"{header}.{_b64(json.dumps({**claims, 'exp': int(time.time()) - 60}).encode())}"
    return {
        "missing": "",
        "alg=none": f"Bearer {none_header}.{payload}.",
        "alg=none, signature kept": f"Bearer {none_header}.{payload}.{signature}",
        "wrong key": f"Bearer {other.issue(key_id, claims['kid'])}",
        "tampered claims": f"Bearer {header}.{_b64(json.dumps({**claims, 'sub': 'root'}).encode())}.{signature}",
        "tampered signature": f"Bearer {valid[:-2]}{'AA' if not valid.endswith('AA') else 'BB'}",
        "expired": f"Bearer {expired_input}.{machine.authenticator._sign(expired_input)}",
        "raw key as bearer": f"Bearer {key}",
        "basic on gRPC": "Basic " + base64.b64encode(f"{key_id}:{key}".encode()).decode(),
        "garbage": "Bearer " + "A" * 9000,
    }


def refused(codes: dict[str, grpc.StatusCode], expected: grpc.StatusCode) -> dict[str, str]:
    """The methods that did NOT answer ``expected`` (should be none)."""
    return {path: code.name for path, code in codes.items() if code != expected}


async def admitted_unary(port: int, methods: list[Method], authorization: str) -> dict[str, str]:
    """Control: unary methods called with good credentials; those refused as unauthenticated."""
    unary = [m for m in methods if not m.client_streaming and not m.server_streaming and m.path not in UNSAFE_TO_CALL]
    codes = await codes_for_all(f"127.0.0.1:{port}", unary, (("authorization", authorization),))
    return {p: c.name for p, c in codes.items()
            if c in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)}


async def test_every_method_refuses_every_bad_credential_and_rotation_ends_old_tokens(start_machine):
    machine = await start_machine(keyed(OLD_ID, OLD_KEY))
    address = f"127.0.0.1:{machine.port}"
    methods = guarded_methods(machine)
    assert len(methods) > 90
    old_token = await login(machine.port, OLD_ID, OLD_KEY)
    for attack, value in forged(machine, old_token, OLD_ID, OLD_KEY).items():
        metadata = (("authorization", value),) if value else ()
        codes = await codes_for_all(address, methods, metadata)
        if attack == "garbage":  # over grpc's metadata size limit: refused before our check sees it
            codes = {p: grpc.StatusCode.UNAUTHENTICATED if c == grpc.StatusCode.RESOURCE_EXHAUSTED else c
                     for p, c in codes.items()}
        assert refused(codes, grpc.StatusCode.UNAUTHENTICATED) == {}, attack
    assert await admitted_unary(machine.port, methods, f"Bearer {old_token}") == {}

    # Rotation by a config apply: the old key's tokens and the old key itself stop working.
    await machine.apply_config(parse_config(keyed(NEW_ID, NEW_KEY), "c.json"))
    codes = await codes_for_all(address, methods, (("authorization", f"Bearer {old_token}"),))
    assert refused(codes, grpc.StatusCode.UNAUTHENTICATED) == {}
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await login(machine.port, OLD_ID, OLD_KEY)
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    new_token = await login(machine.port, NEW_ID, NEW_KEY)
    assert await admitted_unary(machine.port, methods, f"Bearer {new_token}") == {}
    # The open services stay open (a client must be able to log in).
    assert methods_of([AUTH_SERVICE]) and not any(m.path.startswith(f"/{AUTH_SERVICE}/") for m in methods)


# -- HTTP: every route of the page/API app, on the web port and on the main port's HTTP/1.1 side ------

# Open by design, as in the reference: the local agent asks it before restarting the server and
# holds no key; it answers only 127.0.0.1/::1 and only reads (viam.web.server._restart_status).
AGENT_ROUTE = ("GET", "/restart_status")
# The page shell and its assets hold no machine data (the page asks for a key): no credentials,
# but the Host/Origin checks still apply.
PUBLIC_ROUTES = {("GET", "/"), ("GET", "/static/{file}")}
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
FILL = {"api": "rdk:component:motor", "name": "motor1", "file": "index.js"}


def http_routes(machine: Machine, *, public: bool = False) -> list[tuple[str, str]]:
    """(method, path) of every page/API route (with ``public``, also the page shell and assets).

    gRPC-web's catch-all route is tried per method below; the agent's route is checked on its own.
    """
    app = machine.web._runner.app
    out = []
    for route in app.router.routes():
        path = route.resource.canonical if route.resource is not None else ""
        if "{service" in path or route.method == "HEAD" or (route.method, path) == AGENT_ROUTE:
            continue
        if (route.method, path) in PUBLIC_ROUTES and not public:
            continue
        out.append((route.method, PLACEHOLDER.sub(lambda m: FILL[m.group(1)], path)))
    assert len(out) >= 5, out
    return out


async def _request(session: aiohttp.ClientSession, base: str, method: str, path: str,
                   headers: dict[str, str]) -> int:
    body = b"{}" if method not in ("GET", "HEAD") else None
    async with session.request(method, base + path, data=body, headers={"Content-Type": "application/json",
                                                                        **headers}) as response:
        if path.endswith(".mjpeg") and response.status == 200:
            return 200
        await response.read()
        return response.status


async def test_every_http_route_refuses_bad_credentials_on_both_ports(start_machine):
    machine = await start_machine(keyed(OLD_ID, OLD_KEY))
    token = await login(machine.port, OLD_ID, OLD_KEY)
    attacks = {name: value for name, value in forged(machine, token, OLD_ID, OLD_KEY).items()
               if name != "basic on gRPC"}
    attacks["wrong basic"] = "Basic " + base64.b64encode(f"{OLD_ID}:not-it".encode()).decode()
    await machine.load_web()  # loaded on the first HTTP request otherwise
    routes = http_routes(machine)
    timeout = aiohttp.ClientTimeout(total=20)
    for port in (machine.web_port, machine.port):
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for attack, value in attacks.items():
                headers = {"Authorization": value} if value else {}
                statuses = {f"{m} {p}": await _request(session, base, m, p, headers) for m, p in routes}
                # 429 is the Basic throttle after repeated wrong keys; 400 a header over aiohttp's 8 KiB.
                allowed = (401, 429, 400) if attack == "garbage" else (401, 429)
                assert {r: s for r, s in statuses.items() if s not in allowed} == {}, (port, attack)
            good = {f"{m} {p}": await _request(session, base, m, p, {"Authorization": f"Bearer {token}"})
                    for m, p in routes}
            assert {r: s for r, s in good.items() if s in (401, 403, 429)} == {}, port

    # After rotation, Bearer and Basic with the old key are refused on every route.
    await machine.apply_config(parse_config(keyed(NEW_ID, NEW_KEY), "c.json"))
    basic_old = "Basic " + base64.b64encode(f"{OLD_ID}:{OLD_KEY}".encode()).decode()
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for value in (f"Bearer {token}", basic_old):
            statuses = {f"{m} {p}": await _request(session, f"http://127.0.0.1:{machine.web_port}", m, p,
                                                   {"Authorization": value}) for m, p in routes}
            assert {r: s for r, s in statuses.items() if s not in (401, 429)} == {}


def _grpc_web_status(headers: dict[str, str], body: bytes) -> str:
    if "grpc-status" in headers:
        return headers["grpc-status"]
    pos = 0
    while pos + 5 <= len(body):
        flags, length = body[pos], struct.unpack(">I", body[pos + 1:pos + 5])[0]
        chunk = body[pos + 5:pos + 5 + length]
        if flags & 0x80:
            match = re.search(rb"grpc-status:\s*(\d+)", chunk)
            if match:
                return match.group(1).decode()
        pos += 5 + length
    return "none"


async def test_every_method_over_grpc_web_refuses_missing_and_forged_tokens(start_machine):
    machine = await start_machine(keyed(OLD_ID, OLD_KEY))
    token = await login(machine.port, OLD_ID, OLD_KEY)
    methods = [m for m in guarded_methods(machine) if not m.client_streaming]  # gRPC-web has no client streams
    attacks = forged(machine, token, OLD_ID, OLD_KEY)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        for attack in ("missing", "alg=none", "expired", "tampered claims", "raw key as bearer"):
            value = attacks[attack]
            not_refused = {}
            for method in methods:
                headers = {"Content-Type": "application/grpc-web+proto", "X-Grpc-Web": "1",
                           **({"Authorization": value} if value else {})}
                async with session.post(f"http://127.0.0.1:{machine.port}{method.path}", data=b"\0\0\0\0\0",
                                        headers=headers) as response:
                    status = _grpc_web_status(dict(response.headers), await response.read())
                if status != str(grpc.StatusCode.UNAUTHENTICATED.value[0]):
                    not_refused[method.path] = status
            assert not_refused == {}, attack


# -- CSRF / Host, with auth off: every state-changing route --------------------------------------

async def test_every_state_changing_route_refuses_cross_site_requests(start_machine):
    machine = await start_machine({"components": [MOTOR]})
    await machine.load_web()
    routes = http_routes(machine, public=True)
    posts = [(m, p) for m, p in routes if m not in ("GET", "HEAD", "OPTIONS")]
    assert posts
    base = f"http://127.0.0.1:{machine.web_port}"
    hostile = {
        "text/plain (a simple form post)": ({"Content-Type": "text/plain"}, 415),
        "foreign Origin": ({"Origin": "http://evil.example"}, 403),
        "cross-site fetch": ({"Sec-Fetch-Site": "cross-site"}, 403),
        "rebinding Host": ({"Host": "evil.example"}, 403),
    }
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        for attack, (headers, expected) in hostile.items():
            statuses = {f"{m} {p}": await _request(session, base, m, p, headers) for m, p in posts}
            assert {r: s for r, s in statuses.items() if s != expected} == {}, attack
        gets = {f"{m} {p}": await _request(session, base, m, p, {"Host": "evil.example"})
                for m, p in routes if m == "GET"}
        assert {r: s for r, s in gets.items() if s != 403} == {}
        assert await _request(session, base, "POST", "/api/stop_all", {}) == 200  # control


# -- a broken boot config: every method and route refused until a good config --------------------

async def test_broken_boot_config_refuses_every_method_and_route():
    broken = MachineConfig(source="c.json")
    broken.errors.append(ConfigError("bad JSON", source="c.json"))
    broken.network.bind_address = "127.0.0.1:0"
    machine = Machine(broken)
    await machine.start()
    try:
        await machine.wait_running(30)
        methods = [*guarded_methods(machine), *methods_of([AUTH_SERVICE])]
        codes = await codes_for_all(f"127.0.0.1:{machine.port}", methods)
        assert refused(codes, grpc.StatusCode.UNAVAILABLE) == {}
        await machine.load_web()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
            statuses = {f"{m} {p}": await _request(session, f"http://127.0.0.1:{machine.web_port}", m, p, {})
                        for m, p in http_routes(machine)}
            assert {r: s for r, s in statuses.items() if s != 503} == {}
            # The agent's read-only question is answered from this machine even then (as the reference).
            assert await _request(session, f"http://127.0.0.1:{machine.web_port}", *AGENT_ROUTE, {}) == 200
    finally:
        await machine.close(grace_s=0.1)
