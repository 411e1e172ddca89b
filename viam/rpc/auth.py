"""API-key authentication: ``proto.rpc.v1.AuthService/Authenticate`` hands out JWTs (HS256).

When the config has an ``api-key`` handler, every call on the main port except Authenticate,
reflection and health needs ``authorization: Bearer <token>``. The module parent socket is served
by a separate server without this check: it lives in a 0700 directory only our children reach.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from viam.config.model import AuthConfig
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc

LOG = logging.getLogger(__name__)
API_KEY = "api-key"
AUDIENCE = "viam-pi"
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
    pass


class TokenIssuer:
    """Signs and checks HS256 JWTs with a secret that lives as long as the process."""

    _HEADER = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())

    def __init__(self, ttl_s: float, secret: bytes | None = None) -> None:
        self.ttl_s = ttl_s
        self._secret = secret or secrets.token_bytes(32)

    def issue(self, entity: str) -> str:
        now = int(time.time())
        claims = {"sub": entity, "aud": AUDIENCE, "iat": now, "exp": now + int(self.ttl_s), "jti": str(uuid.uuid4())}
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{self._HEADER}.{payload}"
        return f"{signing_input}.{self._sign(signing_input)}"

    def _sign(self, signing_input: str) -> str:
        return _b64(hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest())

    def verify(self, token: str) -> dict[str, Any]:
        """Return the claims of a valid token; raise TokenError naming what is wrong."""
        try:
            header, payload, signature = token.split(".")
        except ValueError:
            raise TokenError("malformed token") from None
        if not hmac.compare_digest(signature, self._sign(f"{header}.{payload}")):
            raise TokenError("bad token signature")
        try:
            claims = json.loads(_unb64(payload))
        except (ValueError, json.JSONDecodeError):
            raise TokenError("malformed token claims") from None
        if claims.get("aud") != AUDIENCE:
            raise TokenError("token is for another audience")
        if claims.get("exp", 0) <= time.time():
            raise TokenError("token expired")
        return claims


class Authenticator:
    """Checks API keys and bearer tokens for one machine config."""

    def __init__(self, auth: AuthConfig) -> None:
        self.keys_by_id, self.anonymous_keys = auth.api_keys()
        self.tokens = TokenIssuer(auth.token_ttl_s)

    @property
    def enabled(self) -> bool:
        return bool(self.keys_by_id or self.anonymous_keys)

    def check_credentials(self, entity: str, cred_type: str, payload: str) -> bool:
        if cred_type != API_KEY or not payload:
            return False
        expected = self.keys_by_id.get(entity)
        if expected is not None:
            return hmac.compare_digest(expected, payload)
        return any(hmac.compare_digest(key, payload) for key in self.anonymous_keys)

    def entity_of(self, metadata: Any) -> str:
        """The authenticated entity of a call's metadata; raise TokenError if there is none."""
        value = ""
        for key, item in metadata or ():
            if key == "authorization":
                value = item
                break
        if not value:
            raise TokenError("missing authorization metadata (call Authenticate and send 'Bearer <token>')")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise TokenError("authorization must be 'Bearer <token>'")
        return str(self.tokens.verify(token).get("sub", ""))


class AuthService(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, authenticator: Authenticator) -> None:
        self.authenticator = authenticator

    async def Authenticate(
        self, request: auth_pb2.AuthenticateRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.AuthenticateResponse:
        creds = request.credentials
        if not self.authenticator.check_credentials(request.entity, creds.type, creds.payload):
            LOG.warning("authentication failed", extra={"entity": request.entity, "type": creds.type,
                                                        "peer": context.peer()})
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid credentials")
        return auth_pb2.AuthenticateResponse(access_token=self.authenticator.tokens.issue(request.entity))


def _deny_like(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    """A handler of the same streaming kind as ``handler`` that refuses the call."""

    async def refuse(request: Any, context: grpc.aio.ServicerContext) -> None:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    async def refuse_stream(request: Any, context: grpc.aio.ServicerContext):  # type: ignore[no-untyped-def]
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)
        yield  # pragma: no cover - abort raises

    kwargs = {"request_deserializer": handler.request_deserializer, "response_serializer": handler.response_serializer}
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(refuse, **kwargs)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(refuse_stream, **kwargs)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(refuse, **kwargs)
    return grpc.stream_stream_rpc_method_handler(refuse_stream, **kwargs)


class AuthInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, authenticator: Authenticator) -> None:
        self.authenticator = authenticator

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None or handler_call_details.method.startswith(OPEN_METHOD_PREFIXES):
            return handler
        try:
            self.authenticator.entity_of(handler_call_details.invocation_metadata)
        except TokenError as exc:
            return _deny_like(handler, f"unauthenticated: {exc}")
        return handler
