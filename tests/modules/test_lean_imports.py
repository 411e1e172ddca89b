"""What a module process loads (#24 req 4): stubs from descriptors, argv by hand, no server-only imports.

Each import a built-in module process makes is memory it holds for its whole life. These tests
pin down the pieces that keep it small: ``viam.rpc.stubs`` (clients and servicers from service
descriptors, instead of the ``*_pb2_grpc`` modules), ``parse_argv`` (instead of argparse), and the
list of modules a module process must not load at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import grpc
import pytest

from viam.gen.robot.v1 import robot_pb2
from viam.module.runtime import parse_argv
from viam.rpc.operations import new_operation_id
from viam.rpc.stubs import ServiceStub, add_servicer

REPO = Path(__file__).resolve().parents[2]
ROBOT_SERVICE = robot_pb2.DESCRIPTOR.services_by_name["RobotService"]

# Loaded by a module process only through a regression: the server's pieces, generated stubs,
# argparse, the log file's handlers, uuid (with platform), gpiozero's device classes.
NOT_IN_A_MODULE = ("argparse", "logging.handlers", "uuid", "platform", "viam.rpc.front", "viam.rpc.inprocess",
                   "gpiozero.boards", "gpiozero.spi_devices", "gpiozero.internal_devices")


@pytest.mark.parametrize(("argv", "expected"), [
    (["/tmp/m.sock"], ("/tmp/m.sock", "info", False)),
    (["/tmp/m.sock", "--log-level=debug"], ("/tmp/m.sock", "debug", False)),
    (["--log-level", "warn", "/tmp/m.sock", "--tcp-mode"], ("/tmp/m.sock", "warn", True)),
    (["127.0.0.1:5000", "--tcp-mode", "--log-level=error", "--future-flag", "extra"],
     ("127.0.0.1:5000", "error", True)),
])
def test_parse_argv(argv, expected):
    assert parse_argv(argv) == expected


def test_parse_argv_without_a_socket_exits_with_the_usage(capsys):
    with pytest.raises(SystemExit) as exited:
        parse_argv(["--log-level=info"])
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_operation_ids_are_uuid4_strings():
    ids = {new_operation_id() for _ in range(200)}
    assert len(ids) == 200
    for text in ids:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)


class _Robot:
    """Two RobotService methods (a unary and a server-streaming one); the rest are left out."""

    async def GetVersion(self, request, context):
        return robot_pb2.GetVersionResponse(platform="test", version="1.2.3")

    async def StreamStatus(self, request, context):
        for _ in range(3):
            yield robot_pb2.StreamStatusResponse()


async def test_stub_and_servicer_from_descriptors(tmp_path):
    server = grpc.aio.server()
    add_servicer(server, _Robot(), ROBOT_SERVICE)
    server.add_insecure_port(f"unix:{tmp_path / 's.sock'}")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"unix:{tmp_path / 's.sock'}") as channel:
            stub = ServiceStub(channel, ROBOT_SERVICE)
            version = await stub.GetVersion(robot_pb2.GetVersionRequest(), timeout=10)
            assert (version.platform, version.version) == ("test", "1.2.3")
            assert stub.GetVersion is stub.GetVersion, "each method's callable is made once"
            streamed = [r async for r in stub.StreamStatus(robot_pb2.StreamStatusRequest(), timeout=10)]
            assert len(streamed) == 3
            with pytest.raises(grpc.aio.AioRpcError) as missing:
                await stub.ResourceNames(robot_pb2.ResourceNamesRequest(), timeout=10)
            assert missing.value.code() == grpc.StatusCode.UNIMPLEMENTED
            assert getattr(stub, "NoSuchMethod", None) is None
            with pytest.raises(AttributeError, match="RobotService has no method NoSuchMethod"):
                stub.NoSuchMethod  # noqa: B018
    finally:
        await server.stop(None)


def test_gpiozero_pin_layer_loads_alone_and_the_rest_on_first_use():
    code = (
        "import sys, json\n"
        "from drivers.gpio import MockGpioBackend, open_gpio_backend, zero\n"
        "MockGpioBackend().pin('11', holder='test').set(True)\n"
        "open_gpio_backend('mock').pin('13', holder='test').set(True)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('gpiozero', 'importlib')))\n"
        "complete_before = zero.is_complete()\n"
        "import gpiozero.devices\n"
        "factories = sorted(e.name for e in gpiozero.devices.entry_points(group='gpiozero_pin_factories'))\n"
        "from gpiozero import LED, Device\n"
        "print(json.dumps([loaded, complete_before, zero.is_complete(), LED.__name__, factories]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "GPIOZERO_PIN_FACTORY": "mock"})
    assert out.returncode == 0, out.stderr
    loaded, complete_before, complete_after, led, factories = json.loads(out.stdout)
    assert "gpiozero.pins.mock" in loaded and "gpiozero.boards" not in loaded, loaded
    assert not {"importlib_metadata", "importlib.metadata"} & set(loaded), "entry_points loads on its first call"
    assert (complete_before, complete_after, led) == (False, True, "LED")
    assert "mock" in factories, "gpiozero's entry_points still answers"


@pytest.mark.parametrize("module", ["system_sensors", "base", "sensors", "raspberry_pi", "webcam"])
def test_builtin_module_imports_nothing_server_only(module):
    """Everything a built-in module imports before serving (its __main__ without running it)."""
    code = (
        "import runpy, sys, json\n"
        f"runpy.run_module('builtin_modules.{module}', run_name='not_main')\n"
        "import viam.module\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout))
    assert not sorted(m for m in loaded if m.endswith("_pb2_grpc")), "generated stubs: use viam.rpc.stubs"
    assert not loaded & set(NOT_IN_A_MODULE)
