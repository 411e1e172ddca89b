"""SignalingService on the main port: WebRTC is not offered, said so in words the SDK shows.

The official SDKs' default dial tries WebRTC first: it asks OptionalWebRTCConfig (UNIMPLEMENTED is
taken as "no extra config"), then opens Signaling/Call. Any failure of Call makes it fall back to
direct gRPC at once, and its native dialer logs that failure as one ERROR line. An answer here
makes that line say what to do instead of grpc's bare "Method not found!".
"""

from __future__ import annotations

from typing import Any

import grpc

from viam.gen.proto.rpc.webrtc.v1 import signaling_pb2_grpc

NOT_OFFERED = ("WebRTC is not offered by this server; the client falls back to direct gRPC (dial with "
               "disable_webrtc=True, or a localhost address, to skip the attempt)")


class SignalingService(signaling_pb2_grpc.SignalingServiceServicer):
    async def OptionalWebRTCConfig(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, NOT_OFFERED)

    async def Call(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, NOT_OFFERED)

    async def CallUpdate(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, NOT_OFFERED)
