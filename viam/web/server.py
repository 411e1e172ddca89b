"""HTTP status/control page and JSON API beside the gRPC port.

Routes: ``/`` (the control page from ``viam/web/static``, built from ``web/`` by ``make page``; a
status page saying how to build it when it is missing), ``/static/*`` (its assets), ``/api/status``,
``/api/logs?after=N`` (the log tail), ``POST /api/stop_all``,
``POST /api/resources/{api}/{name}/do_command`` (JSON body = command),
``/api/cameras/{name}/image`` (one JPEG) and ``/api/cameras/{name}/stream.mjpeg``.
Every request passes the same checks, in this order (docs/security.md):

- ``Host`` must name this machine (DNS-rebinding defence), and a browser's ``Origin`` (or
  ``Sec-Fetch-Site``) must be this same origin, even with auth off;
- a state change (any method but GET/HEAD) must be ``Content-Type: application/json``: a
  cross-site form or ``text/plain`` POST cannot be made to carry it without a CORS preflight,
  which this server never grants;
- with API keys configured, ``Authorization: Bearer <token from Authenticate>`` or, for a
  browser, HTTP Basic with a key id and key; failures are throttled per source with backoff
  (viam.rpc.auth, the one check the gRPC port makes too). The page itself and its static assets
  carry no machine data and are served without credentials, so the page can ask for an API key.

Served over TLS when the gRPC port is. Bodies are capped at ``MAX_BODY_BYTES``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import socket
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import grpc
from aiohttp import web
from google.protobuf import json_format

from viam import __version__
from viam.components.camera.api import Camera
from viam.config.model import MachineConfig
from viam.errors import InvalidArgumentError, ViamError
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.base import Resource
from viam.resource.names import API, ResourceName
from viam.rpc import server as rpc_server
from viam.rpc.auth import Authenticator, ThrottledError, TokenError
from viam.web.grpcweb import MAX_MESSAGE_BYTES, Translator, add_cors, classify, preflight
from viam.web.quietlog import QuietServerLog

LOG = logging.getLogger(__name__)
MJPEG_BOUNDARY = "viamframe"
_HTTP_STATUS = {
    grpc.StatusCode.NOT_FOUND: 404, grpc.StatusCode.INVALID_ARGUMENT: 400, grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.UNIMPLEMENTED: 501, grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
STREAM_INTERVAL_S = 1 / 15
STATIC_TYPES = {"js": "text/javascript", "css": "text/css", "html": "text/html", "txt": "text/plain",
                "png": "image/png", "svg": "image/svg+xml"}
HANDLER_SHUTDOWN_S = 0.5  # at close, handlers still running after this long are cancelled
MAX_BODY_BYTES = 64 * 1024  # a do_command body; nothing on this side takes more
MAX_JSON_DEPTH = 64
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
PUBLIC_PATHS = ("/",)  # and /static/*: no machine data, so the page can show its login
# The built page loads only its own files; the SDK's heartbeat timers run in blob: workers.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
FALLBACK_NOTE = (b'<p class="err" id="page-missing">The control page is not built: run <code>make page</code> '
                 b'(needs Node.js and npm) in the viam-pi checkout, or install a wheel that ships it. '
                 b'This is the plain status page.</p>')


def _host_of(value: str) -> str:
    """The host part of a Host header or origin authority ("[::1]:8081" -> "::1"), lowercased."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def allowed_host(host: str, bind_host: str) -> bool:
    """Whether a request's Host names this machine rather than an attacker's rebinding domain.

    IP literals and the machine's own names (hostname, hostname.local, localhost, the bind
    host) are accepted; any other name is not.
    """
    if not host:
        return False
    if _is_ip(host):
        return True
    own = {*LOOPBACK_NAMES, socket.gethostname().lower()}
    own |= {f"{name}.local" for name in own}
    if bind_host and not _is_ip(bind_host):
        own.add(bind_host.lower())
    return host in own


