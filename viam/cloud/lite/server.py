"""``viam-app-lite``: the small, self-hostable subset of the app a machine talks to.

gRPC (h2c, or TLS with ``--tls-cert``/``--tls-key``): ``proto.rpc.v1.AuthService/Authenticate``
(part id + part secret as ``robot-secret``, or an API key as ``api-key``),
``viam.app.v1.RobotService/Config``, ``/NeedsRestart`` (the app's Restart button: a file
``DATA/restart/<part id>``, consumed when served), ``/Log`` (entries appended to
``DATA/logs/<part id>.jsonl``), ``viam.app.packages.v1.PackageService/GetPackage`` and
``viam.app.agent.v1.AgentDeviceService/DeviceAgentConfig``. HTTP: package archives under
``/packages/...`` with ``Range`` support (resumable downloads). Data comes from a directory of
plain files (see ``store.py``), read on every request.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import secrets
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

import grpc
from google.protobuf import duration_pb2, json_format

from viam.cloud.convert import dict_to_proto
from viam.cloud.errors import CloudError
from viam.cloud.lite.datastore import DataStore
from viam.cloud.lite.datasync import DataSyncService
from viam.cloud.lite.store import LiteStore, NotFound
from viam.gen.app.agent.v1 import agent_pb2, agent_pb2_grpc
from viam.gen.app.datasync.v1 import data_sync_pb2_grpc
from viam.gen.app.packages.v1 import packages_pb2, packages_pb2_grpc
from viam.gen.app.v1 import robot_pb2 as app_pb2
from viam.gen.app.v1 import robot_pb2_grpc as app_grpc
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc
from viam.logging import setup_logging

LOG = logging.getLogger("viam.app_lite")
Ctx = grpc.aio.ServicerContext
ANY_PART = "*"


class Tokens:
    """Opaque bearer tokens -> the part they may act for (``*`` for API keys)."""

    def __init__(self, store: LiteStore) -> None:
        self.store = store
        self._tokens: dict[str, str] = {}

    def issue(self, entity: str, kind: str, payload: str) -> str | None:
        if kind == "robot-secret":
            secret = self.store.part_secret(entity)
            if not secret or not secrets.compare_digest(secret, payload):
                return None
            scope = entity
        elif kind == "api-key":
            key = self.store.api_keys().get(entity, "")
            if not key or not secrets.compare_digest(key, payload):
                return None
            scope = ANY_PART
        else:
            return None
        token = secrets.token_urlsafe(32)
        self._tokens[token] = scope
        return token

    async def scope(self, context: Ctx) -> str:
        header = dict(context.invocation_metadata() or ()).get("authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        scope = self._tokens.get(token)
        if scope is None:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or unknown bearer token; call "
                                "proto.rpc.v1.AuthService/Authenticate first")
        return scope  # type: ignore[return-value]

    async def require_part(self, context: Ctx, part_id: str) -> None:
        scope = await self.scope(context)
        if scope not in (ANY_PART, part_id):
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, f"token is not valid for part {part_id!r}")


class AuthService(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens

    async def Authenticate(self, request: auth_pb2.AuthenticateRequest, context: Ctx) -> auth_pb2.AuthenticateResponse:
        token = self.tokens.issue(request.entity, request.credentials.type, request.credentials.payload)
        if token is None:
            LOG.warning("authentication refused", extra={"entity": request.entity, "type": request.credentials.type})
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, f"invalid credentials for {request.entity!r}")
        return auth_pb2.AuthenticateResponse(access_token=token)


class RobotService(app_grpc.RobotServiceServicer):
    def __init__(self, store: LiteStore, tokens: Tokens, calls: Counter[str], restart_check_interval_s: float,
                 logs_available: Callable[[], bool]) -> None:
        self.store, self.tokens, self.calls = store, tokens, calls
        self.restart_check_interval_s = restart_check_interval_s
        self.logs_available = logs_available

    async def NeedsRestart(self, request: app_pb2.NeedsRestartRequest,
                           context: Ctx) -> app_pb2.NeedsRestartResponse:
        await self.tokens.require_part(context, request.id)
        self.calls["NeedsRestart"] += 1
        must = self.store.take_restart(request.id)
        LOG.debug("NeedsRestart served", extra={"part": request.id, "must_restart": must})
        if must:
            LOG.info("restart requested of part", extra={"part": request.id})
        interval = duration_pb2.Duration()
        interval.FromNanoseconds(int(self.restart_check_interval_s * 1e9))
        return app_pb2.NeedsRestartResponse(id=request.id, must_restart=must, restart_check_interval=interval)

    async def Log(self, request: app_pb2.LogRequest, context: Ctx) -> app_pb2.LogResponse:
        await self.tokens.require_part(context, request.id)
        self.calls["Log"] += 1
        if not self.logs_available():
            await context.abort(grpc.StatusCode.UNAVAILABLE, "log service unavailable (test outage)")
        entries = [json_format.MessageToDict(entry, preserving_proto_field_name=True) for entry in request.logs]
        await asyncio.to_thread(self.store.append_logs, request.id, entries)
        return app_pb2.LogResponse()

    async def Config(self, request: app_pb2.ConfigRequest, context: Ctx) -> app_pb2.ConfigResponse:
        await self.tokens.require_part(context, request.id)
        self.calls["Config"] += 1
        try:
            data = self.store.machine_config(request.id)
            config = dict_to_proto(data)
            if not config.revision:  # a revision per content, so machines can tell versions apart
                config.revision = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
        except NotFound as exc:
            await context.abort(grpc.StatusCode.NOT_FOUND, str(exc))
        except (CloudError, json_format.ParseError) as exc:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, f"machine config of {request.id!r}: {exc}")
        LOG.debug("config served", extra={"part": request.id, "revision": config.revision})
        return app_pb2.ConfigResponse(config=config)


class PackageService(packages_pb2_grpc.PackageServiceServicer):
    def __init__(self, store: LiteStore, tokens: Tokens, base_url: str) -> None:
        self.store, self.tokens, self.base_url = store, tokens, base_url

    async def GetPackage(self, request: packages_pb2.GetPackageRequest,
                         context: Ctx) -> packages_pb2.GetPackageResponse:
        await self.tokens.scope(context)
        try:
            version, path = self.store.package_file(request.id, request.version)
            checksum = await asyncio.to_thread(self.store.checksum, path)
        except NotFound as exc:
            await context.abort(grpc.StatusCode.NOT_FOUND, str(exc))
        relative = path.relative_to(self.store.root / "packages").as_posix()
        url = f"{self.base_url}/packages/{quote(relative)}"
        info = packages_pb2.PackageInfo(name=request.id, version=version, type=request.type)
        LOG.debug("package location served", extra={"package": request.id, "version": version})
        return packages_pb2.GetPackageResponse(package=packages_pb2.Package(
            id=request.id, info=info, url=url, checksum=checksum))


class AgentDeviceService(agent_pb2_grpc.AgentDeviceServiceServicer):
    def __init__(self, store: LiteStore, tokens: Tokens, calls: Counter[str]) -> None:
        self.store, self.tokens, self.calls = store, tokens, calls

    async def DeviceAgentConfig(self, request: agent_pb2.DeviceAgentConfigRequest,
                                context: Ctx) -> agent_pb2.DeviceAgentConfigResponse:
        await self.tokens.require_part(context, request.id)
        self.calls["DeviceAgentConfig"] += 1
        response = agent_pb2.DeviceAgentConfigResponse()
        try:
            json_format.ParseDict(self.store.agent_config(request.id), response, ignore_unknown_fields=True)
        except (CloudError, json_format.ParseError) as exc:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, f"agent config of {request.id!r}: {exc}")
        return response


def _file_handler(store: LiteStore, throttle_bps: int) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            LOG.debug("http: " + format, *args)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            path = unquote(urlparse(self.path).path)
            target = store.resolve_file(path.removeprefix("/packages/")) if path.startswith("/packages/") else None
            if target is None:
                self.send_error(404, "no such package file")
                return
            size = target.stat().st_size
            start = 0
            header = self.headers.get("Range", "")
            if header.startswith("bytes=") and header[6:].split("-")[0].isdigit():
                start = int(header[6:].split("-")[0])
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            else:
                self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size - start))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            LOG.info("package download", extra={"file": path, "from_byte": start, "bytes": size - start})
            chunk = 64 * 1024 if not throttle_bps else max(1024, throttle_bps // 20)
            with target.open("rb") as handle:
                handle.seek(start)
                while block := handle.read(chunk):
                    try:
                        self.wfile.write(block)
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return
                    if throttle_bps:
                        time.sleep(len(block) / throttle_bps)

    return Handler


class LiteApp:
    """The gRPC and HTTP servers over one data directory."""

    def __init__(self, data_dir: Path, *, grpc_address: str = "127.0.0.1:0", http_address: str = "127.0.0.1:0",
                 public_url: str = "", tls_cert: str = "", tls_key: str = "", throttle_bps: int = 0,
                 restart_check_interval_s: float = 5.0) -> None:
        self.store = LiteStore(data_dir)
        self.restart_check_interval_s = restart_check_interval_s
        self.calls: Counter[str] = Counter()  # RPCs served, by method (tests tell who polls)
        self.logs_available = True  # tests set False for an outage of the log service only
        self.grpc_address, self.http_address = grpc_address, http_address
        self.public_url = public_url
        self.tls = (Path(tls_key).read_bytes(), Path(tls_cert).read_bytes()) if tls_cert else None
        self.throttle_bps = throttle_bps
        self.grpc_port = 0
        self.base_url = ""
        self._server: grpc.aio.Server | None = None
        self._http: ThreadingHTTPServer | None = None
        self.data: DataStore | None = None

    async def start(self) -> None:
        host, port = self.http_address.rsplit(":", 1)
        self._http = ThreadingHTTPServer((host, int(port)), _file_handler(self.store, self.throttle_bps))
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, name="lite-http", daemon=True).start()
        self.base_url = self.public_url.rstrip("/") or f"http://{host}:{self._http.server_address[1]}"
        tokens = Tokens(self.store)
        server = grpc.aio.server()
        auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthService(tokens), server)
        app_grpc.add_RobotServiceServicer_to_server(
            RobotService(self.store, tokens, self.calls, self.restart_check_interval_s, lambda: self.logs_available),
            server)
        packages_pb2_grpc.add_PackageServiceServicer_to_server(PackageService(self.store, tokens, self.base_url),
                                                              server)
        agent_pb2_grpc.add_AgentDeviceServiceServicer_to_server(AgentDeviceService(self.store, tokens, self.calls),
                                                                server)
        self.data = DataStore(self.store.root)
        data_sync_pb2_grpc.add_DataSyncServiceServicer_to_server(DataSyncService(self.data, tokens), server)
        if self.tls is not None:
            creds = grpc.ssl_server_credentials([self.tls])
            self.grpc_port = server.add_secure_port(self.grpc_address, creds)
        else:
            self.grpc_port = server.add_insecure_port(self.grpc_address)
        await server.start()
        self._server = server
        scheme = "https" if self.tls is not None else "http"
        grpc_host = self.grpc_address.rsplit(":", 1)[0]
        LOG.info("viam-app-lite serving", extra={"app_address": f"{scheme}://{grpc_host}:{self.grpc_port}",
                                                 "files": self.base_url, "data": str(self.store.root)})

    def request_restart(self, part_id: str) -> None:
        """What the app's Restart button does: the part's next NeedsRestart answers must_restart."""
        self.store.request_restart(part_id)

    def logs(self, part_id: str) -> list[dict[str, Any]]:
        """Log entries the part uploaded, oldest first (as JSON, proto field names)."""
        return self.store.logs(part_id)

    async def close(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        if self._server is not None:
            await self._server.stop(0.5)
        if self.data is not None:
            self.data.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="viam-app-lite", description="Serve machine configs and packages "
                                     "to viam-server and viam-agent from a directory of files.")
    parser.add_argument("--data", required=True, help="data directory (machines/, packages/, agent/)")
    parser.add_argument("--grpc-address", default="127.0.0.1:8443", help="host:port for gRPC (port 0: any)")
    parser.add_argument("--http-address", default="127.0.0.1:8444", help="host:port for package downloads")
    parser.add_argument("--public-url", default="", help="base URL machines use for downloads (default: from "
                        "--http-address)")
    parser.add_argument("--tls-cert", default="", help="PEM certificate for gRPC TLS")
    parser.add_argument("--tls-key", default="", help="PEM key for gRPC TLS")
    parser.add_argument("--throttle", type=int, default=0, help="limit each download to N bytes/s (0: no limit)")
    parser.add_argument("--restart-check-interval", type=float, default=5.0,
                        help="seconds machines wait between NeedsRestart calls (the app's answer)")
    parser.add_argument("--debug", action="store_true")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    app = LiteApp(Path(args.data), grpc_address=args.grpc_address, http_address=args.http_address,
                  public_url=args.public_url, tls_cert=args.tls_cert, tls_key=args.tls_key,
                  throttle_bps=args.throttle, restart_check_interval_s=args.restart_check_interval)
    await app.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await app.close()


def export_main(argv: list[str]) -> None:
    """``viam-app-lite data export --data DIR --part ID [--since T] [--until T] [--out FILE]``: JSON lines."""
    import sys

    from viam.cloud.lite.datastore import parse_since

    parser = argparse.ArgumentParser(prog="viam-app-lite data export",
                                     description="Print a part's synced readings as JSON lines (binary data "
                                     "and files are referenced by path under the data directory).")
    parser.add_argument("--data", required=True, help="the app's data directory")
    parser.add_argument("--part", required=True, help="machine part id")
    parser.add_argument("--since", default="", help="ISO time, epoch seconds, or a duration ago (10m, 2h, 1d)")
    parser.add_argument("--until", default="", help="same forms as --since")
    parser.add_argument("--out", default="", help="write to this file instead of stdout")
    args = parser.parse_args(argv)
    store = DataStore(Path(args.data))
    out = open(args.out, "w") if args.out else sys.stdout  # noqa: SIM115 - closed below when a file
    try:
        for record in store.export(args.part, parse_since(args.since),
                                   parse_since(args.until) if args.until else None):
            out.write(json.dumps(record, sort_keys=True) + "\n")
    finally:
        if args.out:
            out.close()
        store.close()


def main(argv: list[str] | None = None) -> None:
    import sys

    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["data", "export"]:
        export_main(argv[2:])
        return
    args = parse_args(argv)
    setup_logging(debug=args.debug)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
