"""What the machine reports and how it stops: GetMachineStatus's answer and stop-all.

Shared by RobotService (gRPC), the web page (JSON) and the machine's own shutdown, so the three
can never disagree. Each function names, as a Protocol, only the parts of the machine it reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterable
from typing import Protocol

from google.protobuf import timestamp_pb2

from viam.config.model import MachineConfig
from viam.errors import ViamError
from viam.gen.common.v1 import common_pb2
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.base import Actuator, Resource
from viam.resource.names import ResourceName
from viam.robot.manager import Node, NodeState
from viam.robot.status_notes import status_note

STOP_ALL_TIMEOUT_S = 5.0  # per actuator, all in parallel (shutdown uses 1 s)


class ResourceLister(Protocol):
    """Every resource the machine lists, local (READY) and remote."""

    def resource_names(self, exclude_origins: Collection[str] = ()) -> list[ResourceName]: ...
    def resource(self, name: ResourceName) -> Resource: ...


class StatusSource(Protocol):
    """What GetMachineStatus reports: the graph's nodes, remotes, modules and the config."""

    state: int
    config: MachineConfig
    config_applied_at: float

    def nodes(self) -> Iterable[Node]: ...
    def extra_resource_statuses(self) -> list[pb.ResourceStatus]: ...
    def module_statuses(self) -> list[pb.ModuleStatus]: ...
    def add_config_status(self, response: pb.GetMachineStatusResponse) -> None: ...


def timestamp(seconds: float) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp


def machine_status(source: StatusSource) -> pb.GetMachineStatusResponse:
    """The machine's state, every resource's (local, remote, hidden) and every module's."""
    response = pb.GetMachineStatusResponse(state=source.state)  # type: ignore[arg-type]
    nodes = sorted(source.nodes(), key=lambda n: str(n.name))
    for node in nodes:
        response.resources.append(
            pb.ResourceStatus(
                name=node.name.to_proto(), state=int(node.state), last_updated=timestamp(node.last_updated),  # type: ignore[arg-type]
                revision=node.revision,
                error=node.error or (status_note(node.config) if node.state == NodeState.READY else ""),
                reachability=pb.ResourceStatus.REACHABILITY_REACHABLE,
            )
        )
    for status in source.extra_resource_statuses():
        response.resources.append(status)
    for module in source.module_statuses():
        response.modules.append(module)
    _add_entry_errors(source, nodes, response)
    source.add_config_status(response)  # config errors (last good config kept), package states
    response.config.revision = source.config.revision
    response.config.last_updated.CopyFrom(timestamp(source.config_applied_at))
    return response


def _add_entry_errors(source: StatusSource, nodes: Iterable[Node], response: pb.GetMachineStatusResponse) -> None:
    """Every rejected config entry not already shown on its resource (a duplicate, a missing or
    numeric name, a bad module or remote entry) as an UNHEALTHY ``rdk-internal:service:config``
    entry named by its JSON path; the error names the file and the path."""
    shown = {node.error for node in nodes if node.error}
    stamp = timestamp(source.config_applied_at)
    for index, error in enumerate(source.config.errors):
        if str(error) in shown:
            continue
        name = common_pb2.ResourceName(namespace="rdk-internal", type="service", subtype="config",
                                       name=getattr(error, "path", "") or f"entry-{index}")
        response.resources.append(pb.ResourceStatus(
            name=name, state=pb.ResourceStatus.STATE_UNHEALTHY, error=str(error), last_updated=stamp,
            revision=source.config.revision, reachability=pb.ResourceStatus.REACHABILITY_REACHABLE))


def actuators(lister: ResourceLister) -> list[tuple[ResourceName, Actuator]]:
    """Every actuator the machine lists (local, modular, remote)."""
    found = []
    for name in lister.resource_names():
        try:
            resource = lister.resource(name)
        except (KeyError, ViamError):
            continue
        if isinstance(resource, Actuator):
            found.append((name, resource))
    return found


async def stop_all(lister: ResourceLister, extras: dict[ResourceName, dict] | None = None,
                   timeout_s: float = STOP_ALL_TIMEOUT_S) -> list[str]:
    """Stop every actuator the machine lists, all at once; return the errors of those that would
    not stop (or did not answer within ``timeout_s``), so one hung motor never delays the others."""
    extras = extras or {}

    async def stop_one(name: ResourceName, actuator: Actuator) -> str:
        try:
            await asyncio.wait_for(actuator.stop(extra=extras.get(name)), timeout_s)
        except TimeoutError:
            return f"{name}: did not stop within {timeout_s:g}s"
        except Exception as exc:  # noqa: BLE001 - stop everything we can, then report
            return f"{name}: {exc}"
        return ""

    results = await asyncio.gather(*(stop_one(n, a) for n, a in actuators(lister)))
    return [r for r in results if r]
