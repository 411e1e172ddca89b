"""The fake generic component through our client and through the official SDK, over real gRPC."""

import pytest

from tests.conftest import run_sdk_script
from viam.components.generic import Generic
from viam.errors import ResourceNotFoundError
from viam.services.generic import Generic as GenericService

CONFIG = {"components": [{"name": "generic1", "api": "rdk:component:generic", "model": "rdk:builtin:fake",
                          "attributes": {}}]}


async def test_fake_generic_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    thing = Generic.from_robot(robot, "generic1")
    command = {"on": [300, 10], "mode": "fast", "flags": {"a": True, "b": None}}
    assert await thing.do_command(command) == command
    assert await thing.do_command({}) == {}
    assert await thing.get_status() == {"commands": 2}
    assert await thing.get_geometries(extra={"x": 1}) == []


async def test_component_and_service_generics_are_distinct(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no generic named 'generic1'"):
        GenericService.from_robot(robot, "generic1")
    with pytest.raises(ResourceNotFoundError, match="no generic named 'nope'"):
        Generic.from_robot(robot, "nope")


@pytest.mark.sdk
def test_fake_generic_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "generic.py", server.address).strip().endswith("ok")
