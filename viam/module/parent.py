"""The parent side of a module's dial-back: a private gRPC server per module.

Each module gets its own UNIX socket (in the machine's 0700 directory) serving RobotService and
every resource API, exactly what the machine serves on its main port. One socket per module
lets the server attribute each ``RobotService/Log`` entry to the module that sent it, which
the Log request itself does not say.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import grpc

from viam.gen.robot.v1 import robot_pb2 as pb
from viam.gen.robot.v1 import robot_pb2_grpc
from viam.module.peer import same_user_gate
from viam.robot.service import LOG_LEVELS, RobotService, log_levels_or_abort
from viam.rpc import server as rpc_server

if TYPE_CHECKING:
    from viam.robot.machine import Machine

MODULE_LOG = logging.getLogger("viam.module_logs")



class ModuleRobotService(RobotService):
    """RobotService as one module sees it: its log entries are tagged with its name."""

    def __init__(self, machine: Machine, module_name: str) -> None:
        super().__init__(machine)
        self.module_name = module_name

    async def Log(self, request: pb.LogRequest, context: grpc.aio.ServicerContext) -> pb.LogResponse:
        for entry, level in zip(request.logs, await log_levels_or_abort(request, context), strict=True):
            fields = {"module_name": self.module_name, "logger_name": entry.logger_name or self.module_name}
            if MODULE_LOG.isEnabledFor(level):
                MODULE_LOG.log(level, entry.message, extra=fields)
            elif level >= self._module_level():
                # The module's own log_level (e.g. "debug") wins over the server's, as in the reference.
                MODULE_LOG.handle(MODULE_LOG.makeRecord(MODULE_LOG.name, level, "", 0, entry.message, (), None,
                                                        extra=fields))
        return pb.LogResponse()

    def _module_level(self) -> int:
        module = self.machine.modules.modules.get(self.module_name)
        level = module.spec.log_level if module is not None else "info"
        return LOG_LEVELS.get(level.lower(), logging.INFO)


class ParentServer:
    """A gRPC server on ``address`` (``unix:/path`` or ``127.0.0.1:0``) for one module.

    The UNIX socket sits in the machine's 0700 directory; the tcp_mode port, which any local
    user can reach, lets in only callers whose socket is our user's or root's (viam.module.peer).
    """

    def __init__(self, machine: Machine, module_name: str) -> None:
        self.machine = machine
        self.module_name = module_name
        self._server: grpc.aio.Server | None = None
        self.port = 0
        self.address = ""

    def _build(self, *, tcp: bool) -> grpc.aio.Server:
        server = rpc_server.new_server(gate=same_user_gate(lambda: self.port) if tcp else None)
        server.add_generic_rpc_handlers((self.machine.router,))
        robot_pb2_grpc.add_RobotServiceServicer_to_server(ModuleRobotService(self.machine, self.module_name), server)
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
