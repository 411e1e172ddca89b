"""The parent side of a module's dial-back: a private gRPC server per module.

Each module gets its own UNIX socket (in the machine's 0700 directory) serving RobotService and
every resource API, exactly what the machine serves on its main port. One socket per module
lets the server attribute each ``RobotService/Log`` entry to the module that sent it, which
the Log request itself does not say.
"""

from __future__ import annotations

from pathlib import Path

import grpc

from viam.gen.robot.v1 import robot_pb2_grpc
from viam.module.peer import same_user_gate
from viam.rpc import server as rpc_server


class ParentServer:
    """A gRPC server on ``address`` (``unix:/path`` or ``127.0.0.1:0``) for one module.

    The UNIX socket sits in the machine's 0700 directory; the tcp_mode port, which any local
    user can reach, lets in only callers whose socket is our user's or root's (viam.module.peer).
    ``router`` serves every resource API; ``robot_service`` is the module's RobotService (the
    machine builds one per module, so its log entries carry the module's name).
    """

    def __init__(self, router: grpc.GenericRpcHandler, robot_service: robot_pb2_grpc.RobotServiceServicer) -> None:
        self.router = router
        self.robot_service = robot_service
        self._server: grpc.aio.Server | None = None
        self.port = 0
        self.address = ""

    def _build(self, *, tcp: bool) -> grpc.aio.Server:
        server = rpc_server.new_server(gate=same_user_gate(lambda: self.port) if tcp else None)
        server.add_generic_rpc_handlers((self.router,))
        robot_pb2_grpc.add_RobotServiceServicer_to_server(self.robot_service, server)
        self._server = server
        return server

    async def start_unix(self, path: Path) -> str:
        server = self._build(tcp=False)
        path.unlink(missing_ok=True)  # noqa: ASYNC240 - removing a stale socket is instant
        server.add_insecure_port(f"unix:{path}")
        await server.start()
        self.address = str(path)  # the module protocol passes a plain path
        return self.address

    async def start_tcp(self) -> str:
        server = self._build(tcp=True)
        self.port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        self.address = f"127.0.0.1:{self.port}"
        return self.address

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop(0.2)
