"""ButtonService: proto <-> Button."""

from __future__ import annotations

import grpc

from viam.components.button.api import Button
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.button.v1 import button_pb2 as pb


class ButtonService(ResourceServicer):
    async def Push(self, button: Button, request: pb.PushRequest, context: grpc.aio.ServicerContext) -> pb.PushResponse:
        await button.push(extra=extra_of(request), timeout=timeout_of(context))
        return pb.PushResponse()
