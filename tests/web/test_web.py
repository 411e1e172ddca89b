"""The HTTP side: status page, JSON API, do_command, stop-all, camera JPEG and MJPEG, API-key gate."""

import base64
import json
import urllib.error
import urllib.request

import pytest

from viam.components.motor import Motor

CONFIG = {"components": [
    {"name": "motor1", "api": "rdk:component:motor", "model": "fake"},
    {"name": "cam", "api": "rdk:component:camera", "model": "fake", "attributes": {"width": 160, "height": 120}},
    {"name": "bad", "api": "rdk:component:motor", "model": "acme:x:nothing"},
]}


def http(url, method="GET", body=None, headers=None):
    if method == "POST":
        headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


async def test_status_page_and_api(start_machine, connect, tmp_path):
    import asyncio

    machine = await start_machine(CONFIG)
    base = f"http://127.0.0.1:{machine.web.port}"
    status, headers, page = await asyncio.to_thread(http, base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<script" in page
    assert b"http://" not in page and b"https://" not in page, "the page loads no external assets"

    status, _, body = await asyncio.to_thread(http, base + "/api/status")
    data = json.loads(body)
    assert data["state"] == "RUNNING"
    by_name = {r["name"]: r for r in data["resources"]}
    assert by_name["motor1"]["state"] == "READY"
    assert by_name["bad"]["state"] == "UNHEALTHY" and "unknown model acme:x:nothing" in by_name["bad"]["error"]

    status, _, body = await asyncio.to_thread(
        http, base + "/api/resources/rdk:component:motor/motor1/do_command", "POST", b'{"ping": 1}')
    assert status == 200 and json.loads(body) == {"result": {"ping": 1}}
    status, _, body = await asyncio.to_thread(
        http, base + "/api/resources/rdk:component:motor/nope/do_command", "POST", b"{}")
    assert status == 404 and "nope" in json.loads(body)["error"]

    robot = await connect(machine)
    await Motor.from_robot(robot, "motor1").set_power(0.5)
    status, _, body = await asyncio.to_thread(http, base + "/api/stop_all", "POST")
    assert status == 200 and json.loads(body)["stopped"]
    assert not await Motor.from_robot(robot, "motor1").is_moving()

    status, headers, jpeg = await asyncio.to_thread(http, base + "/api/cameras/cam/image")
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and jpeg[:2] == b"\xff\xd8"


async def test_mjpeg_stream_sends_frames(start_machine):
    import asyncio

    machine = await start_machine(CONFIG)

    def first_two_frames():
        url = f"http://127.0.0.1:{machine.web.port}/api/cameras/cam/stream.mjpeg"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
            data = b""
            while data.count(b"--viamframe") < 3:
                data += response.read1(65536)
            return data

    data = await asyncio.to_thread(first_two_frames)
    frames = [part for part in data.split(b"--viamframe") if b"\xff\xd8" in part]
    assert len(frames) >= 2 and all(b"Content-Type: image/jpeg" in f for f in frames)


async def test_api_keys_gate_the_web_side(start_machine):
    import asyncio

    key_id, key = "6d0c5c1e-6f7e-4a8e-9b59-0c8c2f6b2a11", "web-secret"
    handler = {"type": "api-key", "config": {key_id: key, "keys": [key_id]}}
    machine = await start_machine({**CONFIG, "auth": {"handlers": [handler]}})
    url = f"http://127.0.0.1:{machine.web.port}/api/status"
    status, headers, _ = await asyncio.to_thread(http, url)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")
    good = {"Authorization": "Basic " + base64.b64encode(f"{key_id}:{key}".encode()).decode()}
    assert (await asyncio.to_thread(http, url, headers=good))[0] == 200
    bad = {"Authorization": "Basic " + base64.b64encode(f"{key_id}:nope".encode()).decode()}
    assert (await asyncio.to_thread(http, url, headers=bad))[0] == 401


@pytest.mark.parametrize(("value", "expected"), [("off", None), ("127.0.0.1:0", ("127.0.0.1", 0))])
def test_web_bind_address(value, expected):
    from viam.config.loader import parse_config

    config = parse_config({"network": {"bind_address": "127.0.0.1:8080", "web_bind_address": value}})
    assert config.network.web_address(8080) == expected
    assert parse_config({"network": {"bind_address": "0.0.0.0:8080"}}).network.web_address(8080) == ("0.0.0.0", 8081)
