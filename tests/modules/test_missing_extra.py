"""A module that dies of a missing optional dependency says which extra to install."""

from __future__ import annotations

from tests.modules.conftest import FAST, eventually
from tests.modules.test_failures import UNHEALTHY, status_of
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.module.process import install_hint

STARTING = pb.ModuleStatus.STATE_STARTING


async def test_missing_hardware_extra_names_the_pip_command(start_machine, shell_module):
    script = ("echo 'Traceback (most recent call last):' >&2\n"
              "echo \"ModuleNotFoundError: No module named 'gpiozero'\" >&2\nexit 1\n")
    machine = await start_machine({"modules": [{"name": "pins", "executable_path": shell_module("pins", script)}]},
                                  module_settings=FAST)
    await eventually(lambda: status_of(machine, "pins").state == UNHEALTHY)
    error = status_of(machine, "pins").error
    assert "No module named 'gpiozero'" in error
    assert "pip install 'viam-pi[hardware]'" in error


def test_install_hint_forms():
    assert "viam-pi[agent]" in install_hint(["ModuleNotFoundError: No module named 'dbus_fast.aio'"])
    assert "'acme_lib' is missing" in install_hint(["ModuleNotFoundError: No module named 'acme_lib'"])
    assert install_hint(["RuntimeError: boom"]) == ""


async def test_a_crash_loop_logs_its_traceback_once(start_machine, shell_module, caplog):
    script = ("echo 'Traceback (most recent call last):' >&2\n"
              "echo '  File \"main.py\", line 1, in <module>' >&2\n"
              "echo \"ModuleNotFoundError: No module named 'gpiozero'\" >&2\nexit 1\n")
    with caplog.at_level("DEBUG", logger="viam.module"):
        machine = await start_machine({"modules": [{"name": "pins", "executable_path": shell_module("pins", script)}]},
                                      module_settings=FAST)
        await eventually(lambda: status_of(machine, "pins").consecutive_failures >= 3, timeout_s=20)
    lines = [r for r in caplog.records if "No module named 'gpiozero'" in r.getMessage()
             and getattr(r, "stream", "") == "stderr"]
    assert len(lines) >= 3
    assert [r.levelname for r in lines].count("ERROR") == 1, "the repeat of a crash's output is at debug"


async def test_a_resource_of_a_down_module_names_the_module_and_its_error(start_machine, shell_module):
    script = "echo 'boom: cannot open /dev/acme0' >&2\nexit 3\n"
    machine = await start_machine({
        "modules": [{"name": "acme", "executable_path": shell_module("acme", script)}],
        "components": [{"name": "outside", "api": "rdk:component:sensor", "model": "acme:weather:station"}],
    }, module_settings=FAST)
    await eventually(lambda: status_of(machine, "acme").state == UNHEALTHY)
    await machine.manager.retry_unhealthy()
    [node] = machine.manager.nodes.values()
    assert "modules not running: 'acme'" in node.error and "cannot open /dev/acme0" in node.error


async def test_a_resource_of_a_restarting_module_names_its_last_failure(start_machine, shell_module):
    # The first run fails; the second never serves, so the module stays STARTING while the resource is rebuilt.
    script = ('if [ -e "$0.ran" ]; then exec sleep 600; fi\ntouch "$0.ran"\n'
              "echo 'boom: cannot open /dev/acme0' >&2\nexit 3\n")
    machine = await start_machine({
        "modules": [{"name": "acme", "executable_path": shell_module("acme", script)}],
        "components": [{"name": "outside", "api": "rdk:component:sensor", "model": "acme:weather:station"}],
    }, module_settings=FAST)
    await eventually(lambda: status_of(machine, "acme").state == STARTING
                     and status_of(machine, "acme").consecutive_failures == 1)
    await machine.manager.retry_unhealthy()
    [node] = machine.manager.nodes.values()
    assert "modules not running: 'acme': starting after: " in node.error, node.error
    assert "cannot open /dev/acme0" in node.error
