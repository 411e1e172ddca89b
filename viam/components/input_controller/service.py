"""InputControllerService: proto <-> InputController (the request's name field is ``controller``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from viam.components.input_controller.api import Event, InputController
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.inputcontroller.v1 import input_controller_pb2 as pb

Ctx = grpc.aio.ServicerContext


def event_to_proto(event: Event) -> pb.Event:
    stamp = Timestamp()
    stamp.FromNanoseconds(int(event.time * 1e9))
    return pb.Event(time=stamp, event=event.event, control=event.control, value=event.value)


def event_from_proto(event: pb.Event) -> Event:
    return Event(time=event.time.ToNanoseconds() / 1e9, event=event.event, control=event.control, value=event.value)


class InputControllerService(ResourceServicer):
    async def GetControls(self, controller: InputController, request: pb.GetControlsRequest,
                          context: Ctx) -> pb.GetControlsResponse:
        controls = await controller.get_controls(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetControlsResponse(controls=controls)

    async def GetEvents(self, controller: InputController, request: pb.GetEventsRequest,
                        context: Ctx) -> pb.GetEventsResponse:
        events = await controller.get_events(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetEventsResponse(events=[event_to_proto(e) for e in events.values()])

    async def TriggerEvent(self, controller: InputController, request: pb.TriggerEventRequest,
                           context: Ctx) -> pb.TriggerEventResponse:
        await controller.trigger_event(event_from_proto(request.event), extra=extra_of(request),
                                       timeout=timeout_of(context))
        return pb.TriggerEventResponse()

    async def StreamEvents(self, controller: InputController, request: pb.StreamEventsRequest,
                           context: Ctx) -> AsyncIterator[pb.StreamEventsResponse]:
        wanted = {e.control: list(e.events) for e in request.events if e.events}
        stream = controller.stream_events(wanted, extra=extra_of(request))
        try:
            await context.send_initial_metadata(())  # subscribed: nothing after this is missed
            async for event in stream:
                yield pb.StreamEventsResponse(event=event_to_proto(event))
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
