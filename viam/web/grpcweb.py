"""gRPC-web and Connect over HTTP/1.1, translated into gRPC calls on the machine's own grpcio server.

Browsers cannot speak gRPC (no HTTP/2 trailers from fetch), so the TypeScript SDK uses gRPC-web
(``application/grpc-web+proto``: length-prefixed frames, the status in a trailer frame in the body)
and Connect's transports use the Connect protocol (``application/proto`` unary,
``application/connect+proto`` streaming, errors as JSON). Each request becomes one call on the main
grpcio server over its private socket, with the request's headers as metadata, so auth, sessions,
the router and every RPC are exactly those plain gRPC clients get: nothing is implemented twice.
Unary and server-streaming calls are served; client streaming cannot come from a browser.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import struct
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from aiohttp import web
from google.protobuf import descriptor_pool, json_format, message_factory

from viam.rpc.auth import OPEN_METHOD_PREFIXES, Authenticator, TokenError
from viam.rpc.guard import ReceiveLimits
from viam.rpc.inprocess import InProcessCalls, UnaryResult, peer_of

LOG = logging.getLogger(__name__)

GRPC_WEB = "application/grpc-web"
GRPC_WEB_TEXT = "application/grpc-web-text"
CONNECT_STREAM = "application/connect"
TRAILER_FLAG = 0x80
END_STREAM_FLAG = 0x02
COMPRESSED_FLAG = 0x01
MAX_MESSAGE_BYTES = 64 * 1024 * 1024

# HTTP headers that describe the HTTP exchange itself, not the call: never passed on as metadata.
_NOT_METADATA = frozenset({
    "host", "connection", "content-type", "content-length", "content-encoding", "accept", "accept-encoding",
    "accept-language", "user-agent", "origin", "referer", "x-grpc-web", "x-user-agent", "te",
    "transfer-encoding", "keep-alive", "upgrade", "pragma", "cache-control", "cookie", "priority",
    "access-control-request-method", "access-control-request-headers", "dnt",
})
_METADATA_KEY = re.compile(r"^[0-9a-z_.\-]+$")
_TIMEOUT_UNITS = {"H": 3600.0, "M": 60.0, "S": 1.0, "m": 1e-3, "u": 1e-6, "n": 1e-9}
EXPOSED_HEADERS = ("grpc-status, grpc-message, grpc-status-details-bin, content-type, "
                   "connect-content-encoding, connect-accept-encoding, viam-sid")

# Connect's error codes and their HTTP statuses (connectrpc.com/docs/protocol).
_CONNECT_HTTP = {
    grpc.StatusCode.CANCELLED: 499, grpc.StatusCode.UNKNOWN: 500, grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504, grpc.StatusCode.NOT_FOUND: 404, grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403, grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.FAILED_PRECONDITION: 400, grpc.StatusCode.ABORTED: 409, grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNIMPLEMENTED: 501, grpc.StatusCode.INTERNAL: 500, grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DATA_LOSS: 500, grpc.StatusCode.UNAUTHENTICATED: 401,
}


class CallError(Exception):
    """A status to answer with before (or instead of) calling the server."""

    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Protocol:
    """How one request is framed: gRPC-web (binary or text) or Connect (unary or streaming)."""

    kind: str  # "grpc-web", "connect-unary", "connect-stream"
    text: bool
    json: bool
    content_type: str


def classify(method: str, content_type: str) -> Protocol | None:
    """The protocol of a request, or None when it is no RPC (an ordinary HTTP request)."""
    base = content_type.split(";", 1)[0].strip().lower()
    if base.startswith(GRPC_WEB_TEXT):
        return Protocol("grpc-web", True, base.endswith("+json"), base)
    if base.startswith(GRPC_WEB):
        return Protocol("grpc-web", False, base.endswith("+json"), base)
    if base.startswith(CONNECT_STREAM + "+"):
        return Protocol("connect-stream", False, base.endswith("+json"), base)
    if base in ("application/proto", "application/json") and method == "POST":
        return Protocol("connect-unary", False, base == "application/json", base)
    return None


def parse_timeout(headers: Any) -> float | None:
    """Seconds from ``grpc-timeout`` (gRPC-web) or ``connect-timeout-ms`` (Connect), None if absent."""
    value = headers.get("grpc-timeout")
    if value:
        try:
            return int(value[:-1]) * _TIMEOUT_UNITS[value[-1]]
        except (KeyError, ValueError):
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, f"bad grpc-timeout {value!r}") from None
    value = headers.get("connect-timeout-ms")
    if value:
        try:
            return int(value) / 1000
        except ValueError:
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, f"bad connect-timeout-ms {value!r}") from None
    return None


def request_metadata(headers: Any) -> list[tuple[str, str | bytes]]:
    """The call's metadata: every header that is not about HTTP itself (``-bin`` ones decoded)."""
    out: list[tuple[str, str | bytes]] = []
    for key, value in headers.items():
        key = key.lower()
        if (key in _NOT_METADATA or key.startswith(("grpc-", "connect-", "sec-", ":"))
                or not _METADATA_KEY.match(key)):
            continue
        if key.endswith("-bin"):
            try:
                out.append((key, base64.b64decode(value + "=" * (-len(value) % 4))))
            except (binascii.Error, ValueError):
                raise CallError(grpc.StatusCode.INVALID_ARGUMENT, f"header {key} is not base64") from None
        else:
            out.append((key, value))
    return out


