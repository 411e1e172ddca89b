"""On-device robotics runtime that speaks Viam's gRPC API."""

import os as _os

__version__ = "0.1.0"
VIAM_PI = True  # this package is viam-pi's, not the official SDK's (viam_pi.check reads this line)

# gRPC's fork handlers off, before anything of this package imports grpc (grpcio reads the variable
# once, at its import; children inherit it). They exist for a fork that is not followed by exec, which
# this runtime never does. Its forks are exec's: module processes, package setup scripts, viam-server
# under the agent; under uvloop they are libuv's fork(), which runs the handlers, and handlers that run
# while gRPC's poller threads work garble or drop live connections ("Stream removed", "Socket closed",
# "unexpected settings ack"). A user's explicit setting is kept.
_os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")
