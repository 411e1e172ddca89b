"""InputControllerClient: the InputController contract over gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

import grpc

from viam.components.input_controller.api import Event, InputController
from viam.components.input_controller.service import event_from_proto, event_to_proto
from viam.components.resource_rpc import ResourceClient
from viam.errors import error_from_status
from viam.gen.common.v1 import common_pb2
from viam.gen.component.inputcontroller.v1 import input_controller_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import dict_to_struct, extra_struct, struct_to_dict

SERVICE = pb.DESCRIPTOR.services_by_name["InputControllerService"]


class InputControllerClient(ResourceClient, InputController):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_controls(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> list[str]:
        response = await self._call("GetControls", pb.GetControlsRequest(controller=self.name,
                                                                         extra=extra_struct(extra)), timeout)
        return list(response.controls)

    async def get_events(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> dict[str, Event]:
        response = await self._call("GetEvents", pb.GetEventsRequest(controller=self.name,
                                                                     extra=extra_struct(extra)), timeout)
        return {e.control: event_from_proto(e) for e in response.events}

    async def trigger_event(self, event: Event, *, extra: Extra = None, timeout: float | None = None,
                            **kwargs: Any) -> None:
        await self._call("TriggerEvent", pb.TriggerEventRequest(controller=self.name, event=event_to_proto(event),
                                                                extra=extra_struct(extra)), timeout)

    async def stream_events(self, wanted: Mapping[str, Sequence[str]], *,  # type: ignore[override]
                            extra: Extra = None) -> AsyncIterator[Event]:
        request = pb.StreamEventsRequest(controller=self.name, extra=extra_struct(extra), events=[
            pb.StreamEventsRequest.Events(control=c, events=list(e)) for c, e in wanted.items()])
        call = self._stub.StreamEvents(request)
        try:
            async for response in call:
                yield event_from_proto(response.event)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None
        finally:
            call.cancel()

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        request = common_pb2.DoCommandRequest(name=self.name, command=dict_to_struct(command))
        return struct_to_dict((await self._call("DoCommand", request, timeout)).result)
