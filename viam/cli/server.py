"""``viam-server -config PATH``: run a machine until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
from pathlib import Path

from viam import __version__, eventloop
from viam.config.loader import load_config_file
from viam.config.model import MachineConfig
from viam.errors import ConfigError
from viam.logging import setup_logging
from viam.packages.manager import default_viam_home
from viam.robot.home_lock import HomeInUseError, HomeLock
from viam.robot.machine import Machine
from viam.robot.reconfigure import Reconfigurer, settings_from_env, startup_error
from viam.rpc import server as rpc_server
from viam_pi.check import exit_if_viam_is_not_ours

LOG = logging.getLogger("viam.server")
SHUTDOWN_DEADLINE_S = 95.0  # under the agent's 100 s stop grace; the modules' 90 s fits inside


def _go_bool(text: str) -> bool:
    """A Go ``flag`` boolean value: ``-debug``, ``-debug=true``, ``-webrtc=false`` (as the reference takes)."""
    value = text.strip().lower()
    if value in ("1", "t", "true"):
        return True
    if value in ("0", "f", "false"):
        return False
    raise argparse.ArgumentTypeError(f"invalid boolean value {text!r} (use true or false)")


# The reference's flags that have no meaning here: accepted so unit files and scripts keep working,
# with a note saying they have no effect (name -> why).
NOT_SUPPORTED_HERE = {
    "allow-insecure-creds": "credentials are always accepted on the listeners the config enables",
    "cpuprofile": "Go profiling; use py-spy on this server",
    "webprofile": "Go profiling; use py-spy on this server",
    "reveal-sensitive-config-diffs": "config diffs are not logged",
    "untrusted-env": "this server runs no shell or process services",
    "output-telemetry": "no telemetry is collected",
    "ftdc": "no diagnostics capture is collected",
    "network-check": "no network checks are run",
    "disable-mdns": "this server does not advertise itself over mDNS",
}


def build_parser() -> argparse.ArgumentParser:
    """Flags as the reference spells them: one dash or two, ``-flag value`` or ``-flag=value``."""
    parser = argparse.ArgumentParser(prog="viam-server", description="Run a machine from its config file.",
                                     add_help=False, allow_abbrev=False)

    def flag(name: str, **kwargs: object) -> None:
        parser.add_argument(f"-{name}", f"--{name}", **kwargs)  # type: ignore[arg-type]

    def bool_flag(name: str, default: bool = False, help: str | None = None) -> None:
        flag(name, dest=name.replace("-", "_"), nargs="?", const=True, default=default, type=_go_bool,
             metavar="BOOL", help=help)

    parser.add_argument("-h", "-help", "--help", action="help", help="show this help and exit")
    flag("config", dest="config", help="path to the machine config JSON (required)")
    bool_flag("debug", help="log at debug level")
    bool_flag("version", help="print the version and exit")
    flag("log-file", dest="log_file", default="", metavar="PATH",
         help="also write logs to this file, rotated at 10 MB (5 kept)")
    bool_flag("log-json", help="log JSON lines")
    bool_flag("no-tls", help="serve without TLS even when the config names a certificate")
    bool_flag("webrtc", default=True, help="WebRTC is not served here; clients dial gRPC directly (default true)")
    flag("dump-resources", dest="dump_resources", default="", metavar="PATH",
         help="write every registered API and model as JSON to PATH and exit")
    for name, why in NOT_SUPPORTED_HERE.items():
        if name in ("ftdc",):
            bool_flag(name, default=True, help=f"accepted, no effect here: {why}")
        elif name == "cpuprofile":
            flag(name, dest=name, default="", metavar="PATH", help=f"accepted, no effect here: {why}")
        else:
            bool_flag(name, help=f"accepted, no effect here: {why}")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    known = {opt.lstrip("-") for action in parser._actions for opt in action.option_strings}
    for arg in argv:
        if arg == "--":
            break
        if arg.startswith("-") and len(arg) > 1 and arg.lstrip("-").split("=", 1)[0] not in known:
            # argparse would take "-conf" for "-config"; Go's flag package (the reference's) does not.
            parser.error(f"flag provided but not defined: {arg.split('=', 1)[0]}")
    args = parser.parse_args(argv)
    if args.version:
        print(f"viam-server {__version__}")
        sys.exit(0)
    if not args.config and not args.dump_resources:
        parser.error("the -config flag is required (path to the machine config JSON)")
    return args


def unsupported_flags(args: argparse.Namespace, argv: list[str] | None = None) -> list[str]:
    """The reference-only flags the user actually gave (named once in the log, never fatal)."""
    given = {a.lstrip("-").split("=", 1)[0] for a in (sys.argv[1:] if argv is None else argv) if a.startswith("-")}
    named = [name for name in NOT_SUPPORTED_HERE if name in given]
    if "webrtc" in given and args.webrtc:
        named.append("webrtc")
    return named


def dump_resources(path: str) -> int:
    """Write every API and model this server can build (in-process and built-in modules) as JSON."""
    from viam.components.catalog import register_builtins
    from viam.module.builtin import BuiltinCatalog
    from viam.resource.registry import Registry

    registry = Registry()
    register_builtins(registry)
    entries = [{"api": str(api), "model": str(model), "provider": "builtin"} for api, model in registry.models]
    for module in BuiltinCatalog().modules.values():
        entries += [{"api": str(api), "model": str(model), "provider": f"builtin module {module.name}"}
                    for api, model in module.models]
    try:
        Path(path).write_text(json.dumps({"apis": sorted(str(r.api) for r in registry.apis),
                                          "models": entries}, indent=2) + "\n")
    except OSError as exc:
        print(f"viam-server: cannot write -dump-resources {path!r}: {exc}", file=sys.stderr)
        return 1
    return 0


def load_initial_config(path: str) -> MachineConfig:
    """The config to start with.

    A file that cannot be read is fatal (there is nothing to run). A file that does not parse
    starts the server *locked* (its auth is unknown, so every call but Authenticate is refused,
    UNAVAILABLE) with the error logged, so that fixing the file on a headless machine brings it
    up without a restart loop. It listens on the file's ``bind_address`` when that one string can
    still be found in the text (else the default); the first good config moves it if need be.
    """
    if not os.access(path, os.R_OK):
        raise ConfigError("cannot read config file (missing or not readable)", source=path)
    try:
        config = load_config_file(path)
        LOG.debug("config loaded", extra={"path": path, "revision": config.revision,
                                          "resources": len(config.resources), "errors": len(config.errors)})
        return config
    except ConfigError as exc:
        LOG.error("config not loaded; serving nothing (every call refused) until it is fixed: %s", exc)
        config = MachineConfig(source=path)
        config.errors.append(exc)
        config.network.bind_address = salvage_bind_address(path) or config.network.bind_address
        return config


def salvage_bind_address(path: str) -> str:
    """The one ``"bind_address": "host:port"`` in a file that does not parse, or ''."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    found = re.findall(r'"bind_address"\s*:\s*"([^"\\]{1,255}:\d{1,5})"', text)
    return found[0] if len(found) == 1 else ""


async def run(args: argparse.Namespace) -> int:
    lock = HomeLock(default_viam_home())
    try:
        lock.acquire()
    except HomeInUseError as exc:
        LOG.error("cannot start: %s", exc)
        return 1
    except OSError as exc:  # an unwritable home: nothing in it can be deleted by a second server either
        LOG.warning("cannot lock VIAM_HOME %s (%s); running without the one-server-per-home lock", lock.home, exc)
    try:
        return await serve(args)
    finally:
        lock.release()


async def serve(args: argparse.Namespace) -> int:
    """Run the machine (the caller holds this ``VIAM_HOME``'s lock)."""
    try:
        config = load_initial_config(args.config)
    except ConfigError as exc:
        LOG.error("cannot start: %s", exc)
        return 1
    machine = Machine(config)
    # Live reconfiguration: file watch, SIGHUP, cloud sync, package step (docs/config.md).
    reconfigurer = Reconfigurer(machine, args.config, initial_error=startup_error(config), **settings_from_env())
    loop = asyncio.get_running_loop()
    signals = 0

    def on_signal(signum: int) -> None:
        nonlocal signals
        signals += 1
        if signals == 1:
            LOG.info("shutting down", extra={"signal": signal.Signals(signum).name})
            machine.request_shutdown()
        else:
            LOG.warning("second signal: exiting now")
            sys.stderr.flush()
            os._exit(1)

    # Handlers first: a signal during start-up (the build runs while start() finishes) shuts down
    # cleanly, and a SIGHUP that early is kept for once the reloader runs (not the default "terminate").
    early_hup: list[bool] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    loop.add_signal_handler(signal.SIGHUP, early_hup.append, True)
    try:
        await machine.start()
    except ConfigError as exc:
        LOG.error("cannot start: %s", exc)
        return 1
    await reconfigurer.start()
    host = config.network.bind_address.rsplit(":", 1)[0]
    page = f", control page at http://{machine.web_address}/" if machine.web_address else ""
    LOG.info("viam-server %s is up: gRPC at %s:%d%s (Ctrl-C stops it)", __version__, host, machine.port, page)
    loop.add_signal_handler(signal.SIGHUP, reconfigurer.request_reload)
    if early_hup:
        reconfigurer.request_reload()
    await machine.wait_for_shutdown_request()
    # Last resort: a teardown that overruns its bound (docs/safety.md) must not keep the
    # process, or its modules, alive until the agent's SIGKILL.
    watchdog = loop.call_later(SHUTDOWN_DEADLINE_S, _hard_exit, machine)
    await machine.close()  # stops actuators first, then the reconfigurer and everything else
    watchdog.cancel()
    return 0


def _hard_exit(machine: Machine) -> None:
    LOG.error("shutdown did not finish in time; killing modules and exiting",
              extra={"deadline_s": SHUTDOWN_DEADLINE_S})
    machine.kill()
    sys.stderr.flush()
    os._exit(1)


def main(argv: list[str] | None = None) -> None:
    exit_if_viam_is_not_ours("viam-server")  # also here: ``python -m viam.cli.server``, artifacts
    args = parse_args(argv)
    try:
        setup_logging(debug=args.debug, json_lines=args.log_json, log_file=args.log_file or None)
    except OSError as exc:
        print(f"viam-server: cannot open -log-file {args.log_file!r}: {exc}", file=sys.stderr)
        sys.exit(1)
    for name in unsupported_flags(args, argv):
        reason = NOT_SUPPORTED_HERE.get(name, "WebRTC is not served here; clients dial gRPC directly")
        LOG.warning("flag -%s is accepted but has no effect here: %s", name, reason)
    if args.no_tls:
        rpc_server.disable_tls("-no-tls flag")
    if args.dump_resources:
        sys.exit(dump_resources(args.dump_resources))
    try:
        code = eventloop.run(run(args))
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
