"""Updates and settings from the cloud's AgentDeviceService, served by an in-test grpc.aio server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import grpc
from google.protobuf import duration_pb2, struct_pb2

from tests.agent.helpers import AgentRoot, ArtifactHTTP, sha256, wait_for
from viam.gen.app.agent.v1 import agent_pb2, agent_pb2_grpc
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc

TOKEN = "test-token"


class FakeCloud(agent_pb2_grpc.AgentDeviceServiceServicer, auth_pb2_grpc.AuthServiceServicer):
    def __init__(self) -> None:
        self.requests: list[agent_pb2.DeviceAgentConfigRequest] = []
        self.update: agent_pb2.UpdateInfo | None = None

    async def Authenticate(self, request: Any, context: Any) -> auth_pb2.AuthenticateResponse:  # noqa: N802
        if (request.entity, request.credentials.type, request.credentials.payload) != (
                "part-1", "robot-secret", "s3cret"):
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "bad credentials")
        return auth_pb2.AuthenticateResponse(access_token=TOKEN)

    async def DeviceAgentConfig(self, request: Any, context: Any) -> agent_pb2.DeviceAgentConfigResponse:  # noqa: N802
        if dict(context.invocation_metadata()).get("authorization") != f"Bearer {TOKEN}":
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "no token")
        self.requests.append(request)
        system = struct_pb2.Struct()
        system.update({"os_auto_upgrade_type": "security"})
        response = agent_pb2.DeviceAgentConfigResponse(
            check_interval=duration_pb2.Duration(seconds=5), system_configuration=system)
        if self.update is not None:
            response.viam_server_update_info.CopyFrom(self.update)
        return response


async def test_update_from_cloud_and_cached_config(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    cloud = FakeCloud()
    server = grpc.aio.server()
    agent_pb2_grpc.add_AgentDeviceServiceServicer_to_server(cloud, server)
    auth_pb2_grpc.add_AuthServiceServicer_to_server(cloud, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        agent_root.write_config({"cloud": {"id": "part-1", "secret": "s3cret", "app_address": f"http://127.0.0.1:{port}"}})
        agent_root.install("1.0.0")
        artifact = agent_root.artifact("2.0.0")
        cloud.update = agent_pb2.UpdateInfo(
            filename=artifact.name, url=http.url(artifact.name), version="2.0.0",
            sha256=bytes.fromhex(sha256(artifact)), format=agent_pb2.PACKAGE_FORMAT_EXECUTABLE)
        agent = agent_root.start()
        await asyncio.to_thread(agent_root.wait_version, "2.0.0", 20.0)
        assert cloud.requests[0].id == "part-1"
        assert cloud.requests[0].version_info.viam_server_running == "1.0.0"
        cache = agent_root.root / "opt" / "viam" / "cache" / "cloud-agent-config.json"
        cached = json.loads(cache.read_text())
        assert cached["system_configuration"] == {"os_auto_upgrade_type": "security"}
        assert cached["update"] == {"check_interval_s": 5.0}
        await asyncio.to_thread(agent_root.stop, agent)
    finally:
        await server.stop(None)
    # Offline boot: the cloud is gone, the cached config is used and the server still runs.
    agent_root.start("--enable-syscfg")
    await asyncio.to_thread(agent_root.wait_version, "2.0.0")
    await asyncio.to_thread(wait_for, lambda: "cloud check failed (using cached config)" in agent_root.log(),
                            10.0, "offline cloud check")
    assert "using cached cloud agent config" in agent_root.log()
    upgrades = agent_root.root / "etc" / "apt" / "apt.conf.d" / "52viam-unattended-upgrades"
    assert upgrades.exists()  # syscfg applied the cached cloud setting


async def test_api_key_only_machine_authenticates_and_sends_reference_host_info(agent_root: AgentRoot) -> None:
    class KeyCloud(FakeCloud):
        async def Authenticate(self, request: Any, context: Any) -> auth_pb2.AuthenticateResponse:  # noqa: N802
            if (request.entity, request.credentials.type, request.credentials.payload) != ("key-id", "api-key", "k3y"):
                await context.abort(grpc.StatusCode.UNAUTHENTICATED, "bad credentials")
            return auth_pb2.AuthenticateResponse(access_token=TOKEN)

    cloud = KeyCloud()
    server = grpc.aio.server()
    agent_pb2_grpc.add_AgentDeviceServiceServicer_to_server(cloud, server)
    auth_pb2_grpc.add_AuthServiceServicer_to_server(cloud, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        agent_root.write_config({"cloud": {"id": "part-1", "api_key": {"id": "key-id", "key": "k3y"},
                                           "app_address": f"http://127.0.0.1:{port}"}})
        agent_root.install("1.0.0")
        agent = agent_root.start()
        await asyncio.to_thread(wait_for, lambda: cloud.requests, 20.0, "an authenticated DeviceAgentConfig")
        info = cloud.requests[0].host_info
        assert info.platform.startswith("linux/") and info.platform.split("/")[1] in ("amd64", "arm64", "arm")
        assert ":" in info.distro or info.distro == ""
        agent_root.stop(agent)
    finally:
        await server.stop(None)
