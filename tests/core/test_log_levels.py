"""Log levels as a user expects them: routine events at DEBUG, news at INFO/WARNING, no terminal codes."""

import asyncio
import logging
import time

from viam.module.process import line_level, strip_ansi
from viam.resource.names import ResourceName
from viam.rpc.sessions import SessionManager
from viam.testing.process import ServerProcess


def test_module_output_loses_terminal_colours_and_keeps_its_own_level():
    line = strip_ansi("\x1b[32m2026-01-01 10:00:00,001\t\tINFO\x1b[0m\tacme.weather (main.py:12)\tready")
    assert "\x1b" not in line and line.endswith("ready")
    assert line_level(line, logging.ERROR) == logging.INFO
    assert line_level("2026-01-01 | WARNING | low battery", logging.ERROR) == logging.WARNING
    assert line_level("Traceback (most recent call last):", logging.ERROR) == logging.ERROR
    assert line_level("plain output", logging.INFO) == logging.INFO


async def wait_expired(manager: SessionManager, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s  # by the clock: a loaded loop's 10 ms sleeps take far longer
    while manager.sessions:
        assert time.monotonic() < deadline, "session did not expire"
        await asyncio.sleep(0.01)


async def test_session_expiry_is_debug_unless_something_is_stopped(caplog):
    stopped: list[ResourceName] = []

    async def stop(name: ResourceName) -> None:
        stopped.append(name)

    manager = SessionManager(heartbeat_window_s=0.05, stop_resource=stop)
    manager.start()
    try:
        with caplog.at_level(logging.DEBUG, logger="viam.rpc.sessions"):
            manager.start_session()
            await wait_expired(manager)
            quiet = [r for r in caplog.records if r.getMessage() == "session expired"]
            assert [r.levelno for r in quiet] == [logging.DEBUG]
            caplog.clear()
            session = manager.start_session()
            motor = ResourceName.parse("rdk:component:motor/m")
            session.resources.add(motor)
            manager._last_commander[motor] = session.id
            await wait_expired(manager)
            loud = [r for r in caplog.records if r.getMessage() == "session expired"]
            assert [r.levelno for r in loud] == [logging.INFO]
            assert stopped == [motor]
    finally:
        await manager.close()


def test_waiting_for_the_same_dependency_warns_once(tmp_path):
    config = {"components": [
        {"name": "m", "api": "rdk:component:motor", "model": "fake", "depends_on": ["b"]},
        {"name": "b", "api": "rdk:component:board", "model": "rdk:builtin:nosuch"},
    ]}
    with ServerProcess(config, tmp_path, args=["-debug"]) as server:
        first = server.wait_for_line(r"waiting for dependencies")
        assert " WARNING " in first
        # The 5 s retry finds the same reason: debug, not another warning.
        again = server.wait_for_line(r"DEBUG viam.robot.manager waiting for dependencies", timeout_s=15)
        assert "resource=rdk:component:motor/m" in again
        assert sum("WARNING" in line and "waiting for dependencies" in line for line in server.lines) == 1


async def test_a_long_dependency_wait_is_summarised_with_a_count(caplog, monkeypatch):
    from viam.config.loader import parse_config
    from viam.robot import manager as manager_module
    from viam.robot.machine import Machine

    monkeypatch.setattr(manager_module, "WAIT_REMINDER_EVERY", 3)
    config = parse_config({"components": [
        {"name": "m", "api": "rdk:component:motor", "model": "fake", "depends_on": ["b"]},
        {"name": "b", "api": "rdk:component:board", "model": "rdk:builtin:nosuch"}]})
    machine = Machine(config)
    with caplog.at_level(logging.DEBUG, logger="viam.robot.manager"):
        await machine.apply_config(config)
        for _ in range(6):
            await machine.manager.retry_unhealthy()
    warnings = [r.getMessage() for r in caplog.records
                if r.levelno == logging.WARNING and "dependencies" in r.getMessage()]
    assert warnings[0].startswith("waiting for dependencies")
    assert any(w.startswith("still waiting for dependencies after 3 retries") for w in warnings)
    assert len(warnings) <= 3
