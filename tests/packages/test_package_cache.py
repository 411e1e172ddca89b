"""Package step against a real viam-app-lite: download once, verify, resume, keep the old copy."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cloud.lite import LiteProcess, publish, tarball, thermo_module_archive
from viam.config.loader import parse_config
from viam.packages import PackageCache, PackageManager, PackageRef
from viam.packages.manager import FAILED, READY


def config(packages: list[dict[str, Any]], **extra: Any) -> Any:
    return parse_config({"packages": packages, **extra}, "test.json")


def entry(lite: LiteProcess, path: Path, *, name: str = "model", version: str = "1", sha: str = "") -> dict[str, Any]:
    relative = path.relative_to(lite.data / "packages").as_posix()
    return {"name": name, "package": "acme/model", "version": version, "type": "ml_model",
            "url": f"{lite.files_url}/packages/{relative}",
            "sha256": sha or hashlib.sha256(path.read_bytes()).hexdigest()}


def text(path: str | Path) -> str:
    return Path(path).read_text()


def is_executable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


@pytest.fixture
def lite(tmp_path: Path):
    servers: list[LiteProcess] = []

    def start(throttle_bps: int = 0) -> LiteProcess:
        server = LiteProcess(tmp_path / "app", throttle_bps=throttle_bps)
        (tmp_path / "app").mkdir(exist_ok=True)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


async def test_downloaded_once_then_served_from_cache(tmp_path: Path, lite) -> None:
    app = lite()
    archive = publish(app.data, "acme/model", "1", tarball({"weights.txt": "w1"}))
    cfg = config([entry(app, archive)])
    home = tmp_path / "home"
    prepared = await PackageManager(home).prepare(cfg)
    assert prepared.errors == []
    path = PackageCache(home / "packages").lookup(PackageRef("acme/model", "1", "ml_model"))
    assert path is not None and (path / "weights.txt").read_text() == "w1"
    status = json.loads(path.with_name(path.name + ".status.json").read_text())
    assert {k: status[k] for k in ("id", "version", "status")} == {"id": "acme/model", "version": "1", "status": "done"}
    assert status["checksum"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert len(app.downloads()) == 1

    second = PackageManager(home)  # a restarted server: same cache, fresh process state
    await second.prepare(cfg)
    assert len(app.downloads()) == 1, "an unchanged package was downloaded again"
    assert second.statuses()[0].state == READY


async def test_placeholders_and_environment(tmp_path: Path, lite) -> None:
    app = lite()
    archive = publish(app.data, "acme/model", "1", tarball({"weights.txt": "w1"}))
    cfg = config([entry(app, archive)], components=[{
        "name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
        "attributes": {"weights": "${packages.model}/weights.txt", "typed": "${packages.ml_model.model}",
                       "who": "${environment.WHO}", "nested": [{"x": "${environment.WHO}!"}]}}, {
        "name": "bad", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
        "attributes": {"w": "${packages.nope}"}}])
    prepared = await PackageManager(tmp_path / "home", environ={"WHO": "lab"}).prepare(cfg)
    attributes = prepared.components[0].attributes
    assert text(attributes["weights"]) == "w1"
    assert attributes["typed"] == str(Path(attributes["weights"]).parent)
    assert attributes["who"] == "lab" and attributes["nested"] == [{"x": "lab!"}]
    assert [c.name for c in prepared.components] == ["m"]
    assert any("${packages.nope}" in str(e) and e.resource_name is not None for e in prepared.errors)


async def test_bad_checksum_keeps_old_version_then_retry_succeeds(tmp_path: Path, lite) -> None:
    app = lite()
    v1 = publish(app.data, "acme/model", "1", tarball({"weights.txt": "w1"}))
    v2 = publish(app.data, "acme/model", "2", tarball({"weights.txt": "w2"}))
    manager = PackageManager(tmp_path / "home")
    await manager.prepare(config([entry(app, v1)]))
    assert not manager.needs_retry

    bad = entry(app, v2, version="2", sha="0" * 64)
    prepared = await manager.prepare(config([bad], components=[{
        "name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
        "attributes": {"weights": "${packages.model}/weights.txt"}}]))
    assert manager.needs_retry
    assert manager.statuses()[0].state == FAILED and "sha256 mismatch" in manager.statuses()[0].error
    assert text(prepared.components[0].attributes["weights"]) == "w1", "old version must keep running"
    cache = manager.cache
    assert cache.lookup(PackageRef("acme/model", "2", "ml_model")) is None
    assert not cache.partial_path(PackageRef("acme/model", "2", "ml_model")).exists(), "corrupt bytes kept"
    manager.cleanup(prepared)
    assert cache.lookup(PackageRef("acme/model", "1", "ml_model")) is not None, "cleanup removed the copy in use"

    prepared = await manager.prepare(config([entry(app, v2, version="2")]))  # the fixed config
    assert not manager.needs_retry
    manager.cleanup(prepared)
    assert cache.lookup(PackageRef("acme/model", "2", "ml_model")) is not None
    assert cache.lookup(PackageRef("acme/model", "1", "ml_model")) is None, "unreferenced package not cleaned up"
    assert not list(cache.dir_for(PackageRef("acme/model", "1", "ml_model")).parent.glob("acme-model-1*"))


async def test_truncated_file_is_rejected(tmp_path: Path, lite) -> None:
    app = lite()
    good = tarball({"weights.txt": "w" * 5000})
    path = publish(app.data, "acme/model", "1", good[: len(good) // 2])  # published truncated
    manager = PackageManager(tmp_path / "home")
    prepared = await manager.prepare(config([entry(app, path, sha=hashlib.sha256(good).hexdigest())]))
    assert manager.needs_retry and prepared.errors and "sha256 mismatch" in str(prepared.errors[0])
    assert manager.cache.lookup(PackageRef("acme/model", "1", "ml_model")) is None
    path.write_bytes(good)  # republished complete
    prepared = await manager.prepare(config([entry(app, path)]))
    assert not manager.needs_retry and not prepared.errors


async def test_server_dies_mid_transfer_then_download_resumes(tmp_path: Path, lite) -> None:
    app = lite(throttle_bps=400_000)
    archive = publish(app.data, "acme/model", "1", tarball({"blob.bin": os.urandom(600_000)}))
    manager = PackageManager(tmp_path / "home", download_timeout_s=3)
    ref = PackageRef("acme/model", "1", "ml_model")
    task = asyncio.create_task(manager.prepare(config([entry(app, archive)])))
    await asyncio.to_thread(app.wait_for_download)
    await asyncio.sleep(0.5)
    app.kill()  # the server (or the network) goes away mid-transfer
    prepared = await task
    assert manager.needs_retry and prepared.errors
    partial = manager.cache.partial_path(ref)
    assert 0 < partial.stat().st_size < archive.stat().st_size
    assert manager.cache.lookup(ref) is None
    held = partial.stat().st_size

    app.throttle_bps = 0
    app.lines.clear()
    app.start()  # back on the same address
    prepared = await manager.prepare(config([entry(app, archive)]))
    assert not prepared.errors and manager.cache.lookup(ref) is not None
    assert f"from_byte={held}" in app.downloads()[0], "download restarted instead of resuming"


async def test_corrupt_partial_is_never_resumed_into_a_trusted_copy(tmp_path: Path, lite) -> None:
    app = lite()
    archive = publish(app.data, "acme/model", "1", tarball({"weights.txt": "w1" * 1000}))
    manager = PackageManager(tmp_path / "home")
    ref = PackageRef("acme/model", "1", "ml_model")
    e = entry(app, archive)
    partial = manager.cache.partial_path(ref)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"garbage" * 10)
    partial.with_name(partial.name + ".json").write_text(json.dumps({"url": e["url"], "sha256": e["sha256"]}))
    prepared = await manager.prepare(config([e]))
    assert prepared.errors and "sha256 mismatch" in str(prepared.errors[0])
    assert not partial.exists()
    prepared = await manager.prepare(config([e]))
    assert not prepared.errors and manager.cache.lookup(ref) is not None


def test_recover_discards_what_a_crash_leaves(tmp_path: Path) -> None:
    cache = PackageCache(tmp_path / "packages")
    done = PackageRef("a", "1", "module")
    half = PackageRef("b", "1", "module")  # renamed into place, killed before the status was written
    downloading = PackageRef("c", "1", "module")  # killed while downloading (status says so)
    for ref in (done, half, downloading):
        cache.dir_for(ref).mkdir(parents=True)
    cache._write_status(done, {"id": "a", "version": "1", "status": "done", "checksum": "x"})
    cache._write_status(downloading, {"id": "c", "version": "1", "status": "downloading", "checksum": "x"})
    tmp = cache.dir_for(done).parent / ".tmp-d-1-abcd"  # killed while unpacking
    tmp.mkdir()
    (tmp / "file").write_text("half")
    assert cache.lookup(half) is None and cache.lookup(downloading) is None
    removed = cache.recover()
    assert len(removed) == 3
    assert cache.lookup(done) is not None
    assert not cache.dir_for(half).exists() and not cache.dir_for(downloading).exists() and not tmp.exists()


async def test_tarball_module_meta_entrypoint_and_first_run_once(tmp_path: Path) -> None:
    counter = tmp_path / "first-run-count"
    archive = tmp_path / "thermo.tar.gz"
    archive.write_bytes(thermo_module_archive(first_run=f'echo run >> "{counter}"\n'))
    cfg = parse_config({"modules": [{"name": "thermo", "executable_path": str(archive)}]}, "t.json")
    manager = PackageManager(tmp_path / "home")
    prepared = await manager.prepare(cfg)
    exe = Path(prepared.modules[0].executable_path)
    assert exe.name == "run.sh" and is_executable(exe)
    assert counter.read_text() == "run\n"
    await PackageManager(tmp_path / "home").prepare(cfg)
    assert counter.read_text() == "run\n", "first_run ran twice"


async def test_tarball_module_without_meta_is_reported(tmp_path: Path) -> None:
    archive = tmp_path / "broken.tar.gz"
    archive.write_bytes(tarball({"run.sh": "#!/bin/sh\n"}))
    cfg = parse_config({"modules": [{"name": "broken", "executable_path": str(archive)}]}, "t.json")
    prepared = await PackageManager(tmp_path / "home").prepare(cfg)
    assert prepared.modules == [] and "meta.json" in str(prepared.errors[0])


async def test_module_data_of_removed_modules_is_cleaned_in_this_machines_scope_only(tmp_path: Path) -> None:
    """module-data/<part id or "local">/<module>: another machine's (or an unscoped) dir is never touched."""
    home = tmp_path / "home"
    for name in ("local/kept", "local/gone", "other-part/gone", "legacy"):
        (home / "module-data" / name).mkdir(parents=True)
    cfg = parse_config({"modules": [{"name": "kept", "executable_path": "/bin/true"}]}, "t.json")
    manager = PackageManager(home)
    manager.cleanup(await manager.prepare(cfg))
    data = home / "module-data"
    assert (data / "local" / "kept").is_dir() and not (data / "local" / "gone").exists()
    assert (data / "other-part" / "gone").is_dir() and (data / "legacy").is_dir()
