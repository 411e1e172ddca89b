"""Config sequences that used to crash or freeze a running server."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time

from viam.client import DialOptions, RobotClient
from viam.testing.process import ServerProcess

FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)
MOTOR = {"name": "m", "api": "rdk:component:motor", "model": "fake"}
ENV = {"VIAM_CLOUD_INITIAL_WAIT_S": "0.5", "VIAM_CONFIG_DEBOUNCE_MS": "50", "VIAM_PACKAGE_RETRY_S": "0.5"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def save(server: ServerProcess, config: dict) -> None:
    """Save like an editor does (write a temp file, rename it over the config)."""
    data = {"network": {"bind_address": server.address, "web_bind_address": "off"}, **config}
    tmp = server.config_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, server.config_path)


async def _until(check, timeout_s: float = 20.0):
    deadline = time.monotonic() + timeout_s
    while True:
        value = await check()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)


async def test_cloud_added_removed_then_package_without_url_keeps_serving(tmp_path):
    """Add a cloud section, remove it, add a package with no url: the package step must not call
    the closed cloud channel (it crashed grpc with SIGSEGV, or hung)."""
    config = {"network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"}, "components": [MOTOR]}
    with ServerProcess(config, tmp_path, env=ENV) as server:
        robot = await RobotClient.at_address(server.address, FAST)
        try:
            cloud = {"id": "part-1", "secret": "s", "app_address": f"http://127.0.0.1:{_closed_port()}"}
            save(server, {"cloud": cloud, "components": [MOTOR]})
            server.wait_for_line(r"cloud", 20)
            save(server, {"components": [MOTOR]})
            await _until(lambda: _applied(server, 2))
            package = {"name": "p", "package": "acme/p", "version": "1", "type": "module"}
            save(server, {"components": [MOTOR], "packages": [package]})

            async def package_failed():
                status = await robot.get_machine_status()
                return [p for p in status.packages if p.error]

            failed = await _until(package_failed)
            assert "no 'url'" in failed[0].error and "no cloud section" in failed[0].error, failed[0].error
            assert server.proc.poll() is None, "the server died"
            status = await robot.get_machine_status()
            assert any(r.name.name == "m" for r in status.resources)
        finally:
            await robot.close()
        assert server.stop() == 0


async def _applied(server: ServerProcess, count: int) -> bool:
    return sum("config applied" in line for line in server.lines) >= count


DEEP = '{"components": [{"name": "x", "api": "rdk:component:motor", "model": "fake", "attributes": ' + \
    '{"a": ' * 5000 + "1" + "}" * 5000 + "}]}"
LONG_NUMBER = '{"components": [{"name": "x", "api": "rdk:component:motor", "model": "fake", ' \
    '"attributes": {"max_rpm": ' + "9" * 5000 + "}}]}"


async def test_deep_nesting_and_huge_numbers_are_reported_and_the_last_good_config_kept(tmp_path):
    config = {"network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"}, "components": [MOTOR]}
    with ServerProcess(config, tmp_path, env=ENV) as server:
        robot = await RobotClient.at_address(server.address, FAST)
        try:
            for text, expected in ((DEEP, "nested more than 64 levels deep"),
                                   (LONG_NUMBER, "a number has more than 4300 digits")):
                server.config_path.write_text(text)

                async def reported(expected=expected):
                    status = await robot.get_machine_status()
                    return [r.error for r in status.resources if expected in r.error]

                errors = await _until(reported)
                assert str(server.config_path) in errors[0], errors[0]
                status = await robot.get_machine_status()
                assert [r.name.name for r in status.resources if r.name.subtype == "motor"] == ["m"]
            assert server.proc.poll() is None
        finally:
            await robot.close()
        assert server.stop() == 0


def test_deep_or_huge_config_at_start_starts_empty_with_the_error(tmp_path):
    """At start a config that does not parse gives an empty machine and the error (no exit 1).
    (Checked in-process: a server process would bind the default port without a parsable config.)"""
    from viam.cli.server import load_initial_config

    for text, expected in ((DEEP, "nested more than 64 levels deep"), (LONG_NUMBER, "4300 digits")):
        path = tmp_path / "c.json"
        path.write_text(text)
        config = load_initial_config(str(path))
        assert not config.resources and expected in str(config.errors[0]) and str(path) in str(config.errors[0])


def test_module_names_follow_the_reference_rule():
    """Module names become socket and data-dir names: '../x', '/abs', 'a b' are rejected."""
    from viam.config.loader import parse_config
    from viam.errors import ConfigError

    for bad in ("../x", "/abs", "a b", "-lead", "é", "x" * 201):
        config = {"modules": [{"name": bad, "executable_path": "/bin/true"}]}
        try:
            parsed = parse_config(config, "c.json")
        except ConfigError as exc:
            message = str(exc)
        else:
            assert not parsed.modules, f"{bad!r} accepted"
            message = str(parsed.errors[0])
        assert "c.json: modules[0].name: module name" in message, message
    assert parse_config({"modules": [{"name": "ok_name-2", "executable_path": "/bin/true"}]}, "c.json").modules
