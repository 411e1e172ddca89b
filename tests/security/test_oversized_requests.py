"""Unauthenticated memory exhaustion: 16 concurrent 60 MB requests without a token stay cheap.

Before: the server grew from 50 MB to 1.48 GB. Now a call without a token is refused before its
message is read (gRPC: the interceptor answers on the headers with a handler that reads nothing;
gRPC-web: before the body), so the server's peak RSS grows by well under BOUND_MB, and a gRPC
attacker gets no more than one fixed receive window in before the refusal, however loaded the
server is. bench/oversized_requests.py prints the figures.
"""

from __future__ import annotations

import asyncio

from bench.oversized_requests import flood, keyed_config, measure, peak_rss_mb
from viam.rpc.server import RECEIVE_WINDOW_BYTES

BOUND_MB = 150  # peak RSS growth allowed for 16 x 60 MB (was ~1430 MB); measured ~25 MB


def test_sixteen_60mb_requests_without_token_keep_peak_rss_bounded(viam_server):
    server = viam_server(keyed_config())
    result = measure(server, clients=16, declared=60_000_000)
    assert result["growth_mb"] < BOUND_MB, result
    # Every attacker got an answer (refused), none had its 60 MB taken in.
    assert result["grpc_unanswered"] == 0 and result["grpc-web_unanswered"] == 0, result
    # gRPC: never more than the stream's receive window (plus HTTP/2's initial 64 KiB), whatever the timing.
    assert result["grpc_max_accepted_mb"] <= (RECEIVE_WINDOW_BYTES + 65535) / 1e6, result
    assert result["grpc-web_max_accepted_mb"] < 40, result


def test_with_auth_off_a_request_over_the_limit_is_refused_before_it_is_read(viam_server):
    """No token to check: grpcio's limit (the largest per-method limit, 32 MiB) stops a 60 MB message."""
    server = viam_server({"components": keyed_config()["components"]})
    assert server.proc is not None
    rest, _ = peak_rss_mb(server.proc.pid)
    outcomes = asyncio.run(flood(server.address, 4, 60_000_000, "grpc"))
    assert all(o.ended in ("answered", "reset") for o in outcomes), [o.ended for o in outcomes]
    # grpcio reads the length prefix and refuses: the caller gets no further than one receive window.
    assert max(o.sent for o in outcomes) <= RECEIVE_WINDOW_BYTES + 65535
    assert outcomes[0].max_streams == 100  # per-connection concurrency limit, advertised in SETTINGS
    assert peak_rss_mb(server.proc.pid)[1] - rest < BOUND_MB

