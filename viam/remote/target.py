"""The router target of a remote machine's resource: the one forwarder, on the remote's channel."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from viam.errors import UnavailableError
from viam.rpc.forward import Forwarder


class RemoteTarget(Forwarder):
    """Forward one resource's calls to a remote over ``channel``, renamed to ``far_name`` there.

    ``is_up`` fails calls fast while the connection knows the remote is down; ``on_unavailable``
    tells the connection when a call found the remote gone (it reconnects).
    """

    def __init__(
        self,
        channel: grpc.aio.Channel,
        far_name: str,
        *,
        local_name: str = "",
        is_up: Callable[[], bool] = lambda: True,
        down_message: str = "not connected",
        on_unavailable: Callable[[], None] = lambda: None,
        stream_metadata: Callable[[], tuple[tuple[str, str], ...]] = tuple,
    ) -> None:
        def find_channel() -> grpc.aio.Channel:
            if not is_up():
                raise UnavailableError(down_message)
            return channel

        def gone(exc: grpc.aio.AioRpcError) -> Exception:
            on_unavailable()
            return UnavailableError(f"{down_message}: {exc.details()}")

        super().__init__(find_channel, far_name=far_name, local_name=local_name, on_unavailable=gone,
                         stream_metadata=stream_metadata)
