"""HTTP status/control page and JSON API beside the gRPC port.

Routes: ``/`` (page), ``/api/status``, ``POST /api/stop_all``,
``POST /api/resources/{api}/{name}/do_command`` (JSON body = command),
``/api/cameras/{name}/image`` (one JPEG) and ``/api/cameras/{name}/stream.mjpeg``.
With API keys configured, every route needs HTTP Basic auth with a key id and key.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

import grpc
from aiohttp import web
from google.protobuf import json_format

from viam import __version__
from viam.components.camera.api import Camera
from viam.errors import InvalidArgumentError, ViamError
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.names import API, ResourceName
from viam.robot.service import machine_status, stop_all
from viam.web.grpcweb import MAX_MESSAGE_BYTES, Translator, add_cors, classify, preflight

if TYPE_CHECKING:
    from viam.robot.machine import Machine

LOG = logging.getLogger(__name__)
MJPEG_BOUNDARY = "viamframe"
_HTTP_STATUS = {
    grpc.StatusCode.NOT_FOUND: 404, grpc.StatusCode.INVALID_ARGUMENT: 400, grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.UNIMPLEMENTED: 501, grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
STREAM_INTERVAL_S = 1 / 15
HANDLER_SHUTDOWN_S = 0.5  # at close, handlers still running after this long are cancelled


def _status_json(machine: Machine) -> dict[str, Any]:
    status = machine_status(machine)
    resources_out = []
    for r in status.resources:
        resources_out.append({
            "name": r.name.name,
            "api": f"{r.name.namespace}:{r.name.type}:{r.name.subtype}",
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

    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()  # ends every open MJPEG stream at once
        self._page = resources.files("viam.web").joinpath("page.html").read_bytes()
        self.rpc = Translator(machine.grpc_socket) if machine.grpc_socket is not None else None

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._auth], client_max_size=MAX_MESSAGE_BYTES)
        app.router.add_route("*", RPC_PATH, self._rpc)
        app.on_response_prepare.append(self._cors)
        app.router.add_get("/", self._index)
        app.router.add_get("/api/status", self._status)
        app.router.add_post("/api/stop_all", self._stop_all)
        app.router.add_post("/api/resources/{api}/{name}/do_command", self._do_command)
        app.router.add_get("/api/cameras/{name}/image", self._camera_image)
        app.router.add_get("/api/cameras/{name}/stream.mjpeg", self._camera_stream)
        return app

    async def setup(self) -> web.Server:
        """Build the app; return the protocol factory the main port's front hands HTTP/1.1 to."""
        self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=HANDLER_SHUTDOWN_S)
        await self._runner.setup()
        assert self._runner.server is not None
        return self._runner.server

    async def start(self, host: str, port: int) -> int:
        """Also listen on ``host:port`` (the web port); return the port bound."""
        if self._runner is None:
            await self.setup()
        assert self._runner is not None
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        sockets = site._server.sockets if site._server is not None else []  # noqa: SLF001 - aiohttp has no getter
        self.port = sockets[0].getsockname()[1] if sockets else port
        return self.port

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
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        authenticator = self.machine.authenticator
        if request.match_info.handler == self._rpc:
            return await handler(request)  # the gRPC server checks the call's bearer token itself
        if authenticator.enabled:
            header = request.headers.get("Authorization", "")
            entity, key = "", ""
            if header.startswith("Basic "):
                try:
                    entity, _, key = base64.b64decode(header[6:]).decode().partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    pass
            if not authenticator.check_credentials(entity, "api-key", key):
                return web.Response(status=401, text="API key required (HTTP Basic: key id, key)\n",
                                    headers={"WWW-Authenticate": 'Basic realm="viam-server"'})
        try:
            return await handler(request)
        except ViamError as exc:
            return web.json_response({"error": str(exc)}, status=_HTTP_STATUS.get(exc.grpc_code, 500))

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
    async def _index(self, request: web.Request) -> web.Response:
        return web.Response(body=self._page, content_type="text/html")

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response(_status_json(self.machine))

    async def _stop_all(self, request: web.Request) -> web.Response:
        errors = await stop_all(self.machine)
        return web.json_response({"stopped": not errors, "errors": errors}, status=500 if errors else 200)

    async def _do_command(self, request: web.Request) -> web.Response:
        try:
            api = API.parse(request.match_info["api"])
            command = await request.json()
        except ValueError as exc:
            raise InvalidArgumentError(f"bad request: {exc}") from None
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