def parse_json_body(body: bytes) -> Any:
    """A request body as JSON, refusing deep nesting before it can exhaust the stack."""
    depth = 0
    for byte in body:  # bracket depth bound first: json.loads recurses per level
        if byte in b"[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InvalidArgumentError(f"bad request: JSON nested deeper than {MAX_JSON_DEPTH} levels")
        elif byte in b"]}":
            depth -= 1
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise InvalidArgumentError(f"bad request: not JSON ({str(exc)[:80]})") from None
    return value


def _controls(config: Any) -> dict[str, Any]:
    """What a card needs from a resource's config beyond its API: a board's analog and interrupt names."""
    if config is None or config.api.resource_subtype != "board":
        return {}
    out: dict[str, Any] = {}
    for key in ("analogs", "digital_interrupts"):
        entries = config.attributes.get(key)
        if isinstance(entries, list):
            out[key] = [{"name": e["name"]} for e in entries if isinstance(e, dict) and isinstance(e.get("name"), str)]
    return out


class WebHost(Protocol):
    """The machine as the web side sees it (``viam.robot.machine.Machine`` is the one in use)."""

    config: MachineConfig  # network (TLS files, bind address) and resources (models, board controls)
    grpc_socket: Path | None  # gRPC-web/Connect calls are made on this socket
    authenticator: Authenticator

    def status(self) -> pb.GetMachineStatusResponse: ...
    async def stop_all(self, extras: dict[ResourceName, dict] | None = None) -> list[str]: ...
    def resource(self, name: ResourceName) -> Resource: ...
    async def restart_allowed(self) -> bool: ...


def _status_json(machine: WebHost) -> dict[str, Any]:
    status = machine.status()
    configs = {(str(c.api), c.name): c for c in machine.config.resources}
    resources_out = []
    for r in status.resources:
        api = f"{r.name.namespace}:{r.name.type}:{r.name.subtype}"
        config = configs.get((api, r.name.name))
        resources_out.append({
            "name": r.name.name,
            "api": api,
            "model": str(config.model) if config is not None else "",
            "controls": _controls(config),
            "state": pb.ResourceStatus.State.Name(r.state).removeprefix("STATE_"),
            "error": r.error,
            "remote": r.remote if r.HasField("remote") else "",
            "reachability": pb.ResourceStatus.Reachability.Name(r.reachability).removeprefix("REACHABILITY_"),
        })
    modules_out = [{"name": m.module_name, "state": pb.ModuleStatus.State.Name(m.state).removeprefix("STATE_"),
                    "error": m.error} for m in status.modules]
    return {
        "state": pb.GetMachineStatusResponse.State.Name(status.state).removeprefix("STATE_"),
        "version": __version__,
        "revision": status.config.revision,
        "resources": resources_out,
        "modules": modules_out,
        "raw": json_format.MessageToDict(status),
    }


RPC_PATH = "/{service:[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)+}/{method:[A-Za-z_][A-Za-z0-9_]*}"


