"""API-key authentication: ``proto.rpc.v1.AuthService/Authenticate`` hands out JWTs (HS256).

One ``Authenticator`` per machine decides every call on every listener: the gRPC interceptor,
the HTTP side and gRPC-web all call :meth:`Authenticator.authorize`. Its keys follow the config
(:meth:`Authenticator.update` at each apply), and a token names the key it was minted with, so
removing or rotating a key ends its tokens at once. Before any good config exists (a boot config
that does not parse) it is *locked*: nothing but Authenticate is served, on any listener.

The module parent UNIX sockets are served without tokens: they live in a 0700 directory only
our own user reaches (tcp_mode parent ports check the caller's uid instead, viam.module.peer).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import secrets
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import grpc

from viam.config.model import AuthConfig
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc

LOG = logging.getLogger(__name__)
API_KEY = "api-key"
AUDIENCE = "viam-pi"
MAX_AUTH_HEADER = 8192  # a token is ~300 bytes; anything this long is refused before decoding
OPEN_METHOD_PREFIXES = (
    "/proto.rpc.v1.AuthService/",
    "/grpc.reflection.",
    "/grpc.health.",
    "/proto.rpc.webrtc.v1.SignalingService/",
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenError(Exception):
    """A call's credentials are missing or wrong (UNAUTHENTICATED, HTTP 401)."""

    code = grpc.StatusCode.UNAUTHENTICATED
    http_status = 401


class NotConfiguredError(TokenError):
    """No good config is known yet, so nobody can be let in (UNAVAILABLE, HTTP 503)."""

    code = grpc.StatusCode.UNAVAILABLE
    http_status = 503


