"""BoardService: proto <-> Board."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.board.api import Board
from viam.gen.component.board.v1 import board_pb2 as pb

Ctx = grpc.aio.ServicerContext


class BoardService(ResourceServicer):
    async def SetGPIO(self, board: Board, request: pb.SetGPIORequest, context: Ctx) -> pb.SetGPIOResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        await pin.set(request.high, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetGPIOResponse()

    async def GetGPIO(self, board: Board, request: pb.GetGPIORequest, context: Ctx) -> pb.GetGPIOResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        return pb.GetGPIOResponse(high=await pin.get(extra=extra_of(request), timeout=timeout_of(context)))

    async def PWM(self, board: Board, request: pb.PWMRequest, context: Ctx) -> pb.PWMResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        duty = await pin.get_pwm(extra=extra_of(request), timeout=timeout_of(context))
        return pb.PWMResponse(duty_cycle_pct=duty)

    async def SetPWM(self, board: Board, request: pb.SetPWMRequest, context: Ctx) -> pb.SetPWMResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        await pin.set_pwm(request.duty_cycle_pct, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetPWMResponse()

    async def PWMFrequency(
        self, board: Board, request: pb.PWMFrequencyRequest, context: Ctx
    ) -> pb.PWMFrequencyResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        frequency = await pin.get_pwm_frequency(extra=extra_of(request), timeout=timeout_of(context))
        return pb.PWMFrequencyResponse(frequency_hz=frequency)

    async def SetPWMFrequency(
        self, board: Board, request: pb.SetPWMFrequencyRequest, context: Ctx
    ) -> pb.SetPWMFrequencyResponse:
        pin = await board.gpio_pin_by_name(request.pin)
        await pin.set_pwm_frequency(request.frequency_hz, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetPWMFrequencyResponse()

    async def ReadAnalogReader(
        self, board: Board, request: pb.ReadAnalogReaderRequest, context: Ctx
    ) -> pb.ReadAnalogReaderResponse:
        analog = await board.analog_by_name(request.analog_reader_name)
        reading = await analog.read(extra=extra_of(request), timeout=timeout_of(context))
        return pb.ReadAnalogReaderResponse(value=reading.value, min_range=reading.min_range,
                                           max_range=reading.max_range, step_size=reading.step_size)

    async def WriteAnalog(self, board: Board, request: pb.WriteAnalogRequest, context: Ctx) -> pb.WriteAnalogResponse:
        analog = await board.analog_by_name(request.pin)
        await analog.write(request.value, extra=extra_of(request), timeout=timeout_of(context))
        return pb.WriteAnalogResponse()

    async def GetDigitalInterruptValue(
        self, board: Board, request: pb.GetDigitalInterruptValueRequest, context: Ctx
    ) -> pb.GetDigitalInterruptValueResponse:
        interrupt = await board.digital_interrupt_by_name(request.digital_interrupt_name)
        value = await interrupt.value(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetDigitalInterruptValueResponse(value=value)

    async def StreamTicks(
        self, board: Board, request: pb.StreamTicksRequest, context: Ctx
    ) -> AsyncIterator[pb.StreamTicksResponse]:
        interrupts = [await board.digital_interrupt_by_name(name) for name in request.pin_names]
        stream = await board.stream_ticks(interrupts, extra=extra_of(request), timeout=timeout_of(context))
        try:
            # Headers go out once the subscription exists, so a client that waits for them
            # knows no tick caused after that point can be missed.
            await context.send_initial_metadata(())
            async for tick in stream:
                yield pb.StreamTicksResponse(pin_name=tick.pin_name, time=tick.time, high=tick.high)
        finally:
            await stream.aclose()

    async def SetPowerMode(
        self, board: Board, request: pb.SetPowerModeRequest, context: Ctx
    ) -> pb.SetPowerModeResponse:
        duration = request.duration.ToTimedelta() if request.HasField("duration") else None
        await board.set_power_mode(request.power_mode, duration, extra=extra_of(request),
                                   timeout=timeout_of(context))
        return pb.SetPowerModeResponse()
