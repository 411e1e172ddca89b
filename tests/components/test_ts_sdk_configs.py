"""The official TypeScript SDK's e2e machine configs (fake base, servo, motor; fake arm and camera)
start: every component is served; only what this project does not serve (the vision service) is
unhealthy, saying so."""

import asyncio

import pytest

from viam.components.arm import Arm
from viam.components.base import Base

# e2e/fixtures/configs/base.json of viam-typescript-sdk, two of its versions (the type/model short forms).
TS_BASE = {"components": [{"name": "base1", "type": "base", "model": "fake"},
                          {"name": "servo1", "type": "servo", "model": "fake"},
                          {"name": "motor1", "type": "motor", "model": "fake"}]}
TS_ARM = {"components": [{"name": "fake_arm", "type": "arm", "model": "fake"},
                         {"name": "fake_camera", "type": "camera", "model": "fake"}],
          "services": [{"name": "fake_vision", "type": "vision", "model": "fake"}]}


@pytest.mark.parametrize("config", [TS_BASE, TS_ARM], ids=["base", "arm"])
async def test_typescript_sdk_example_configs_start(start_machine, connect, config):
    robot = await connect(await start_machine(config))
    expected = {c["name"] for c in config["components"]}
    for _ in range(100):
        statuses = {s.name.name: s for s in (await robot.get_machine_status()).resources}
        if all(n in statuses and statuses[n].state == statuses[n].STATE_READY for n in expected):
            break
        await asyncio.sleep(0.05)
    assert all(statuses[n].state == statuses[n].STATE_READY for n in expected), statuses
    if "fake_vision" in statuses:
        assert "not served here" in statuses["fake_vision"].error
    await robot.refresh()
    if "base1" in expected:
        await Base.from_robot(robot, "base1").move_straight(100, 50)
    if "fake_arm" in expected:
        # rdk's default fake kinematics: one joint.
        assert list((await Arm.from_robot(robot, "fake_arm").get_joint_positions()).values) == [0]
