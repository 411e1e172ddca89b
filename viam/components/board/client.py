"""BoardClient: the Board contract over gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import Any

import grpc
from google.protobuf import duration_pb2

from viam.components.base import ResourceClient
from viam.components.board.api import AnalogValue, Board, PowerMode, Tick, TickStream
from viam.errors import error_from_status
from viam.gen.component.board.v1 import board_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["BoardService"]


class AnalogClient(Board.Analog):
    def __init__(self, name: str, board: BoardClient) -> None:
        super().__init__(name)
        self.board = board

    async def read(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> AnalogValue:
        response = await self.board._call("ReadAnalogReader", pb.ReadAnalogReaderRequest(
            board_name=self.board.name, analog_reader_name=self.name, extra=extra_struct(extra)), timeout)
        return AnalogValue(value=response.value, min_range=response.min_range, max_range=response.max_range,
                           step_size=response.step_size)

    async def write(self, value: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self.board._call("WriteAnalog", pb.WriteAnalogRequest(
            name=self.board.name, pin=self.name, value=value, extra=extra_struct(extra)), timeout)


class DigitalInterruptClient(Board.DigitalInterrupt):
    def __init__(self, name: str, board: BoardClient) -> None:
        super().__init__(name)
        self.board = board

    async def value(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        response = await self.board._call("GetDigitalInterruptValue", pb.GetDigitalInterruptValueRequest(
            board_name=self.board.name, digital_interrupt_name=self.name, extra=extra_struct(extra)), timeout)
        return response.value


class GPIOPinClient(Board.GPIOPin):
    def __init__(self, name: str, board: BoardClient) -> None:
        super().__init__(name)
        self.board = board

    async def set(self, high: bool, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self.board._call("SetGPIO", pb.SetGPIORequest(
            name=self.board.name, pin=self.name, high=high, extra=extra_struct(extra)), timeout)

    async def get(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        response = await self.board._call("GetGPIO", pb.GetGPIORequest(
            name=self.board.name, pin=self.name, extra=extra_struct(extra)), timeout)
        return response.high

    async def get_pwm(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        response = await self.board._call("PWM", pb.PWMRequest(
            name=self.board.name, pin=self.name, extra=extra_struct(extra)), timeout)
        return response.duty_cycle_pct

    async def set_pwm(self, duty_cycle: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        await self.board._call("SetPWM", pb.SetPWMRequest(
            name=self.board.name, pin=self.name, duty_cycle_pct=duty_cycle, extra=extra_struct(extra)), timeout)

    async def get_pwm_frequency(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        response = await self.board._call("PWMFrequency", pb.PWMFrequencyRequest(
            name=self.board.name, pin=self.name, extra=extra_struct(extra)), timeout)
        return response.frequency_hz

    async def set_pwm_frequency(self, frequency: int, *, extra: Extra = None, timeout: float | None = None,
                                **kwargs: Any) -> None:
        await self.board._call("SetPWMFrequency", pb.SetPWMFrequencyRequest(
            name=self.board.name, pin=self.name, frequency_hz=frequency, extra=extra_struct(extra)), timeout)


class _CallTicks:
    """Iterates a StreamTicks call, mapping its status to our errors; ``aclose()`` cancels it."""

    def __init__(self, call: Any) -> None:
        self._call = call
        self._responses: AsyncIterator[pb.StreamTicksResponse] = call.__aiter__()

    def __aiter__(self) -> _CallTicks:
        return self

    async def __anext__(self) -> Tick:
        try:
            response = await self._responses.__anext__()
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None
        return Tick(pin_name=response.pin_name, high=response.high, time=response.time)

    async def aclose(self) -> None:
        self._call.cancel()


class BoardClient(ResourceClient, Board):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def analog_by_name(self, name: str) -> Board.Analog:
        return AnalogClient(name, self)

    async def digital_interrupt_by_name(self, name: str) -> Board.DigitalInterrupt:
        return DigitalInterruptClient(name, self)

    async def gpio_pin_by_name(self, name: str) -> Board.GPIOPin:
        return GPIOPinClient(name, self)

    async def set_power_mode(self, mode: PowerMode.ValueType, duration: timedelta | None = None, *,
                             extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        request = pb.SetPowerModeRequest(name=self.name, power_mode=mode, extra=extra_struct(extra))
        if duration is not None:
            request.duration.CopyFrom(duration_pb2.Duration())
            request.duration.FromTimedelta(duration)
        await self._call("SetPowerMode", request, timeout)

    async def stream_ticks(self, interrupts: Sequence[Board.DigitalInterrupt], *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> TickStream:
        """Open the stream and wait for the server's headers, which it sends once subscribed."""
        request = pb.StreamTicksRequest(name=self.name, pin_names=[i.name for i in interrupts],
                                        extra=extra_struct(extra))
        call = self._stub.StreamTicks(request, timeout=timeout)
        await call.initial_metadata()
        if call.done():
            code = await call.code()
            if code != grpc.StatusCode.OK:
                raise error_from_status(code, await call.details() or "")
        return _CallTicks(call)
