"""An official-SDK standalone server (viam.rpc.server.Server) serving the vision module's service.

Listens on an ephemeral loopback port and prints ``PORT <n>`` once serving, for use as a remote.
"""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vision_module import CountingVision  # noqa: E402

from viam.rpc.server import Server  # noqa: E402


async def main() -> None:
    server = Server(resources=[CountingVision("counter")])
    grpc_server = server._server  # grpclib's server: started here to bind port 0 and read it back
    await grpc_server.start("127.0.0.1", 0)
    port = grpc_server._server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    await grpc_server.wait_closed()


asyncio.run(main())