def _header_value(key: str, value: str | bytes) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def frame(flags: int, payload: bytes) -> bytes:
    return struct.pack(">BI", flags, len(payload)) + payload


def read_frames(body: bytes) -> list[tuple[int, bytes]]:
    """Split a length-prefixed body into (flags, payload) frames."""
    frames, pos = [], 0
    while pos < len(body):
        if len(body) - pos < 5:
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, "truncated frame header")
        flags, length = struct.unpack_from(">BI", body, pos)
        pos += 5
        if length > MAX_MESSAGE_BYTES or pos + length > len(body):
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, "truncated or oversized frame")
        frames.append((flags, body[pos:pos + length]))
        pos += length
    return frames


def decode_text(body: bytes) -> bytes:
    """grpc-web-text bodies are base64, possibly several padded chunks one after another."""
    out, rest = bytearray(), body.replace(b"\r", b"").replace(b"\n", b"")
    try:
        while rest:
            end = rest.find(b"=")
            if end < 0:
                out += base64.b64decode(rest + b"=" * (-len(rest) % 4))
                break
            while end < len(rest) and rest[end:end + 1] == b"=":
                end += 1
            out += base64.b64decode(rest[:end])
            rest = rest[end:]
    except (binascii.Error, ValueError):
        raise CallError(grpc.StatusCode.INVALID_ARGUMENT, "grpc-web-text body is not base64") from None
    return bytes(out)


class JsonCodec:
    """proto <-> JSON for the methods the server knows (``+json`` and ``application/json``)."""

    def __init__(self, path: str) -> None:
        service, _, method = path.strip("/").rpartition("/")
        try:
            descriptor = descriptor_pool.Default().FindServiceByName(service).FindMethodByName(method)
        except KeyError:
            descriptor = None
        if descriptor is None:
            raise CallError(grpc.StatusCode.UNIMPLEMENTED, f"JSON is not served for unknown method {path}")
        self.request_class = message_factory.GetMessageClass(descriptor.input_type)
        self.response_class = message_factory.GetMessageClass(descriptor.output_type)

    def request_to_proto(self, data: bytes) -> bytes:
        try:
            return json_format.Parse(data or b"{}", self.request_class()).SerializeToString()
        except json_format.ParseError as exc:
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, f"bad JSON request: {exc}") from None

    def response_to_json(self, data: bytes) -> bytes:
        message = self.response_class.FromString(data)
        return json_format.MessageToJson(message, indent=None).encode()


def is_server_streaming(path: str) -> bool:
    service, _, method = path.strip("/").rpartition("/")
    try:
        descriptor = descriptor_pool.Default().FindServiceByName(service).FindMethodByName(method)
    except KeyError:
        return True  # unknown to us (a module's own API): a stream call serves unary methods too
    if descriptor is None:
        return True
    if descriptor.client_streaming:
        raise CallError(grpc.StatusCode.UNIMPLEMENTED, f"{path}: client streaming is not served over HTTP/1.1")
    return descriptor.server_streaming


def _grpc_message(text: str) -> str:
    return urllib.parse.quote(text, safe=" !\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
                                          "abcdefghijklmnopqrstuvwxyz{|}~")


def _status_of(exc: grpc.aio.AioRpcError | CallError) -> tuple[grpc.StatusCode, str]:
    if isinstance(exc, CallError):
        return exc.code, exc.message
    return exc.code(), exc.details() or ""