class ThrottledError(TokenError):
    """Too many failed attempts from this source (RESOURCE_EXHAUSTED, HTTP 429)."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED
    http_status = 429

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(f"too many failed authentication attempts; retry in {math.ceil(retry_after_s)}s")


class FailureThrottle:
    """Per-source backoff after failed attempts: ``free`` misses, then a doubling wait up to ``max_s``.

    While a source waits, even a right key is refused, so guessing costs time, not just CPU.
    The table is bounded (oldest sources forgotten first).
    """

    def __init__(self, free: int = 5, base_s: float = 0.5, max_s: float = 60.0, max_sources: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.base_s, self.max_s, self.max_sources = free, base_s, max_s, max_sources
        self._clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # source -> (count, blocked until)

    def check(self, source: str) -> None:
        """Raise ThrottledError while ``source`` must wait."""
        entry = self._failures.get(source)
        if entry is not None:
            wait = entry[1] - self._clock()
            if wait > 0:
                raise ThrottledError(wait)

    def failed(self, source: str) -> None:
        count = self._failures.pop(source, (0, 0.0))[0] + 1
        wait = 0.0 if count <= self.free else min(self.max_s, self.base_s * 2 ** (count - self.free - 1))
        self._failures[source] = (count, self._clock() + wait)
        while len(self._failures) > self.max_sources:
            self._failures.popitem(last=False)
        if count == self.free + 1:
            LOG.warning("authentication failures: backing off", extra={"source": source, "failures": count})

    def succeeded(self, source: str) -> None:
        self._failures.pop(source, None)


def peer_source(peer: str) -> str:
    """The throttling key of a gRPC peer string: its IP ("ipv4:1.2.3.4:5" -> "1.2.3.4")."""
    kind, _, rest = peer.partition(":")
    if kind in ("ipv4", "ipv6"):
        return rest.rpartition(":")[0].strip("[]") or rest
    return kind or peer


@dataclass(frozen=True)
class KeySet:
    """The API keys of one config: ({key id: secret}, {legacy secrets valid for any entity})."""

    by_id: dict[str, str]
    anonymous: frozenset[str]

    @classmethod
    def of(cls, auth: AuthConfig) -> KeySet:
        by_id, anonymous = auth.api_keys()
        return cls(by_id, frozenset(anonymous))

    def __bool__(self) -> bool:
        return bool(self.by_id or self.anonymous)

    def describe(self) -> list[str]:
        """Key ids (never secrets) for logs; legacy keys by count."""
        return [*sorted(self.by_id), *([f"{len(self.anonymous)} legacy key(s)"] if self.anonymous else [])]


class Authenticator:
    """Checks API keys and bearer tokens against the keys of the config being run."""

    def __init__(self, auth: AuthConfig | None = None, *, locked: str = "") -> None:
        self._secret = secrets.token_bytes(32)
        self.keys = KeySet.of(auth or AuthConfig())
        self.token_ttl_s = (auth or AuthConfig()).token_ttl_s
        self.locked = locked
        self._kids = self._fingerprints(self.keys)
        self.throttle = FailureThrottle()

    # -- config ------------------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        """Whether calls need credentials (keys configured, or no good config known yet)."""
        return bool(self.keys) or bool(self.locked)

    def update(self, auth: AuthConfig) -> None:
        """Take the keys of a newly applied config; tokens of removed keys stop working now."""
        keys = KeySet.of(auth)
        was_locked, self.locked = self.locked, ""
        self.token_ttl_s = auth.token_ttl_s
        if keys == self.keys and not was_locked:
            return
        old = self._kids
        self.keys, self._kids = keys, self._fingerprints(keys)
        if was_locked:
            LOG.info("auth: first good config applied", extra={"auth": bool(keys), "keys": keys.describe()})
            return
        LOG.warning("auth keys changed", extra={
            "auth": bool(keys), "keys": keys.describe(), "keys_added": len(self._kids - old),
            "keys_removed": len(old - self._kids)})

    def _fingerprint(self, entity: str, key: str) -> str:
        """A key's identity in tokens: an HMAC under the process secret (reveals nothing of the key)."""
        return hmac.new(self._secret, f"kid\0{entity}\0{key}".encode(), hashlib.sha256).hexdigest()[:32]

    def _fingerprints(self, keys: KeySet) -> frozenset[str]:
        return frozenset([*(self._fingerprint(i, k) for i, k in keys.by_id.items()),
                          *(self._fingerprint("", k) for k in keys.anonymous)])

    # -- credentials -------------------------------------------------------------------------------
    def key_for(self, entity: str, cred_type: str, payload: str) -> str | None:
        """The fingerprint of the key these credentials match, or None."""
        if self.locked or cred_type != API_KEY or not payload:
            return None
        expected = self.keys.by_id.get(entity)
        if expected is not None:
            ok = hmac.compare_digest(expected.encode(), payload.encode())
            return self._fingerprint(entity, expected) if ok else None
        for key in self.keys.anonymous:
            if hmac.compare_digest(key.encode(), payload.encode()):
                return self._fingerprint("", key)
        return None

    def check_credentials(self, entity: str, cred_type: str, payload: str) -> bool:
        return self.key_for(entity, cred_type, payload) is not None

    def login(self, source: str, entity: str, cred_type: str, payload: str) -> str:
        """Check credentials from ``source`` (throttled); return a new token or raise TokenError."""
        if self.locked:
            raise NotConfiguredError(self.locked)
        self.throttle.check(source)
        kid = self.key_for(entity, cred_type, payload)
        if kid is None:
            self.throttle.failed(source)
            raise TokenError("invalid credentials")
        self.throttle.succeeded(source)
        return self.issue(entity, kid)

    # -- tokens ------------------------------------------------------------------------------------
    def issue(self, entity: str, kid: str) -> str:
        now = int(time.time())
        claims = {"sub": entity, "aud": AUDIENCE, "iat": now, "exp": now + int(self.token_ttl_s),
                  "jti": str(uuid.uuid4()), "kid": kid}
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        signing_input = f"{header}.{_b64(json.dumps(claims, separators=(',', ':')).encode())}"
        return f"{signing_input}.{self._sign(signing_input)}"

    def _sign(self, signing_input: str) -> str:
        return _b64(hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest())

    def verify(self, token: str) -> dict[str, Any]:
        """Claims of a valid token; raise TokenError naming what is wrong (never more)."""
        try:
            header, payload, signature = token.split(".")
        except ValueError:
            raise TokenError("malformed token") from None
        if not hmac.compare_digest(signature.encode(), self._sign(f"{header}.{payload}").encode()):
            raise TokenError("bad token signature")
        try:
            claims = json.loads(_unb64(payload))
            if not isinstance(claims, dict) or json.loads(_unb64(header)).get("alg") != "HS256":
                raise ValueError
        except (ValueError, AttributeError, binascii.Error, UnicodeDecodeError):
            raise TokenError("malformed token claims") from None
        if claims.get("aud") != AUDIENCE:
            raise TokenError("token is for another audience")
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp <= time.time():
            raise TokenError("token expired")
        if claims.get("kid") not in self._kids:
            raise TokenError("token was issued for a key that is no longer configured")
        return claims

    # -- the one check every listener makes ---------------------------------------------------------
    def authorize(self, authorization: str, *, source: str = "", allow_basic: bool = False) -> str:
        """The entity allowed by an ``authorization`` value; raise TokenError (or a subclass) if none.

        ``Bearer <token>`` everywhere; ``Basic base64(key id:key)`` only where a browser needs it
        (``allow_basic``), throttled per ``source`` like Authenticate. With no keys and no lock,
        everyone is let in as ''.
        """
        if self.locked:
            raise NotConfiguredError(self.locked)
        if not self.keys:
            return ""
        if not authorization:
            raise TokenError("missing authorization metadata (call Authenticate and send 'Bearer <token>')")
        if len(authorization) > MAX_AUTH_HEADER:
            raise TokenError("authorization value too long")
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() == "bearer" and credential:
            return str(self.verify(credential.strip()).get("sub", ""))
        if allow_basic and scheme.lower() == "basic" and credential:
            try:
                entity, sep, key = base64.b64decode(credential.strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                entity, sep, key = "", "", ""
            self.throttle.check(source)
            if not sep or self.key_for(entity, API_KEY, key) is None:
                self.throttle.failed(source)
                raise TokenError("invalid credentials")
            self.throttle.succeeded(source)
            return entity
        raise TokenError("authorization must be 'Bearer <token>'")

    def entity_of(self, metadata: Iterable[tuple[str, Any]] | None) -> str:
        """The authenticated entity of a gRPC call's metadata; raise TokenError if there is none."""
        value = ""
        for key, item in metadata or ():
            if key == "authorization":
                value = item if isinstance(item, str) else ""
                break
        return self.authorize(value)


class AuthService(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, authenticator: Authenticator) -> None:
        self.authenticator = authenticator

    async def Authenticate(
        self, request: auth_pb2.AuthenticateRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.AuthenticateResponse:
        creds = request.credentials
        source = peer_source(context.peer())
        try:
            token = self.authenticator.login(source, request.entity, creds.type, creds.payload)
        except TokenError as exc:
            if type(exc) is TokenError:
                LOG.warning("authentication failed", extra={"entity": request.entity[:80], "type": creds.type[:40],
                                                            "peer": context.peer()})
            await context.abort(exc.code, str(exc))
        return auth_pb2.AuthenticateResponse(access_token=token)


def _deny_like(handler: grpc.RpcMethodHandler, code: grpc.StatusCode, message: str) -> grpc.RpcMethodHandler:
    """A handler that refuses the call on its headers, answering in ``handler``'s response kind.

    It is always request-streaming, even for a unary method: grpcio reads a unary request whole
    before it runs the handler, so an unauthenticated caller could push up to the message limit
    (32 MiB) through the flow-control window first. A streaming handler runs at once and never
    reads; the abort's trailers end the stream and the rest of the body is refused.
    """

    async def refuse(requests: Any, context: grpc.aio.ServicerContext) -> None:
        await context.abort(code, message)

    async def refuse_stream(requests: Any, context: grpc.aio.ServicerContext):  # type: ignore[no-untyped-def]
        await context.abort(code, message)
        yield  # pragma: no cover - abort raises

    # The request is never read, let alone decoded: a refused caller costs no parsing.
    kwargs = {"request_deserializer": None, "response_serializer": handler.response_serializer}
    if handler.response_streaming:
        return grpc.stream_stream_rpc_method_handler(refuse_stream, **kwargs)
    return grpc.stream_unary_rpc_method_handler(refuse, **kwargs)


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """Installed on the main port always; consults the authenticator's current keys per call."""

    def __init__(self, authenticator: Authenticator) -> None:
        self.authenticator = authenticator

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None or not self.authenticator.enabled:
            return handler
        if handler_call_details.method.startswith(OPEN_METHOD_PREFIXES):
            return handler
        try:
            self.authenticator.entity_of(handler_call_details.invocation_metadata)
        except TokenError as exc:
            prefix = "unauthenticated: " if exc.code == grpc.StatusCode.UNAUTHENTICATED else ""
            return _deny_like(handler, exc.code, f"{prefix}{exc}")
        return handler
