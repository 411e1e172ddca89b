"""Join remote machines' resources into this machine: naming, clashes, routing, status."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from google.protobuf import timestamp_pb2
from google.protobuf.descriptor import ServiceDescriptor

from viam.components.catalog import spec_for
from viam.config.model import RemoteConfig
from viam.errors import ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.remote.connection import RemoteConnection
from viam.remote.target import RemoteTarget
from viam.resource.base import Resource
from viam.resource.names import ResourceName
from viam.rpc.router import ResourceRouter

LOG = logging.getLogger(__name__)


@dataclass
class Exposure:
    """A remote resource as this machine shows it."""

    connection: RemoteConnection
    far_name: ResourceName


class RemoteManager:
    def __init__(self, router: ResourceRouter, machine_id: str, local_names: Callable[[], Collection[ResourceName]]):
        self.router = router
        self.machine_id = machine_id
        self.local_names = local_names
        self.connections: dict[str, RemoteConnection] = {}
        self.exposed: dict[ResourceName, Exposure] = {}
        self._hidden: dict[ResourceName, tuple[int, str, str]] = {}  # name -> (reachability, remote, error)
        self._clients: dict[ResourceName, tuple[object, Resource]] = {}
        self._changed_at = time.time()

    def learnt_services(self) -> list[ServiceDescriptor]:
        """Services learnt from connected remotes over reflection (answered over reflection here too)."""
        return [service for connection in self.connections.values() for service in connection.services.values()]

    # -- configuration ---------------------------------------------------------------------------
    async def apply(self, remotes: list[RemoteConfig]) -> None:
        wanted = {r.name: r for r in remotes}
        for name in list(self.connections):
            if name not in wanted or wanted[name].raw != self.connections[name].config.raw:
                await self.connections.pop(name).close()
        for name, config in wanted.items():
            if name not in self.connections:
                connection = RemoteConnection(config, self.machine_id, self.recompute)
                self.connections[name] = connection
                connection.start()  # connects in the background: a down remote never delays start-up
        self.recompute()

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.connections.values()))
        self.connections.clear()
        self.recompute()

    # -- naming -------------------------------------------------------------------------------------
    def recompute(self) -> None:
        """Work out which remote resources are visible under which local names, and route them."""
        local = set(self.local_names())
        candidates: dict[ResourceName, list[Exposure]] = {}
        for connection in self.connections.values():
            for far in connection.names:
                name = ResourceName(far.api, connection.config.prefix + far.name)
                candidates.setdefault(name, []).append(Exposure(connection, far))
        exposed: dict[ResourceName, Exposure] = {}
        hidden: dict[ResourceName, tuple[int, str, str]] = {}
        for name, options in candidates.items():
            if name in local:
                hidden[name] = (pb.ResourceStatus.REACHABILITY_SHADOWED_BY_LOCAL, options[0].connection.name,
                                f"hidden: a local resource is also named {name.name!r}")
            elif len(options) > 1:
                remotes = ", ".join(sorted(o.connection.name for o in options))
                message = (f"hidden: remotes {remotes} all export {name}; configure a 'prefix' on the remotes "
                           "to tell them apart")
                if name not in self._hidden:
                    LOG.warning(message)
                hidden[name] = (pb.ResourceStatus.REACHABILITY_AMBIGUOUS_REMOTE, remotes, message)
            else:
                exposed[name] = options[0]
        for name in set(self.exposed) - set(exposed):
            if name not in local:
                self.router.remove_target(name)
            self._clients.pop(name, None)
        for name, exposure in exposed.items():
            if self.exposed.get(name) != exposure:
                self._clients.pop(name, None)
            self._route(name, exposure)
        if exposed.keys() != self.exposed.keys():
            self._changed_at = time.time()
        self.exposed, self._hidden = exposed, hidden

    def _route(self, name: ResourceName, exposure: Exposure) -> None:
        spec = spec_for(name.api)
        connection = exposure.connection
        service = spec.service if spec is not None else connection.services.get(name.api)
        if service is None or connection.client is None:
            return  # an API neither shipped nor learnt from the remote: listed, but not callable here
        self.router.add_service(name.api, service)
        self.router.set_target(name, RemoteTarget(
            connection.client.channel, exposure.far_name.name, local_name=name.name,
            is_up=lambda c=connection: c.connected, down_message=connection.down_message,
            on_unavailable=connection.mark_unavailable,
            stream_metadata=lambda c=connection: c.client.auth_metadata if c.client else (),
        ))

    # -- queries ------------------------------------------------------------------------------------
    def names(self, exclude_origins: Collection[str] = ()) -> list[ResourceName]:
        """Remote names to list, leaving out those that came from a machine in ``exclude_origins``."""
        return sorted(n for n, e in self.exposed.items() if e.connection.client is None
                      or e.connection.client.peer_machine_id not in exclude_origins)

    def resource(self, name: ResourceName) -> Resource:
        exposure = self.exposed.get(name)
        if exposure is None or exposure.connection.client is None:
            raise ResourceNotFoundError(f"no remote resource {name}")
        channel = exposure.connection.client.channel
        cached = self._clients.get(name)
        if cached is not None and cached[0] is channel:
            return cached[1]
        spec = spec_for(name.api)
        if spec is None:
            raise ResourceNotFoundError(f"no client for {name.api} (remote resource {name})")
        client = spec.client_class(exposure.far_name.name, channel)  # type: ignore[call-arg]
        self._clients[name] = (channel, client)  # a reconnect brings a new channel, so a new client
        return client

    def statuses(self) -> list[pb.ResourceStatus]:
        stamp = timestamp_pb2.Timestamp()
        stamp.FromNanoseconds(int(self._changed_at * 1e9))
        out = []
        for name, exposure in sorted(self.exposed.items()):
            connection = exposure.connection
            status = pb.ResourceStatus(name=name.to_proto(), last_updated=stamp, remote=connection.name)
            if connection.connected:
                status.state = pb.ResourceStatus.STATE_READY
                status.reachability = pb.ResourceStatus.REACHABILITY_REACHABLE
            else:
                status.state = pb.ResourceStatus.STATE_UNHEALTHY
                status.reachability = pb.ResourceStatus.REACHABILITY_REMOTE_DISCONNECTED
                status.error = connection.last_error
            out.append(status)
        for connection in sorted(self.connections.values(), key=lambda c: c.name):
            if not connection.connected and not connection.names:  # never reached: say why, not nothing
                out.append(pb.ResourceStatus(
                    name=common_pb2.ResourceName(namespace="rdk-internal", type="service", subtype="remote",
                                                 name=connection.name),
                    last_updated=stamp, remote=connection.name, state=pb.ResourceStatus.STATE_UNHEALTHY,
                    reachability=pb.ResourceStatus.REACHABILITY_REMOTE_DISCONNECTED, error=connection.last_error))
        for name, (reachability, remote, error) in sorted(self._hidden.items()):
            out.append(pb.ResourceStatus(name=name.to_proto(), last_updated=stamp, remote=remote,
                                         state=pb.ResourceStatus.STATE_UNHEALTHY, reachability=reachability,
                                         error=error))
        return out
