"""Every capture method of every API, once, against the fake models: stored as the reference stores it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from google.protobuf import json_format

from viam.gen.app.datasync.v1 import data_sync_pb2 as ds
from viam.services.data_manager.builtin import find_data_manager
from viam.services.data_manager.capture_file import read_capture_file

ANALOG = {"reader_name": "a1"}
GPIO = {"pin_name": "8"}
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], set[str]]] = [
    # api subtype, method, additional_params, attributes, keys expected in the stored struct
    ("motor", "Position", {}, {"encoder": "cap-enc", "ticks_per_rotation": 1}, {"position"}),  # rdk's fake needs one
    ("motor", "IsPowered", {}, {}, {"is_on", "power_pct"}),
    ("encoder", "TicksCount", {}, {}, {"value", "position_type"}),
    ("servo", "Position", {}, {}, {"position_deg"}),
    ("power_sensor", "Voltage", {}, {}, {"volts", "is_ac"}),
    ("power_sensor", "Current", {}, {}, {"amperes", "is_ac"}),
    ("power_sensor", "Power", {}, {}, {"watts"}),
    ("power_sensor", "Readings", {}, {}, {"readings"}),
    ("movement_sensor", "Position", {}, {}, {"coordinate", "altitude_m"}),
    ("movement_sensor", "LinearVelocity", {}, {}, {"linear_velocity"}),
    ("movement_sensor", "AngularVelocity", {}, {}, {"angular_velocity"}),
    ("movement_sensor", "CompassHeading", {}, {}, {"value"}),
    ("movement_sensor", "LinearAcceleration", {}, {}, {"linear_acceleration"}),
    ("movement_sensor", "Orientation", {}, {}, {"orientation"}),
    ("movement_sensor", "Readings", {}, {}, {"readings"}),
    ("board", "Analogs", ANALOG, {"analogs": [{"name": "a1", "pin": "32", "value": 512}]},
     {"value", "min_range", "max_range", "step_size"}),
    ("board", "Gpios", GPIO, {}, {"high"}),
    ("sensor", "Readings", {}, {}, {"readings"}),
    ("generic", "DoCommand", {"docommand_input": {"a": 1}}, {}, {"docommand_output"}),
]


async def test_every_method_captures_once(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    components = []
    for index, (subtype, method, params, attributes, _) in enumerate(CASES):
        components.append({"name": f"c{index}", "api": f"rdk:component:{subtype}", "model": "rdk:builtin:fake",
                           "attributes": attributes, "service_configs": [{"type": "data_manager", "attributes": {
                               "capture_methods": [{"method": method, "capture_frequency_hz": 10,
                                                    "additional_params": params}]}}]})
    components.append({"name": "cap-enc", "api": "rdk:component:encoder", "model": "rdk:builtin:fake"})
    components.append({"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
                       "attributes": {"width": 16, "height": 8}, "service_configs": [
                           {"type": "data_manager", "attributes": {"capture_methods": [
                               {"method": "GetImages", "capture_frequency_hz": 10},
                               {"method": "ReadImage", "capture_frequency_hz": 10,
                                "additional_params": {"mime_type": "image/jpeg"}},
                               {"method": "NextPointCloud", "capture_frequency_hz": 10}]}}]})
    machine = await start_machine({"components": components, "services": [
        {"name": "dm", "api": "rdk:service:data_manager", "model": "builtin",
         "attributes": {"capture_dir": str(capture_dir), "sync_disabled": True}}]})
    manager = find_data_manager(machine)
    assert manager is not None
    deadline = time.monotonic() + 15
    while not (len(manager.collectors) == len(CASES) + 3
               and all(c.captured for _, c in manager.collectors.values())):
        errors = {c.capturer.method.method: c.last_error for _, c in manager.collectors.values() if c.errors}
        assert time.monotonic() < deadline, f"not every method captured; errors: {errors}"
        await asyncio.sleep(0.05)
    manager.flush()
    for index, (subtype, method, params, _, keys) in enumerate(CASES):
        directory = capture_dir / f"rdk_component_{subtype}" / f"c{index}" / method
        path = sorted(directory.glob("*.capture"))[0]
        metadata, readings = await asyncio.to_thread(read_capture_file, path)
        assert (metadata.method_name, metadata.type) == (method, ds.DATA_TYPE_TABULAR_SENSOR)
        stored = json_format.MessageToDict(readings[0].struct)
        assert set(stored) == keys, (subtype, method, stored)
        if params:
            assert set(metadata.method_parameters) == set(params)
    binaries = (("GetImages", "image/jpeg"), ("ReadImage", "image/jpeg"), ("NextPointCloud", "pointcloud/pcd"))
    for method, mime in binaries:
        path = sorted((capture_dir / "rdk_component_camera" / "cam" / method).glob("*.capture"))[0]
        metadata, readings = await asyncio.to_thread(read_capture_file, path)
        assert (metadata.type, metadata.mime_type) == (ds.DATA_TYPE_BINARY_SENSOR, mime)
        assert readings[0].binary and readings[0].WhichOneof("data") == "binary"
    _, pcd = await asyncio.to_thread(read_capture_file, sorted(
        (capture_dir / "rdk_component_camera" / "cam" / "NextPointCloud").glob("*.capture"))[0])
    assert pcd[0].binary.startswith(b"VERSION") or b"FIELDS" in pcd[0].binary[:200]
