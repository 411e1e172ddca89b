"""RobotService: the machine-level API (names, status, sessions, stop-all, logs, version)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection, Iterable
from typing import Protocol

import grpc
from google.protobuf import duration_pb2, json_format

from viam import __version__
from viam.client.robot import MACHINE_ID_METADATA
from viam.config.model import MachineConfig
from viam.errors import ViamError
from viam.gen.common.v1 import common_pb2
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.gen.robot.v1 import robot_pb2_grpc
from viam.remote.connection import REMOTE_CHAIN_METADATA
from viam.resource.base import Resource
from viam.resource.names import API, ResourceName
from viam.robot import frames
from viam.robot.status import timestamp as _timestamp
from viam.rpc.auth import Authenticator
from viam.rpc.operations import OperationTracker
from viam.rpc.sessions import SESSION_METADATA_KEY, SessionExpiredError, SessionManager
from viam.utils import shorten, struct_to_dict

LOG = logging.getLogger(__name__)
MODULE_LOG = logging.getLogger("viam.module_logs")
Ctx = grpc.aio.ServicerContext
API_VERSION = "v0.1.0"

# The reference accepts debug/info/warn/warning/error (any case); "critical" is what an official-SDK
# module sends for logger.critical(), so it (and zap's fatal/panic) is kept rather than dropped.
LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "warning": logging.WARNING,
              "error": logging.ERROR, "critical": logging.CRITICAL, "fatal": logging.CRITICAL,
              "panic": logging.CRITICAL}


async def log_levels_or_abort(request: pb.LogRequest, context: Ctx) -> list[int]:
    """Each entry's logging level; a request with no entries or an unknown level fails as in the reference.

    The reference answers these with a plain error (UNKNOWN) and logs nothing of the request.
    """
    if not request.logs:
        await context.abort(grpc.StatusCode.UNKNOWN, "LogRequest received with no associated logs")
    levels = []
    for entry in request.logs:
        level = LOG_LEVELS.get(entry.level.lower())
        if level is None:
            await context.abort(grpc.StatusCode.UNKNOWN,
                                f"LogRequest received with invalid level {shorten(entry.level, 40)!r}")
        levels.append(level)
    return levels


SHUTDOWN_DELAY_S = 0.3  # after a Shutdown call's response, before the listener stops


class RobotHost(Protocol):
    """The machine as RobotService sees it (``viam.robot.machine.Machine`` is the one in use)."""

    machine_id: str
    config: MachineConfig
    sessions: SessionManager
    authenticator: Authenticator
    operations: OperationTracker

    def is_running(self) -> bool: ...
    async def wait_running(self, timeout_s: float | None = None) -> None: ...
    def resource_names(self, exclude_origins: Collection[str] = ()) -> list[ResourceName]: ...
    def resource(self, name: ResourceName) -> Resource: ...
    def served_apis(self) -> list[tuple[API, str]]: ...
    def status(self) -> pb.GetMachineStatusResponse: ...
    async def stop_all(self, extras: dict[ResourceName, dict] | None = None) -> list[str]: ...
    def module_models(self) -> list[pb.ModuleModel]: ...
    async def restart_module(self, key: str) -> None: ...
    def request_shutdown(self) -> None: ...


class RobotService(robot_pb2_grpc.RobotServiceServicer):
    """RobotService for one listener.

    ``startup_wait_s``: while the machine is INITIALIZING, ResourceNames waits up to this long for
    the first build to finish. A client connecting the moment the port opens (the official SDK
    lists resources once, at connect) then sees the configured resources rather than an empty
    machine; a longer build still answers, with what is ready so far. GetMachineStatus never waits.
    The modules' parent socket uses 0: a module asks for names while the first build waits on it.
    """

    def __init__(self, machine: RobotHost, *, startup_wait_s: float = 0.0) -> None:
        self.machine = machine
        self.startup_wait_s = startup_wait_s

    async def _wait_initial_build(self, context: Ctx) -> None:
        wait_s = self.startup_wait_s
        remaining = context.time_remaining()
        if remaining is not None:
            wait_s = min(wait_s, remaining - 0.25)  # leave the caller time to get the answer
        if wait_s > 0 and not self.machine.is_running():
            with contextlib.suppress(TimeoutError):
                await self.machine.wait_running(wait_s)

    async def ResourceNames(self, request: pb.ResourceNamesRequest, context: Ctx) -> pb.ResourceNamesResponse:
        # A machine asking for our names says who it is, so we never hand its own resources back
        # to it (A remote of B and B remote of A must not loop); we say who we are in return.
        chain: set[str] = set()
        for key, value in context.invocation_metadata() or ():
            if key == REMOTE_CHAIN_METADATA:
                chain.update(value.split(","))
        await self._wait_initial_build(context)
        await context.send_initial_metadata(((MACHINE_ID_METADATA, self.machine.machine_id),))
        names = self.machine.resource_names(exclude_origins=chain)
        return pb.ResourceNamesResponse(resources=[n.to_proto() for n in names])

    async def ResourceRPCSubtypes(
        self, request: pb.ResourceRPCSubtypesRequest, context: Ctx
    ) -> pb.ResourceRPCSubtypesResponse:
        subtypes = []
        for api, service_name in self.machine.served_apis():
            subtype = common_pb2.ResourceName(namespace=api.namespace, type=api.resource_type,
                                              subtype=api.resource_subtype)
            subtypes.append(pb.ResourceRPCSubtype(subtype=subtype, proto_service=service_name))
        return pb.ResourceRPCSubtypesResponse(resource_rpc_subtypes=subtypes)

    async def GetMachineStatus(
        self, request: pb.GetMachineStatusRequest, context: Ctx
    ) -> pb.GetMachineStatusResponse:
        return self.machine.status()

    async def GetVersion(self, request: pb.GetVersionRequest, context: Ctx) -> pb.GetVersionResponse:
        return pb.GetVersionResponse(platform="viam-pi", version=f"v{__version__}", api_version=API_VERSION)

    async def StopAll(self, request: pb.StopAllRequest, context: Ctx) -> pb.StopAllResponse:
        extras = {ResourceName.from_proto(e.name): struct_to_dict(e.params) for e in request.extra}
        errors = await self.machine.stop_all(extras)
        if errors:
            await context.abort(grpc.StatusCode.UNKNOWN, "failed to stop: " + "; ".join(errors))
        return pb.StopAllResponse()

    async def GetOperations(self, request: pb.GetOperationsRequest, context: Ctx) -> pb.GetOperationsResponse:
        ops = []
        for op in list(self.machine.operations.operations.values()):
            message = pb.Operation(id=op.id, method=op.method, started=_timestamp(op.started))
            session_id = op.session_id or next(
                (value for key, value in op.metadata or () if key == SESSION_METADATA_KEY), "")
            if session_id:
                message.session_id = session_id
            if op.request is not None:  # the request as a struct, with proto field names, as the reference
                request_class, raw = op.request
                try:
                    message.arguments.update(json_format.MessageToDict(request_class.FromString(raw),
                                                                       preserving_proto_field_name=True))
                except Exception:  # noqa: BLE001 - listing must not fail on one odd request
                    LOG.debug("cannot decode the arguments of %s", op.method, exc_info=True)
            ops.append(message)
        return pb.GetOperationsResponse(operations=ops)

    async def CancelOperation(self, request: pb.CancelOperationRequest, context: Ctx) -> pb.CancelOperationResponse:
        # An unknown (or already finished) id is not an error, as in the reference.
        self.machine.operations.cancel(request.id)
        return pb.CancelOperationResponse()

    async def BlockForOperation(
        self, request: pb.BlockForOperationRequest, context: Ctx
    ) -> pb.BlockForOperationResponse:
        await self.machine.operations.wait(request.id)
        return pb.BlockForOperationResponse()

    async def GetSessions(self, request: pb.GetSessionsRequest, context: Ctx) -> pb.GetSessionsResponse:
        sessions = [pb.Session(id=s.id) for s in self.machine.sessions.sessions.values()]
        return pb.GetSessionsResponse(sessions=sessions)

    async def StartSession(self, request: pb.StartSessionRequest, context: Ctx) -> pb.StartSessionResponse:
        try:
            session = self.machine.sessions.start_session(request.resume, peer=context.peer() or "",
                                                          entity=self._entity(context))
        except SessionExpiredError as exc:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        window = duration_pb2.Duration()
        window.FromNanoseconds(int(session.window_s * 1e9))
        return pb.StartSessionResponse(id=session.id, heartbeat_window=window)

    async def SendSessionHeartbeat(
        self, request: pb.SendSessionHeartbeatRequest, context: Ctx
    ) -> pb.SendSessionHeartbeatResponse:
        try:
            self.machine.sessions.heartbeat(request.id, self._entity(context))
        except SessionExpiredError as exc:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        return pb.SendSessionHeartbeatResponse()

    def _entity(self, context: Ctx) -> str:
        """The caller's authenticated entity ('' when auth is off or on the module socket)."""
        authenticator = self.machine.authenticator
        if not authenticator.enabled:
            return ""
        try:
            return authenticator.entity_of(context.invocation_metadata())
        except Exception:  # noqa: BLE001 - the parent socket carries no token
            return ""

    async def Log(self, request: pb.LogRequest, context: Ctx) -> pb.LogResponse:
        for entry, level in zip(request.logs, await log_levels_or_abort(request, context), strict=True):
            MODULE_LOG.log(level, entry.message, extra={"logger_name": entry.logger_name or "module"})
        return pb.LogResponse()

    async def GetCloudMetadata(
        self, request: pb.GetCloudMetadataRequest, context: Ctx
    ) -> pb.GetCloudMetadataResponse:
        cloud = self.machine.config.cloud
        if cloud is None:
            # The reference answers a plain error (UNKNOWN) with this text; UNAVAILABLE would read as "server down".
            await context.abort(grpc.StatusCode.UNKNOWN, "cloud metadata not available: no cloud section in config")
        return pb.GetCloudMetadataResponse(machine_part_id=cloud.id, machine_id=cloud.raw.get("machine_id", ""),
                                           primary_org_id=cloud.raw.get("primary_org_id", ""),
                                           location_id=cloud.raw.get("location_id", cloud.raw.get("location", "")))

    async def GetModelsFromModules(
        self, request: pb.GetModelsFromModulesRequest, context: Ctx
    ) -> pb.GetModelsFromModulesResponse:
        return pb.GetModelsFromModulesResponse(models=self.machine.module_models())

    async def RestartModule(self, request: pb.RestartModuleRequest, context: Ctx) -> pb.RestartModuleResponse:
        key = request.module_id or request.module_name
        try:
            await self.machine.restart_module(key)
        except KeyError as exc:  # no such module: NOT_FOUND naming the modules that exist
            await context.abort(grpc.StatusCode.NOT_FOUND, str(exc))
        return pb.RestartModuleResponse()

    async def Shutdown(self, request: pb.ShutdownRequest, context: Ctx) -> pb.ShutdownResponse:
        # Shut down a moment after this call has ended, so its response has reached the caller
        # before the listener says GOAWAY (the official SDK's grpclib fails a call whose answer
        # arrives after GOAWAY with "connection lost").
        loop = asyncio.get_running_loop()
        context.add_done_callback(lambda _: loop.call_later(SHUTDOWN_DELAY_S, self.machine.request_shutdown))
        return pb.ShutdownResponse()

    def _frame_system(self, supplemental: Iterable[common_pb2.Transform] = ()) -> frames.FrameSystem:
        """The configured frames, arms at their current joints (plus the request's extra frames)."""
        return frames.live_frame_system(self.machine.config.resources, self.machine.resource, supplemental)

    async def FrameSystemConfig(
        self, request: pb.FrameSystemConfigRequest, context: Ctx
    ) -> pb.FrameSystemConfigResponse:
        try:
            system = self._frame_system(request.supplemental_transforms)
        except ViamError as exc:
            await context.abort(exc.grpc_code, str(exc))
        configs = []
        for name, frame in sorted(system.frames.items()):
            where = common_pb2.PoseInFrame(reference_frame=frame.parent, pose=frame.transform.to_pose())
            configs.append(pb.FrameSystemConfig(frame=common_pb2.Transform(reference_frame=name,
                                                                           pose_in_observer_frame=where)))
        return pb.FrameSystemConfigResponse(frame_system_configs=configs)

    async def GetPose(self, request: pb.GetPoseRequest, context: Ctx) -> pb.GetPoseResponse:
        try:
            pose = self._frame_system(request.supplemental_transforms).pose_of(request.component_name,
                                                                              request.destination_frame)
        except ViamError as exc:
            await context.abort(exc.grpc_code, str(exc))
        return pb.GetPoseResponse(pose=pose)

    async def TransformPose(self, request: pb.TransformPoseRequest, context: Ctx) -> pb.TransformPoseResponse:
        source = request.source.reference_frame or frames.WORLD
        destination = request.destination or frames.WORLD
        try:
            system = self._frame_system(request.supplemental_transforms)
            pose = system.transform_pose(request.source.pose, source, destination)
        except ViamError as exc:
            await context.abort(exc.grpc_code, str(exc))
        return pb.TransformPoseResponse(pose=common_pb2.PoseInFrame(reference_frame=destination, pose=pose))

    async def TransformPCD(self, request: pb.TransformPCDRequest, context: Ctx) -> pb.TransformPCDResponse:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "TransformPCD is not supported by this server")
        raise AssertionError("unreachable")

    async def ListTunnels(self, request: pb.ListTunnelsRequest, context: Ctx) -> pb.ListTunnelsResponse:
        return pb.ListTunnelsResponse()  # no traffic tunnels are configured or supported

    # Not offered here (no cloud data upload, tracing or tunnels): a clear UNIMPLEMENTED instead of the
    # generated servicer's NotImplementedError, which grpc logs with a traceback on every call.
    async def UploadDataFromPath(self, request: pb.UploadDataFromPathRequest,
                                 context: Ctx) -> pb.UploadDataFromPathResponse:
        from viam.services.data_manager.upload_path import upload_data_from_path

        return await upload_data_from_path(self.machine, request, context)

    async def SendTraces(self, request: pb.SendTracesRequest, context: Ctx) -> None:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "SendTraces is not supported by this server")

    async def StreamStatus(self, request: pb.StreamStatusRequest, context: Ctx) -> None:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "StreamStatus is not supported by this server "
                            "(deprecated; use GetMachineStatus)")

    async def Tunnel(self, request_iterator: object, context: Ctx) -> None:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "Tunnel is not supported by this server")

    async def GetStatus(self, request: pb.GetStatusRequest, context: Ctx) -> pb.GetStatusResponse:
        wanted = {ResourceName.from_proto(n) for n in request.resource_names} or set(self.machine.resource_names())
        statuses = []
        for name in sorted(wanted):
            try:
                resource = self.machine.resource(name)
            except KeyError:
                await context.abort(grpc.StatusCode.NOT_FOUND, f"no resource {shorten(str(name))}")
            statuses.append(pb.Status(name=name.to_proto(), last_reconfigured=_timestamp(0)))
            statuses[-1].status.update(dict(await resource.get_status()))
        return pb.GetStatusResponse(status=statuses)


class ModuleRobotService(RobotService):
    """RobotService as one module sees it (on its parent socket): its log entries are tagged with
    its name, and its own ``log_level`` (``module_level()``) wins over the server's."""

    def __init__(self, machine: RobotHost, module_name: str, module_level: Callable[[], str]) -> None:
        super().__init__(machine)
        self.module_name = module_name
        self.module_level = module_level

    async def Log(self, request: pb.LogRequest, context: Ctx) -> pb.LogResponse:
        for entry, level in zip(request.logs, await log_levels_or_abort(request, context), strict=True):
            fields = {"module_name": self.module_name, "logger_name": entry.logger_name or self.module_name}
            if MODULE_LOG.isEnabledFor(level):
                MODULE_LOG.log(level, entry.message, extra=fields)
            elif level >= LOG_LEVELS.get(self.module_level().lower(), logging.INFO):
                # The module's own log_level (e.g. "debug") wins over the server's, as in the reference.
                MODULE_LOG.handle(MODULE_LOG.makeRecord(MODULE_LOG.name, level, "", 0, entry.message, (), None,
                                                        extra=fields))
        return pb.LogResponse()
