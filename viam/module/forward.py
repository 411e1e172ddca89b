"""Calls for modular resources: forwarded to the owning module as raw bytes, never decoded.

``ModularTarget`` is the router target of every resource a module serves; ``ModularResource``
is the object the resource graph holds for it (closing it sends RemoveResource, stopping it
sends the API's Stop). Both reach the module through its ``ModuleHandle`` so that a restarted
module (new process, new channel) keeps serving the same resource objects.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import ServiceDescriptor

from viam.module.errors import ModuleUnavailableError
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API, ResourceName
from viam.rpc.forward import Forwarder
from viam.rpc.lost import unless_channel_closed
from viam.utils import extra_struct


class ModuleHandle(Protocol):
    """What forwarding needs from a managed module."""

    name: str

    def channel_or_raise(self) -> grpc.aio.Channel: ...

    async def remove_resource(self, name: ResourceName) -> None: ...


class ModularTarget(Forwarder):
    """Router target passing request and response bytes straight through the module's current channel."""

    def __init__(self, module: ModuleHandle) -> None:
        super().__init__(module.channel_or_raise, pass_session=True, went_down=self._went_down)
        self.module = module

    def _went_down(self) -> str:
        error = getattr(self.module, "error", "")
        return f"module {self.module.name!r} went down during the call" + (f": {error}" if error else "")


class ModularResource(Resource):
    """The graph's stand-in for a resource living in a module."""

    API: ClassVar[API]

    def __init__(self, name: ResourceName, module: ModuleHandle, service: ServiceDescriptor) -> None:
        super().__init__(name.name)
        self.API = name.api  # type: ignore[misc]  # per instance: one class serves every API
        self.module = module
        self.service = service
        self._target = ModularTarget(module)
        self._closed = False

    def rpc_target(self) -> ModularTarget:
        return self._target

    async def _unary(self, method_name: str, **fields: Any) -> Any:
        method = self.service.methods_by_name[method_name]
        request = message_factory.GetMessageClass(method.input_type)(name=self.name, **fields)
        path = f"/{self.service.full_name}/{method_name}"
        call = self.module.channel_or_raise().unary_unary(path)
        raw = await unless_channel_closed(call(request.SerializeToString()),
                                          f"module {self.module.name!r} went down during {method_name}")
        return message_factory.GetMessageClass(method.output_type).FromString(raw)

    async def close(self) -> None:
        """Tell the module to remove the resource (idempotent; a module that is down is skipped)."""
        if self._closed:
            return
        self._closed = True
        try:
            await self.module.remove_resource(self.resource_name)
        except ModuleUnavailableError:
            pass

    def __repr__(self) -> str:
        return f"<ModularResource {self.API}/{self.name} in module {self.module.name!r}>"


class ModularActuator(ModularResource, Actuator):
    """A modular resource whose API has ``Stop`` (StopAll and session expiry reach it)."""

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._unary("Stop", extra=extra_struct(extra))

    async def is_moving(self) -> bool:
        if "IsMoving" not in self.service.methods_by_name:
            return False
        return bool((await self._unary("IsMoving")).is_moving)


def modular_resource(name: ResourceName, module: ModuleHandle, service: ServiceDescriptor) -> ModularResource:
    cls = ModularActuator if "Stop" in service.methods_by_name else ModularResource
    return cls(name, module, service)
