"""The builtin data manager in-process: config validation, capture files, sync to an in-process
viam-app-lite (dedupe, arbitrary files, UploadDataFromPath, failed files), disk-full, export CLI."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

import grpc
import pytest

from viam.cloud.lite.datastore import DataStore, parse_since
from viam.cloud.lite.server import LiteApp, main
from viam.config.loader import parse_config
from viam.gen.app.datasync.v1 import data_sync_pb2 as ds
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.services.data_manager.builtin import find_data_manager
from viam.services.data_manager.capture_file import (
    CaptureFileWriter,
    delimited,
    read_capture_file,
    recover_in_progress,
)
from viam.services.data_manager.sync import JOURNAL, finish_interrupted_deletes

PART, SECRET = "part-dm", "pw"
SDK_SCRIPTS = Path(__file__).resolve().parent.parent / "sdk_scripts"


def sensor(name: str = "s1", hz: float = 50, **method: Any) -> dict[str, Any]:
    return {"name": name, "api": "rdk:component:sensor", "model": "rdk:builtin:fake",
            "attributes": {"counter_key": "seq"}, "service_configs": [
                {"type": "data_manager", "attributes": {"capture_methods": [
                    {"method": "Readings", "capture_frequency_hz": hz, **method}]}}]}


def dm(capture_dir: Path, **attrs: Any) -> dict[str, Any]:
    return {"name": "dm", "api": "rdk:service:data_manager", "model": "builtin",
            "attributes": {"capture_dir": str(capture_dir), **attrs}}


async def wait_for(predicate: Any, timeout_s: float = 10, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@pytest.fixture
async def app(tmp_path: Path):
    root = tmp_path / "app"
    (root / "machines").mkdir(parents=True)
    (root / "machines" / f"{PART}.json").write_text(json.dumps({"cloud": {"id": PART, "secret": SECRET}}))
    lite = LiteApp(root)
    await lite.start()
    yield lite
    await lite.close()


def cloud(app: LiteApp) -> dict[str, Any]:
    return {"id": PART, "secret": SECRET, "app_address": f"http://127.0.0.1:{app.grpc_port}"}


# -- config validation ----------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "message"), [
    ({"method": "Nope", "capture_frequency_hz": 1}, "capture_methods[0].method: unknown capture method 'Nope'"),
    ({"method": "Readings", "capture_frequency_hz": -1},
     "capture_methods[0].capture_frequency_hz: capture_frequency_hz must not be negative"),
    ({"method": "Readings", "capture_frequency_hz": "fast"}, "capture_frequency_hz: expected a number"),
    ({"capture_frequency_hz": 1}, "capture_methods[0]: missing required field 'method'"),
    ({"method": "DoCommand", "capture_frequency_hz": 1}, "needs additional_params.docommand_input"),
    ({"method": "Readings", "capture_frequency_hz": 1, "disabled": "yes"}, "disabled: expected a boolean"),
])
def test_bad_capture_configs_name_the_path(method: dict[str, Any], message: str) -> None:
    entry = {"name": "s1", "api": "rdk:component:sensor", "model": "rdk:builtin:fake",
             "service_configs": [{"type": "data_manager", "attributes": {"capture_methods": [method]}}]}
    config = parse_config({"components": [{"name": "ok", "api": "rdk:component:motor", "model": "rdk:builtin:fake"},
                                          entry]}, "machine.json")
    assert [c.name for c in config.components] == ["ok"]
    (error,) = config.errors
    assert str(error).startswith("machine.json: components[1].service_configs[0].attributes.")
    assert message in str(error)


def test_capture_methods_parsed_per_api() -> None:
    config = parse_config({"components": [
        sensor(hz=2.5),
        {"name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:fake", "service_configs": [
            {"type": "data_manager", "attributes": {"capture_methods": [
                {"method": "Position", "capture_frequency_hz": 1}, {"method": "IsPowered", "capture_frequency_hz": 1,
                                                                     "disabled": True}]}},
            {"type": "some_other_service", "attributes": {"anything": 1}}]},
    ]})
    assert not config.errors
    assert [(m.method, m.capture_frequency_hz) for m in config.components[0].capture_methods] == [("Readings", 2.5)]
    assert [(m.method, m.disabled) for m in config.components[1].capture_methods] == [
        ("Position", False), ("IsPowered", True)]
    readings = [{"method": "Readings", "capture_frequency_hz": 1}]
    bad = parse_config({"components": [{"name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                                        "service_configs": [{"type": "data_manager", "attributes": {
                                            "capture_methods": readings}}]}]})
    assert "unknown capture method 'Readings' for rdk:component:motor (known: Position, IsPowered, DoCommand)" in str(
        bad.errors[0])


async def test_bad_data_manager_attributes_are_unhealthy(start_machine, tmp_path: Path) -> None:
    machine = await start_machine({"services": [dm(tmp_path, sync_interval_mins=-1)]})
    node = next(iter(machine.manager.nodes.values()))
    assert "services[0].attributes.sync_interval_mins: sync_interval_mins can't be negative" in node.error


# -- capture files --------------------------------------------------------------------------------
def test_capture_file_roundtrip_and_torn_tail_recovery(tmp_path: Path) -> None:
    md = ds.DataCaptureMetadata(component_name="s1", method_name="Readings", type=ds.DATA_TYPE_TABULAR_SENSOR)
    writer = CaptureFileWriter(tmp_path, md)
    for i in range(3):
        writer.write(ds.SensorData(binary=bytes([i]) * 10))
    assert writer.path.suffix == ".prog"
    # a crash mid-write: half a message at the end
    with open(writer.path, "ab") as handle:
        handle.write(delimited(ds.SensorData(binary=b"x" * 50))[:20])
    (done,) = recover_in_progress(tmp_path)
    assert done.suffix == ".capture" and not list(tmp_path.glob("*.prog"))
    metadata, readings = read_capture_file(done)
    assert metadata == md and [r.binary for r in readings] == [bytes([i]) * 10 for i in range(3)]
    # a .prog that holds only metadata (nothing captured) is removed
    empty = CaptureFileWriter(tmp_path / "e", md)
    assert recover_in_progress(tmp_path / "e") == [] and not empty.path.exists()


async def test_capture_layout_rotation_and_metadata(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    machine = await start_machine({
        "components": [sensor(hz=100), {"name": "m1-enc", "api": "rdk:component:encoder",
                                        "model": "rdk:builtin:fake"}, {
            "name": "m1", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
            "attributes": {"encoder": "m1-enc", "ticks_per_rotation": 1}, "service_configs": [
                {"type": "data_manager", "attributes": {"capture_methods": [
                    {"method": "Position", "capture_frequency_hz": 20},
                    {"method": "DoCommand", "capture_frequency_hz": 20,
                     "additional_params": {"docommand_input": {"ping": 1}}}]}}]}],
        "services": [dm(capture_dir, sync_disabled=True, tags=["t"], maximum_capture_file_size_bytes=500)]})
    readings_dir = capture_dir / "rdk_component_sensor" / "s1" / "Readings"
    await wait_for(lambda: len(list(readings_dir.glob("*.capture"))) >= 3, what="rotated files")
    manager = find_data_manager(machine)
    assert manager is not None
    manager.flush()
    for path in readings_dir.glob("*.capture"):
        assert path.stat().st_size < 500 + 200  # rotated once past the limit
    metadata, readings = read_capture_file(sorted(readings_dir.glob("*.capture"))[0])
    assert (metadata.component_type, metadata.component_name, metadata.method_name, list(metadata.tags),
            metadata.type, metadata.file_extension) == (
        "rdk:component:sensor", "s1", "Readings", ["t"], ds.DATA_TYPE_TABULAR_SENSOR, ".dat")
    assert readings[0].struct["readings"]["seq"] == 1
    await wait_for(lambda: list((capture_dir / "rdk_component_motor" / "m1" / "Position").glob("*")))
    manager.flush()
    _, pos = read_capture_file(next((capture_dir / "rdk_component_motor" / "m1" / "Position").glob("*.capture")))
    assert dict(pos[0].struct) == {"position": 0.0}
    _, out = read_capture_file(next((capture_dir / "rdk_component_motor" / "m1" / "DoCommand").glob("*.capture")))
    assert out[0].struct["docommand_output"]["ping"] == 1


def test_a_service_without_name_or_model_is_the_builtin_one() -> None:
    """The reference's AdjustPartialNames: Viam's docs write the data manager without a model."""
    config = parse_config({"services": [
        {"name": "data_manager-1", "api": "rdk:service:data_manager", "attributes": {"sync_disabled": True}},
        {"type": "generic", "model": "fake"}, {"name": "", "api": "acme:service:thing", "model": ""}]}, "c.json")
    assert not config.errors, config.errors
    assert [(str(s.resource_name), str(s.model)) for s in config.services] == [
        ("rdk:service:data_manager/data_manager-1", "rdk:builtin:builtin"),
        ("rdk:service:generic/builtin", "rdk:builtin:fake"),
        ("acme:service:thing/builtin", "rdk:builtin:builtin")]
    # Components keep both fields required, as in the reference.
    errors = parse_config({"components": [{"api": "rdk:component:motor", "model": "fake"},
                                          {"name": "m", "api": "rdk:component:motor"}]}, "c.json").errors
    assert [e.reason for e in errors] == ["missing required field 'name'", "missing required field 'model'"]


async def test_data_manager_without_a_model_captures(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    entry = dm(capture_dir, sync_disabled=True)
    del entry["model"]
    await start_machine({"components": [sensor(hz=50)], "services": [entry]})
    readings_dir = capture_dir / "rdk_component_sensor" / "s1" / "Readings"
    await wait_for(lambda: list(readings_dir.glob("*")), what="captured readings")


async def test_changed_capture_config_restarts_collectors(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    config = {"components": [sensor(hz=20)], "services": [dm(capture_dir, sync_disabled=True)]}
    machine = await start_machine(config)
    manager = find_data_manager(machine)
    assert manager is not None
    await wait_for(lambda: manager.collectors, what="collector")
    sensor_name = next(iter(manager.collectors))[0]
    assert sensor_name.name == "s1"
    sensor_before = machine.manager.resource(sensor_name)
    config["components"] = [sensor(hz=20, disabled=True)]
    await machine.apply_config(parse_config({**config, "network": {"bind_address": "127.0.0.1:0"}}))
    manager = find_data_manager(machine)
    assert manager is not None
    await wait_for(lambda: not manager.collectors, what="collector stopped")
    # the sensor itself was not rebuilt for a capture-config change
    assert machine.manager.resource(sensor_name) is sensor_before


# -- sync -----------------------------------------------------------------------------------------
async def test_sync_dedupe_journal_arbitrary_files_and_upload_from_path(start_machine, app, tmp_path: Path) -> None:
    capture_dir, extra_dir, upload_dir = tmp_path / "cap", tmp_path / "extra", tmp_path / "up"
    extra_dir.mkdir()
    upload_dir.mkdir()
    (extra_dir / "notes.txt").write_text("hello")
    (upload_dir / "a.bin").write_bytes(b"a" * 100_000)
    (upload_dir / "b.bin").write_bytes(b"b" * 10)
    machine = await start_machine({
        "cloud": cloud(app), "components": [sensor(hz=50)],
        "services": [dm(capture_dir, sync_interval_mins=0.002, additional_sync_paths=[str(extra_dir)],
                        file_last_modified_millis=1, tags=["x"])]})
    store = app.data
    assert store is not None
    await wait_for(lambda: len(list(store.export(PART))) > 20, what="synced readings")
    await wait_for(lambda: not (extra_dir / "notes.txt").exists(), what="arbitrary file synced")
    files = [r for r in store.export(PART) if r["kind"] == "file"]
    contents = [await asyncio.to_thread(Path(r["file"]).read_bytes) for r in files]
    assert contents == [b"hello"] and files[0]["tags"] == ["x"]

    # UploadDataFromPath (RobotService) uploads then deletes, with the caller's tags
    meta = ds.UploadMetadata(tags=["manual"])
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        response = await robot_pb2_grpc.RobotServiceStub(channel).UploadDataFromPath(
            robot_pb2.UploadDataFromPathRequest(path=str(upload_dir), upload_metadata=meta.SerializeToString()))
    assert (response.files_uploaded, response.files_failed, response.bytes_total) == (2, 0, 100_010)
    assert len(response.ids) == 2 and not list(upload_dir.iterdir())

    # the same upload twice (a crash between ack and delete) is stored once, under the same id
    metadata = ds.UploadMetadata(part_id=PART, component_name="s9", method_name="Readings",
                                 type=ds.DATA_TYPE_TABULAR_SENSOR)
    reading = ds.SensorData(struct={"readings": {"a": 1}})
    reading.metadata.time_requested.FromSeconds(1)
    first = store.store_capture(metadata, [reading])
    again = store.store_capture(metadata, [reading])
    assert (again.id, again.duplicate, first.duplicate) == (first.id, True, False)
    assert len([r for r in store.export(PART) if r["component_name"] == "s9"]) == 1


def test_journal_finishes_deletes_interrupted_by_a_crash(tmp_path: Path) -> None:
    acked, other = tmp_path / "a.capture", tmp_path / "b.capture"
    acked.write_bytes(b"x")
    other.write_bytes(b"y")
    (tmp_path / JOURNAL).write_text(f"{acked}\n{tmp_path / 'gone.capture'}\n")
    assert finish_interrupted_deletes(tmp_path) == 1
    assert not acked.exists() and other.exists() and not (tmp_path / JOURNAL).exists()


async def test_rejected_files_move_to_failed(start_machine, app, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    bad = capture_dir / "rdk_component_sensor" / "zz" / "Readings"
    writer = CaptureFileWriter(bad, ds.DataCaptureMetadata(component_name="zz", type=ds.DATA_TYPE_BINARY_SENSOR))
    writer.write(ds.SensorData(struct={"a": 1}))  # tabular data under binary metadata: the app refuses it
    writer.close()
    machine = await start_machine({"cloud": cloud(app), "services": [dm(capture_dir, sync_interval_mins=0.002)]})
    await wait_for(lambda: list((capture_dir / "failed").rglob("*.capture")), what="moved to failed")
    manager = find_data_manager(machine)
    assert manager is not None and (await manager.get_status())["files_failed"] == 1


async def test_offline_app_pauses_sync_and_keeps_capturing(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    machine = await start_machine({
        "cloud": {"id": PART, "secret": SECRET, "app_address": "http://127.0.0.1:9"},
        "components": [sensor(hz=50)], "services": [dm(capture_dir, sync_interval_mins=0.001)]})
    manager = find_data_manager(machine)
    assert manager is not None
    await wait_for(lambda: manager.online is False, what="offline")
    await wait_for(lambda: len(list(capture_dir.rglob("*.capture"))) >= 2, what="capture goes on")
    status = await manager.get_status()
    assert any("sync paused" in w for w in status["warnings"])


# -- disk full ------------------------------------------------------------------------------------
async def test_disk_full_deletes_every_nth_file_with_a_warning(start_machine, tmp_path: Path) -> None:
    capture_dir = tmp_path / "cap"
    # thresholds so low that this disk counts as full and the capture dir as "most of it"
    machine = await start_machine({"services": [dm(capture_dir, sync_disabled=True, disk_usage_deletion_threshold=1e-9,
                                                   capture_dir_deletion_threshold=1e-15,
                                                   delete_every_nth_when_disk_full=3)]})
    target = capture_dir / "rdk_component_sensor" / "s1" / "Readings"
    target.mkdir(parents=True)
    for i in range(9):
        (target / f"2026-01-01T00_00_0{i}.000000Z.capture").write_bytes(b"x" * 100)
    (target / "open.prog").write_bytes(b"x")
    manager = find_data_manager(machine)
    assert manager is not None
    assert await asyncio.to_thread(manager.check_disk) == 3
    left = sorted(p.name[18:19] for p in target.glob("*.capture"))
    assert left == ["1", "2", "4", "5", "7", "8"] and (target / "open.prog").exists()
    status = await manager.get_status()
    assert any("deleted every 3th capture file" in w for w in status["warnings"])
    # the same disk with the reference's default thresholds: nothing to do, no warning
    manager.config.disk_usage_deletion_threshold = 1.0 + 1e-9
    assert await asyncio.to_thread(manager.check_disk) == 0
    assert not (await manager.get_status())["warnings"]


# -- export ---------------------------------------------------------------------------------------
def test_export_cli_json_lines(tmp_path: Path, capsys) -> None:
    store = DataStore(tmp_path)
    meta = ds.UploadMetadata(part_id=PART, component_type="rdk:component:sensor", component_name="s1",
                             method_name="Readings", type=ds.DATA_TYPE_TABULAR_SENSOR, tags=["a"])
    readings = []
    for t in (100, 200, 300):
        r = ds.SensorData(struct={"readings": {"t": t}})
        r.metadata.time_requested.FromSeconds(t)
        readings.append(r)
    store.store_capture(meta, readings)
    store.close()
    main(["data", "export", "--data", str(tmp_path), "--part", PART, "--since", "1970-01-01T00:03:20Z"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["data"]["readings"]["t"] for line in lines] == [200, 300]
    assert lines[0]["time_requested"] == "1970-01-01T00:03:20.000000Z" and lines[0]["tags"] == ["a"]
    out = tmp_path / "out.jsonl"
    main(["data", "export", "--data", str(tmp_path), "--part", "other", "--out", str(out)])
    assert out.read_text() == ""
    assert abs(parse_since("10m") - (time.time() - 600)) < 5 and parse_since("5") == 5.0


async def test_large_binary_reading_streams_intact(start_machine, app, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO, "viam.app_lite.data")
    capture_dir = tmp_path / "cap"
    payload = bytes(range(256)) * 6000  # 1.5 MB: over the unary limit, so StreamingDataCaptureUpload
    writer = CaptureFileWriter(capture_dir / "rdk_component_camera" / "cam" / "GetImages", ds.DataCaptureMetadata(
        component_type="rdk:component:camera", component_name="cam", method_name="GetImages",
        type=ds.DATA_TYPE_BINARY_SENSOR, mime_type="image/png", tags=["big"]))
    reading = ds.SensorData(binary=payload)
    reading.metadata.time_requested.FromSeconds(1_700_000_000)
    writer.write(reading)
    writer.close()
    await start_machine({"cloud": cloud(app), "services": [dm(capture_dir, sync_interval_mins=0.002)]})
    store = app.data
    assert store is not None
    (record,) = await wait_for(lambda: [r for r in store.export(PART) if r["component_name"] == "cam"],
                               what="streamed upload")
    assert await asyncio.to_thread(Path(record["file"]).read_bytes) == payload
    assert (record["mime_type"], record["tags"], record["time_requested"]) == (
        "image/png", ["big"], "2023-11-14T22:13:20.000000Z")
    await wait_for(lambda: not list(capture_dir.rglob("*.capture")), what="deleted after ack")
    assert any("streaming data capture upload" in r.getMessage() for r in caplog.records)


async def test_official_sdk_upload_data_from_path(start_machine, app, tmp_path: Path, viam_sdk_python) -> None:
    upload = tmp_path / "up"
    (upload / "sub").mkdir(parents=True)
    (upload / "one.txt").write_text("1")
    (upload / "sub" / "two.json").write_text("{}")
    machine = await start_machine({"cloud": cloud(app), "services": [dm(tmp_path / "cap", sync_disabled=True)]})
    proc = await asyncio.create_subprocess_exec(
        str(viam_sdk_python), str(SDK_SCRIPTS / "upload_data_from_path.py"), f"127.0.0.1:{machine.port}", str(upload),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    result = json.loads(out.decode().splitlines()[-1])
    assert (result["files_uploaded"], result["bytes_total"], len(result["ids"])) == (2, 3, 2)
    store = app.data
    assert store is not None
    files = sorted(r["file_name"] for r in store.export(PART))
    assert files == [str(upload / "one.txt"), str(upload / "sub" / "two.json")]
    assert all(r["tags"] == ["sdk"] for r in store.export(PART))
