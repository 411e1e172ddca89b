"""A module that never creates its socket never holds up other config changes: with the default
module timeouts (300 s start-up), a save adding a motor is served within seconds, and the
module keeps being waited for in the background (its status says so)."""

from __future__ import annotations

import asyncio
import json
import time

from viam.client import DialOptions, RobotClient
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.testing.process import ServerProcess

FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)


async def _statuses(robot: RobotClient) -> dict[str, pb.ResourceStatus]:
    return {r.name.name: r for r in (await robot.get_machine_status()).resources}


async def test_a_module_that_never_creates_its_socket_does_not_hold_up_a_later_save(tmp_path):
    stuck = tmp_path / "never-serves.sh"
    stuck.write_text("#!/bin/sh\nexec sleep 600\n")  # never opens the socket it was given
    stuck.chmod(0o755)
    motor = {"name": "m1", "api": "rdk:component:motor", "model": "fake"}
    config = {"network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"},
              "modules": [{"name": "stuck", "executable_path": str(stuck)}], "components": [motor]}
    server = ServerProcess(config, tmp_path).start(wait_running=False)  # default module timeouts
    robot = await RobotClient.at_address(server.address, FAST)
    try:
        server.wait_for_line(r"starting module process .*module_name=stuck", 30)
        data = json.loads(server.config_path.read_text())
        data["components"].append({"name": "m2", "api": "rdk:component:motor", "model": "fake"})
        saved = time.monotonic()
        server.config_path.write_text(json.dumps(data))
        while True:
            entries = await _statuses(robot)
            if "m2" in entries and entries["m2"].state == pb.ResourceStatus.STATE_READY:
                break
            # Generous for a loaded 2-core machine, far below the 300 s start-up timeout the
            # module is still being waited for with.
            assert time.monotonic() - saved < 20, f"the save waited for the stuck module: {entries}"
            await asyncio.sleep(0.1)
        assert entries["m1"].state == pb.ResourceStatus.STATE_READY
        modules = {m.module_name: m for m in (await robot.get_machine_status()).modules}
        assert modules["stuck"].state == pb.ModuleStatus.STATE_STARTING, modules  # still waited for
    finally:
        await robot.close()
        server.stop()
