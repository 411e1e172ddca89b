"""An unservable resource (unknown API or model) is reported once per config apply with what would
serve it, not at every 5 s retry; its status keeps the error."""

import asyncio
import logging

from viam.config.loader import parse_config

CONFIG = {"components": [
    {"name": "b", "api": "rdk:component:base", "model": "rdk:builtin:wheeledd", "attributes": {}},
    {"name": "x", "api": "rdk:component:frobnicator", "model": "rdk:builtin:fake"},
    {"name": "m", "api": "rdk:component:motor", "model": "acme:demo:motor"},
]}


def _errors(caplog, name):
    return [r for r in caplog.records
            if r.levelno >= logging.ERROR and getattr(r, "resource", "").endswith(f"/{name}")]


async def test_unservable_resources_are_reported_once_per_apply(start_machine, connect, caplog):
    caplog.set_level(logging.DEBUG, logger="viam.robot.manager")
    machine = await start_machine(CONFIG, retry_interval_s=0.05)
    robot = await connect(machine)
    await asyncio.sleep(0.5)  # about ten retries
    for name in ("b", "x", "m"):
        assert len(_errors(caplog, name)) == 1, [r.getMessage() for r in _errors(caplog, name)]
    (typo,) = _errors(caplog, "b")
    assert "did you mean rdk:builtin:wheeled?" in typo.getMessage()
    assert "add a module that provides the API rdk:component:frobnicator" in _errors(caplog, "x")[0].getMessage()
    assert "add a module that provides acme:demo:motor" in _errors(caplog, "m")[0].getMessage()
    statuses = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert "unknown model rdk:builtin:wheeledd" in statuses["b"] and "did you mean" in statuses["b"]

    # A new config apply reports it again, once.
    changed = {"components": [*CONFIG["components"],
                              {"name": "f", "api": "rdk:component:motor", "model": "rdk:builtin:fake"}]}
    network = {"bind_address": "127.0.0.1:0"}
    await machine.apply_config(parse_config({**changed, "network": network}, "test-config.json"))
    await asyncio.sleep(0.3)
    assert len(_errors(caplog, "b")) == 2
