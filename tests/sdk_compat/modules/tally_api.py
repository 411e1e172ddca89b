"""A custom component API (acme:component:tally) written the way the SDK documents custom APIs.

Its protos are generated at test time (``tally_pb2``, grpclib ``tally_grpc``) and must be on
``sys.path``. Shared by the module that serves it and the client script that calls it.
"""

import abc
from collections.abc import AsyncIterator, Sequence
from typing import Final

from grpclib.client import Channel
from grpclib.server import Stream
from tally_grpc import TallyServiceBase, TallyServiceStub
from tally_pb2 import AddRequest, AddResponse, CountUpRequest
from viam.components.component_base import ComponentBase
from viam.resource.rpc_service_base import ResourceRPCServiceBase
from viam.resource.types import API, RESOURCE_TYPE_COMPONENT

from viam.resource.registry import Registry, ResourceRegistration


class Tally(ComponentBase):
    API: Final = API("acme", RESOURCE_TYPE_COMPONENT, "tally")

    @abc.abstractmethod
    async def add(self, value: int) -> int: ...

    @abc.abstractmethod
    async def add_all(self, values: Sequence[int]) -> int: ...

    @abc.abstractmethod
    async def count_up(self, up_to: int) -> AsyncIterator[int]: ...


class TallyService(TallyServiceBase, ResourceRPCServiceBase):
    RESOURCE_TYPE = Tally

    async def Add(self, stream: Stream[AddRequest, AddResponse]) -> None:
        request = await stream.recv_message()
        assert request is not None
        await stream.send_message(AddResponse(total=await self.get_resource(request.name).add(request.value)))

    async def AddAll(self, stream: Stream[AddRequest, AddResponse]) -> None:
        requests = [request async for request in stream]
        tally = self.get_resource(requests[0].name)
        await stream.send_message(AddResponse(total=await tally.add_all([r.value for r in requests])))

    async def CountUp(self, stream: Stream[CountUpRequest, AddResponse]) -> None:
        request = await stream.recv_message()
        assert request is not None
        async for n in self.get_resource(request.name).count_up(request.up_to):
            await stream.send_message(AddResponse(total=n))

    async def RunningTotal(self, stream: Stream[AddRequest, AddResponse]) -> None:
        # Answer each message before reading the next: the client sees totals mid-call.
        tally = None
        async for request in stream:
            tally = tally or self.get_resource(request.name)
            await stream.send_message(AddResponse(total=await tally.add(request.value)))


class TallyClient(Tally):
    def __init__(self, name: str, channel: Channel) -> None:
        self.channel = channel
        self.stub = TallyServiceStub(channel)
        super().__init__(name)

    async def add(self, value: int) -> int:
        return (await self.stub.Add(AddRequest(name=self.name, value=value))).total

    async def add_all(self, values: Sequence[int]) -> int:
        async with self.stub.AddAll.open() as stream:
            for value in values:
                await stream.send_message(AddRequest(name=self.name, value=value))
            await stream.end()
            response = await stream.recv_message()
            assert response is not None
            return response.total

    async def count_up(self, up_to: int) -> AsyncIterator[int]:
        async with self.stub.CountUp.open() as stream:
            await stream.send_message(CountUpRequest(name=self.name, up_to=up_to), end=True)
            async for response in stream:
                yield response.total


Registry.register_api(ResourceRegistration(Tally, TallyService, lambda name, channel: TallyClient(name, channel)))