class WebServer:
    """One aiohttp app, served on the main port (through the front) and on the web port.

    On both: gRPC-web and Connect at ``/<package.Service>/<Method>`` (see ``viam.web.grpcweb``),
    and the page and JSON API.
    """

    def __init__(self, machine: WebHost) -> None:
        self.machine = machine
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()  # ends every open MJPEG stream at once
        self._static = resources.files("viam.web").joinpath("static")
        self._page, self.page_built = self._load_page()
        self.rpc = (Translator(machine.grpc_socket, machine.authenticator, in_process=machine.in_process)
                    if machine.grpc_socket is not None else None)

    def _load_page(self) -> tuple[bytes, bool]:
        """The built control page, or the plain status page with a note on how to build it."""
        built = self._static.joinpath("index.html")
        if built.is_file() and self._static.joinpath("app.js").is_file():
            return built.read_bytes(), True
        fallback = resources.files("viam.web").joinpath("page.html").read_bytes()
        return fallback.replace(b"<!--page-missing-->", FALLBACK_NOTE, 1), False

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE_BYTES)
        app.router.add_route("*", RPC_PATH, self._rpc)
        app.on_response_prepare.append(self._cors)
        app.router.add_get("/restart_status", self._restart_status)
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{file}", self._static_file)
        app.router.add_get("/api/status", self._status)
        app.router.add_get("/api/logs", self._logs)
        app.router.add_post("/api/stop_all", self._stop_all)
        app.router.add_post("/api/resources/{api}/{name}/do_command", self._do_command)
        app.router.add_get("/api/cameras/{name}/image", self._camera_image)
        app.router.add_get("/api/cameras/{name}/stream.mjpeg", self._camera_stream)
        return app

    async def setup(self) -> web.Server:
        """Build the app; return the protocol factory the main port's front hands HTTP/1.1 to."""
        self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=HANDLER_SHUTDOWN_S,
                                      logger=QuietServerLog())
        await self._runner.setup()
        assert self._runner.server is not None
        return self._runner.server

    def listening_on(self, host: str, port: int) -> None:
        """The web port the machine listens on for this app (its host is an allowed ``Host``)."""
        self._bind_host, self.port = host, port

    @property
    def tls(self) -> bool:
        return rpc_server.tls_enabled(self.machine.config.network)

    async def close(self) -> None:
        """Stop listening and end open streams now (shutdown must not wait for a browser tab)."""
        self._closing.set()
        if self.rpc is not None:
            await self.rpc.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- middleware ---------------------------------------------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.match_info.handler == self._rpc:
            return await handler(request)  # gRPC-web is cross-origin by design; the gRPC server checks its token
        if request.match_info.handler == self._restart_status:
            return await handler(request)  # for the local agent only: checked by address, as the reference does
        path = request.path
        public = request.method in SAFE_METHODS and (path in PUBLIC_PATHS or path.startswith("/static/"))
        refused = self._check_origin(request) or (None if public else self._check_auth(request))
        if refused is not None:
            return refused
        try:
            return await handler(request)
        except ViamError as exc:
            return web.json_response({"error": str(exc)[:500]}, status=_HTTP_STATUS.get(exc.grpc_code, 500))

    def _check_origin(self, request: web.Request) -> web.Response | None:
        """Host, Origin and content type: the CSRF and DNS-rebinding gate (also with auth off)."""
        host = _host_of(request.headers.get("Host", ""))
        if not allowed_host(host, getattr(self, "_bind_host", "")):
            return _refuse(403, "forbidden: the Host header does not name this machine")
        origin = request.headers.get("Origin")
        if origin is not None:
            scheme, _, authority = origin.partition("://")
            expected = "https" if self.tls else "http"
            if (scheme.lower() != expected or authority.lower().rstrip("/") != request.headers["Host"].lower()):
                return _refuse(403, "forbidden: cross-origin request")
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return _refuse(403, "forbidden: cross-site request")
        if request.method not in SAFE_METHODS and request.content_type != "application/json":
            return _refuse(415, "a state change needs Content-Type: application/json")
        return None

    def _check_auth(self, request: web.Request) -> web.Response | None:
        authenticator = self.machine.authenticator
        try:
            authenticator.authorize(request.headers.get("Authorization", ""), source=request.remote or "",
                                    allow_basic=True)
        except ThrottledError as exc:
            return _refuse(429, str(exc), {"Retry-After": str(max(1, int(exc.retry_after_s + 0.999)))})
        except TokenError as exc:
            headers = {"WWW-Authenticate": 'Basic realm="viam-server"'} if exc.http_status == 401 else {}
            return _refuse(exc.http_status, f"{exc} (send 'Bearer <token>' or HTTP Basic: key id, key)"
                           if exc.http_status == 401 else str(exc), headers)
        return None

    # -- gRPC-web and Connect ---------------------------------------------------------------------
    async def _rpc(self, request: web.Request) -> web.StreamResponse:
        if request.method == "OPTIONS":
            return preflight(request)
        protocol = classify(request.method, request.headers.get("Content-Type", ""))
        if protocol is None or self.rpc is None or request.method != "POST":
            return web.Response(status=415, text="gRPC-web or Connect request expected "
                                "(POST, content-type application/grpc-web+proto or application/proto)\n")
        return await self.rpc.handle(request, protocol)

    async def _cors(self, request: web.Request, response: web.StreamResponse) -> None:
        if request.match_info.handler == self._rpc:
            add_cors(request, response)

    # -- handlers -----------------------------------------------------------------------------------
    async def _restart_status(self, request: web.Request) -> web.Response:
        """The agent asks before it restarts or updates the server (the reference's endpoint and fields)."""
        if not _is_local_address(request.remote or ""):
            return _refuse(403, "forbidden")
        return web.json_response({"restart_allowed": await self.machine.restart_allowed(),
                                  "does_not_handle_needs_restart": True})

    async def _index(self, request: web.Request) -> web.Response:
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if self.page_built:
            headers["Content-Security-Policy"] = PAGE_CSP
        return web.Response(body=self._page, content_type="text/html", headers=headers)

    async def _static_file(self, request: web.Request) -> web.Response:
        name = request.match_info["file"]
        kind = STATIC_TYPES.get(name.rpartition(".")[2])
        entry = self._static.joinpath(name)
        if kind is None or "/" in name or name.startswith(".") or not entry.is_file():
            raise web.HTTPNotFound(text=f"no such file: /static/{name}\n")
        return web.Response(body=entry.read_bytes(), content_type=kind, headers={
            "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": PAGE_CSP})

    async def _logs(self, request: web.Request) -> web.Response:
        try:
            after = int(request.query.get("after", "0"))
        except ValueError:
            raise InvalidArgumentError("after must be a whole number (the last line number seen)") from None
        return web.json_response(self.machine.log_tail.since(after))

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response(_status_json(self.machine))

    async def _stop_all(self, request: web.Request) -> web.Response:
        errors = await self.machine.stop_all()
        return web.json_response({"stopped": not errors, "errors": errors}, status=500 if errors else 200)

    async def _do_command(self, request: web.Request) -> web.Response:
        try:
            api = API.parse(request.match_info["api"])
        except ValueError as exc:
            raise InvalidArgumentError(f"bad request: {exc}") from None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=request.content_length or 0)
        body = await request.content.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=len(body))
        command = parse_json_body(body)
        if not isinstance(command, dict):
            raise InvalidArgumentError("the body must be a JSON object (the command)")
        resource = self.machine.resource(ResourceName(api, request.match_info["name"]))
        return web.json_response({"result": dict(await resource.do_command(command))})

    def _camera(self, name: str) -> Camera:
        resource = self.machine.resource(ResourceName(Camera.API, name))
        if not isinstance(resource, Camera):
            raise InvalidArgumentError(f"{name!r} is not a camera")
        return resource

    async def _jpeg(self, camera: Camera) -> bytes:
        images, _ = await camera.get_images(extra={"mime_type": "image/jpeg"})
        for image in images:
            if image.mime_type == "image/jpeg":
                return image.data
        raise InvalidArgumentError(f"camera {camera.name!r} returned no JPEG image")

    async def _camera_image(self, request: web.Request) -> web.Response:
        data = await self._jpeg(self._camera(request.match_info["name"]))
        return web.Response(body=data, content_type="image/jpeg", headers={"Cache-Control": "no-store"})

    async def _camera_stream(self, request: web.Request) -> web.StreamResponse:
        camera = self._camera(request.match_info["name"])
        response = web.StreamResponse(headers={
            "Content-Type": f"multipart/x-mixed-replace; boundary={MJPEG_BOUNDARY}", "Cache-Control": "no-store"})
        await response.prepare(request)
        try:
            while not self._closing.is_set():
                data = await self._jpeg(camera)
                await response.write(
                    f"--{MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n".encode()
                    + data + b"\r\n")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), STREAM_INTERVAL_S)
        except ConnectionResetError:
            pass  # the viewer went away; a cancellation (shutdown) propagates
        return response


def _is_local_address(address: str) -> bool:
    """Loopback, or one of this host's own addresses (a server bound to a LAN address)."""
    import ipaddress
    import socket

    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.is_loopback or (ip.version == 6 and ip.ipv4_mapped is not None and ip.ipv4_mapped.is_loopback):
        return True
    try:
        own = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        own = set()
    return str(ip) in own


def _refuse(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)
