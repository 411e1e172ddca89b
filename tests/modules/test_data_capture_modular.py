"""The data manager captures a sensor served by an official-SDK module (through the server's gRPC path)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.modules.conftest import FAST, eventually
from viam.services.data_manager.builtin import find_data_manager
from viam.services.data_manager.capture_file import read_capture_file


async def test_official_sdk_module_sensor_is_captured(start_machine, sdk_module, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    config = {
        "modules": [{"name": "weatherco", "executable_path": sdk_module("sdk_sensor.py")}],
        "components": [{"name": "w1", "api": "rdk:component:sensor", "model": "acme:sdk:weather",
                        "attributes": {"city": "Oslo", "celsius": -3.5}, "service_configs": [
                            {"type": "data_manager", "attributes": {"capture_methods": [
                                {"method": "Readings", "capture_frequency_hz": 20},
                                {"method": "DoCommand", "capture_frequency_hz": 5,
                                 "additional_params": {"docommand_input": {"hello": 1}}}]}}]}],
        "services": [{"name": "dm", "api": "rdk:service:data_manager", "model": "builtin",
                      "attributes": {"capture_dir": str(capture_dir), "sync_disabled": True}}],
    }
    machine = await start_machine(config, module_settings=FAST)
    manager = find_data_manager(machine)
    assert manager is not None
    readings_dir = capture_dir / "rdk_component_sensor" / "w1" / "Readings"

    def captured() -> int:
        return sum(c.captured for _, c in manager.collectors.values() if c.capturer.method.method == "Readings")

    await eventually(lambda: captured() >= 5, timeout_s=20)
    manager.flush()
    files = await asyncio.to_thread(lambda: sorted(readings_dir.glob("*.capture")))
    metadata, readings = await asyncio.to_thread(read_capture_file, files[0])
    assert (metadata.component_type, metadata.component_name) == ("rdk:component:sensor", "w1")
    first = readings[0].struct["readings"]
    assert (first["city"], first["celsius"], first["module"]) == ("Oslo", -3.5, "weatherco")

    # the SDK module's sensor has no DoCommand: that collector reports the error and keeps going
    async def do_command_status() -> dict:
        status = await manager.get_status()
        entry = next(c for c in status["collectors"] if c["method"] == "DoCommand")
        return entry if entry["errors"] >= 2 else {}

    entry = await eventually(do_command_status, timeout_s=10)
    assert entry["captured"] == 0 and entry["last_error"], entry
    assert captured() >= 5  # Readings unaffected
