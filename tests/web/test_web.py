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
    base = f"http://127.0.0.1:{machine.web_port}"
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
        url = f"http://127.0.0.1:{machine.web_port}/api/cameras/cam/stream.mjpeg"
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
    url = f"http://127.0.0.1:{machine.web_port}/api/status"
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


async def test_log_tail_static_assets_and_public_page(start_machine, tmp_path):
    import asyncio
    import logging
    from pathlib import Path

    key_id, key = "7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f", "tail-secret"
    handler = {"type": "api-key", "config": {key_id: key, "keys": [key_id]}}
    machine = await start_machine({**CONFIG, "auth": {"handlers": [handler]}})
    base = f"http://127.0.0.1:{machine.web_port}"
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key_id}:{key}".encode()).decode()}

    # The page and its assets need no key (they hold no machine data); the log tail does.
    assert (await asyncio.to_thread(http, base + "/"))[0] == 200
    assert (await asyncio.to_thread(http, base + "/api/logs"))[0] == 401
    logging.getLogger("viam.tests.tail").warning("first line", extra={"motor": "m1"})
    status, _, body = await asyncio.to_thread(http, base + "/api/logs?after=0", headers=auth)
    data = json.loads(body)
    mine = [line for line in data["lines"] if line["logger"] == "viam.tests.tail"]
    assert status == 200 and mine[-1]["message"] == "first line motor=m1" and mine[-1]["level"] == "WARNING"
    logging.getLogger("viam.tests.tail").warning("second line")
    _, _, body = await asyncio.to_thread(http, base + f"/api/logs?after={data['next']}", headers=auth)
    later = json.loads(body)
    assert [line["message"] for line in later["lines"] if line["logger"] == "viam.tests.tail"] == ["second line"]
    assert later["next"] > data["next"]
    assert (await asyncio.to_thread(http, base + "/api/logs?after=x", headers=auth))[0] == 400

    for bad in ("/static/..%2Fserver.py", "/static/.hidden.js", "/static/nope.js", "/static/server.py"):
        assert (await asyncio.to_thread(http, base + bad))[0] == 404, bad
    if machine.web.page_built:
        status, headers, script = await asyncio.to_thread(http, base + "/static/app.js")
        assert status == 200 and headers["Content-Type"].startswith("text/javascript") and len(script) > 1000
        assert "default-src 'self'" in headers["Content-Security-Policy"]

    # Without a built page the server says how to build it, on the plain status page.
    machine.web._static = Path(tmp_path)  # noqa: SLF001 - an empty static dir: nothing built
    page, built = machine.web._load_page()  # noqa: SLF001
    assert not built and b"make page" in page and b"<script" in page


async def test_status_lists_models_and_board_pins(start_machine):
    import asyncio

    board = {"name": "b", "api": "rdk:component:board", "model": "fake",
             "attributes": {"analogs": [{"name": "a1", "pin": "32"}],
                            "digital_interrupts": [{"name": "d", "pin": "8"}]}}
    machine = await start_machine({"components": [*CONFIG["components"][:1], board]})
    _, _, body = await asyncio.to_thread(http, f"http://127.0.0.1:{machine.web_port}/api/status")
    by_name = {r["name"]: r for r in json.loads(body)["resources"]}
    assert by_name["b"]["controls"] == {"analogs": [{"name": "a1"}], "digital_interrupts": [{"name": "d"}]}
    assert by_name["motor1"]["controls"] == {} and by_name["motor1"]["model"].endswith("fake")
