"""The fake generic service (``services`` section) through our client and the official SDK."""

import pytest

from tests.conftest import run_sdk_script
from viam.errors import NotSupportedError, ResourceNotFoundError
from viam.resource.names import API
from viam.services.generic import Generic

CONFIG = {"services": [{"name": "generic_service1", "api": "rdk:service:generic", "model": "rdk:builtin:fake",
                        "attributes": {}}]}


async def test_fake_generic_service_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    assert any(n.api == API.service("generic") and n.name == "generic_service1" for n in robot.resource_names)
    service = Generic.from_robot(robot, "generic_service1")
    assert await service.do_command({"plan": ["a", "b"], "speed": 0.5}) == {"plan": ["a", "b"], "speed": 0.5}
    assert await service.get_status() == {"commands": 1}
    with pytest.raises(NotSupportedError, match="no GetGeometries"):
        await service.get_geometries()


async def test_unknown_generic_service_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no generic named 'nope'"):
        Generic.from_robot(robot, "nope")


async def test_bare_type_and_namespace_form_is_a_service(start_machine, connect):
    """The legacy ``type``/``namespace`` keys in ``services`` resolve to rdk:service:generic too."""
    config = {"services": [{"name": "svc", "type": "generic", "namespace": "rdk", "model": "fake"}]}
    robot = await connect(await start_machine(config))
    assert await Generic.from_robot(robot, "svc").do_command({"k": 1}) == {"k": 1}


@pytest.mark.sdk
def test_fake_generic_service_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "generic_service.py", server.address).strip().endswith("ok")