class Translator:
    """Serves gRPC-web and Connect requests by calling the grpcio server at ``socket_path``."""

    def __init__(self, socket_path: Path, authenticator: Authenticator | None = None,
                 limits: ReceiveLimits | None = None, in_process: InProcessCalls | None = None) -> None:
        self.socket_path = socket_path
        self.in_process = in_process
        self.authenticator = authenticator
        self.limits = limits or ReceiveLimits.from_env()
        self._channel: grpc.aio.Channel | None = None

    def _channel_now(self) -> grpc.aio.Channel:
        if self._channel is None:
            self._channel = grpc.aio.insecure_channel(f"unix:{self.socket_path}", options=[
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ])
        return self._channel

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def handle(self, request: web.Request, protocol: Protocol) -> web.StreamResponse:
        path = request.path
        codec: JsonCodec | None = None
        try:
            self._precheck(request, path)
            if protocol.json:
                codec = JsonCodec(path)
            body = await self._read_body(request, self._body_limit(protocol, path))
            message = self._request_message(protocol, body)
            if codec is not None:
                message = codec.request_to_proto(message)
            timeout = parse_timeout(request.headers)
            metadata = request_metadata(request.headers)
            streaming = is_server_streaming(path)
        except CallError as exc:
            return await self._answer_error(request, protocol, exc)
        if not streaming and self.in_process is not None:
            peer = peer_of(request.transport.get_extra_info("peername") if request.transport else None)
            result = await self.in_process.unary(path, message, tuple(metadata), peer, timeout)
            if result is not None:
                return await self._answer_result(request, protocol, codec, result)
        channel = self._channel_now()
        if not streaming:
            call = channel.unary_unary(path)(message, metadata=metadata, timeout=timeout)
            try:
                response = await call
            except grpc.aio.AioRpcError as exc:
                return await self._answer_error(request, protocol, exc)
            headers = await call.initial_metadata()
            trailers = await call.trailing_metadata()
            return self._answer_unary(protocol, codec, response, headers, trailers, await call.details() or "")
        stream = channel.unary_stream(path)(message, metadata=metadata, timeout=timeout)
        return await self._answer_stream(request, protocol, codec, stream)

    async def _answer_result(self, request: web.Request, protocol: Protocol, codec: JsonCodec | None,
                             result: UnaryResult) -> web.Response:
        if result.code != grpc.StatusCode.OK or result.response is None:
            error = grpc.aio.AioRpcError(result.code, grpc.aio.Metadata(*result.initial_metadata),
                                         grpc.aio.Metadata(*result.trailing_metadata), result.details)
            return await self._answer_error(request, protocol, error)
        return self._answer_unary(protocol, codec, result.response, result.initial_metadata,
                                  result.trailing_metadata, result.details)

    # -- requests -----------------------------------------------------------------------------------
    def _precheck(self, request: web.Request, path: str) -> None:
        """Refuse a call without a valid token before its body is read (the gRPC server checks again)."""
        if self.authenticator is None or not self.authenticator.enabled or path.startswith(OPEN_METHOD_PREFIXES):
            return
        try:
            self.authenticator.authorize(request.headers.get("Authorization", ""))
        except TokenError as exc:
            prefix = "unauthenticated: " if exc.code == grpc.StatusCode.UNAUTHENTICATED else ""
            raise CallError(exc.code, f"{prefix}{exc}") from None

    def _body_limit(self, protocol: Protocol, path: str) -> int:
        limit = self.limits.for_method(path) + 64  # framing
        return limit * 4 // 3 + 4 if protocol.text else limit

    @staticmethod
    async def _read_body(request: web.Request, limit: int) -> bytes:
        """The body, refused (RESOURCE_EXHAUSTED) as soon as it is known to exceed ``limit``."""
        too_big = CallError(grpc.StatusCode.RESOURCE_EXHAUSTED, f"request body over the {limit}-byte limit")
        if request.content_length is not None and request.content_length > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        while chunk := await request.content.read(1 << 16):
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _request_message(protocol: Protocol, body: bytes) -> bytes:
        if protocol.kind == "connect-unary":
            return body
        if protocol.text:
            body = decode_text(body)
        frames = [f for f in read_frames(body) if not f[0] & TRAILER_FLAG]
        if len(frames) != 1:
            raise CallError(grpc.StatusCode.INVALID_ARGUMENT, f"expected one request message, got {len(frames)}")
        flags, message = frames[0]
        if flags & COMPRESSED_FLAG:
            raise CallError(grpc.StatusCode.UNIMPLEMENTED, "compressed messages are not supported")
        return message

    # -- responses ----------------------------------------------------------------------------------
    @staticmethod
    def _headers(protocol: Protocol, metadata: Any) -> dict[str, str]:
        out = {"Content-Type": protocol.content_type}
        for key, value in metadata or ():
            out[key] = _header_value(key, value)
        return out

    @staticmethod
    def _grpc_trailer(code: grpc.StatusCode, message: str, trailers: Any) -> bytes:
        lines = [f"grpc-status:{code.value[0]}"]
        if message:
            lines.append(f"grpc-message:{_grpc_message(message)}")
        for key, value in trailers or ():
            lines.append(f"{key}:{_header_value(key, value)}")
        return frame(TRAILER_FLAG, ("\r\n".join(lines) + "\r\n").encode())

    @staticmethod
    def _end_stream(code: grpc.StatusCode, message: str, trailers: Any) -> bytes:
        end: dict[str, Any] = {}
        if code != grpc.StatusCode.OK:
            end["error"] = {"code": code.name.lower(), "message": message}
        meta: dict[str, list[str]] = {}
        for key, value in trailers or ():
            meta.setdefault(key, []).append(_header_value(key, value))
        if meta:
            end["metadata"] = meta
        return frame(END_STREAM_FLAG, json.dumps(end).encode())

    def _answer_unary(self, protocol: Protocol, codec: JsonCodec | None, response: bytes, headers: Any,
                      trailers: Any, details: str) -> web.Response:
        if codec is not None:
            response = codec.response_to_json(response)
        out = self._headers(protocol, headers)
        if protocol.kind == "connect-unary":
            for key, value in trailers or ():
                out[f"trailer-{key}"] = _header_value(key, value)
            return web.Response(body=response, headers=out)
        if protocol.kind == "connect-stream":
            body = frame(0, response) + self._end_stream(grpc.StatusCode.OK, "", trailers)
        else:
            body = frame(0, response) + self._grpc_trailer(grpc.StatusCode.OK, details, trailers)
            if protocol.text:
                body = base64.b64encode(body)
        return web.Response(body=body, headers=out)

    async def _answer_error(self, request: web.Request, protocol: Protocol,
                            exc: grpc.aio.AioRpcError | CallError) -> web.Response:
        code, message = _status_of(exc)
        headers_md = exc.initial_metadata() if isinstance(exc, grpc.aio.AioRpcError) else None
        trailers = exc.trailing_metadata() if isinstance(exc, grpc.aio.AioRpcError) else None
        out = self._headers(protocol, headers_md)
        if protocol.kind == "connect-unary":
            for key, value in trailers or ():
                out[f"trailer-{key}"] = _header_value(key, value)
            out["Content-Type"] = "application/json"
            return web.Response(status=_CONNECT_HTTP.get(code, 500), headers=out,
                                body=json.dumps({"code": code.name.lower(), "message": message}).encode())
        if protocol.kind == "connect-stream":
            return web.Response(body=self._end_stream(code, message, trailers), headers=out)
        body = self._grpc_trailer(code, message, trailers)
        return web.Response(body=base64.b64encode(body) if protocol.text else body, headers=out)

    async def _answer_stream(self, request: web.Request, protocol: Protocol, codec: JsonCodec | None,
                             call: Any) -> web.StreamResponse:
        try:
            headers = await call.initial_metadata()
        except grpc.aio.AioRpcError as exc:
            return await self._answer_error(request, protocol, exc)
        response = web.StreamResponse(headers=self._headers(protocol, headers))
        response.enable_chunked_encoding()
        await response.prepare(request)

        async def messages() -> AsyncIterator[bytes]:
            async for message in call:
                yield codec.response_to_json(message) if codec is not None else message

        code, details, trailers = grpc.StatusCode.OK, "", None
        try:
            async for message in messages():
                chunk = frame(0, message)
                await response.write(base64.b64encode(chunk) if protocol.text else chunk)
            code, details = await call.code(), await call.details() or ""
            trailers = await call.trailing_metadata()
        except grpc.aio.AioRpcError as exc:
            code, details = _status_of(exc)
            trailers = exc.trailing_metadata()
        except ConnectionResetError:  # the browser went away: the call is cancelled with it
            call.cancel()
            return response
        if protocol.kind == "connect-stream":
            tail = self._end_stream(code, details, trailers)
        else:
            tail = self._grpc_trailer(code, details, trailers)
            if protocol.text:
                tail = base64.b64encode(tail)
        try:
            await response.write(tail)
            await response.write_eof()
        except ConnectionResetError:
            pass
        return response


def add_cors(request: web.Request, response: web.StreamResponse) -> None:
    """Let browser apps served from another origin read the answer (auth is by bearer token)."""
    origin = request.headers.get("Origin")
    if not origin:
        return
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response.headers["Vary"] = "Origin"


def preflight(request: web.Request) -> web.Response:
    """Answer a CORS preflight for an RPC path."""
    response = web.Response(status=204, headers={
        "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers", "*"),
        "Access-Control-Max-Age": "7200",
    })
    add_cors(request, response)
    return response
