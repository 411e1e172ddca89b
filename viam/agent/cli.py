"""The ``viam-agent`` command.

    viam-agent [run] [--root DIR] [--enable-networking] [--enable-syscfg] [--log-level LEVEL]
               [-c/--config FILE] [--defaults FILE] [--viam-dir DIR] [-d/--debug] [-v/--version] [--install]
    viam-agent status [--root DIR] [--json]
    viam-agent install FILE --version V [--name viam-server|viam-agent] [--root DIR]
    viam-agent build-artifact --version V --out FILE [--entry MODULE:FUNC]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

from viam import __version__, eventloop
from viam.agent.lock import InstanceLock, running_agent_pid
from viam.agent.paths import AgentPaths
from viam.errors import ViamError
from viam_pi.check import exit_if_viam_is_not_ours

LOG = logging.getLogger("viam.agent")
COMMANDS = ("run", "status", "install", "build-artifact")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default="/", help="put every path the agent touches under DIR (default /)")
    common.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    # The reference agent's flags (its unit files and install scripts use them).
    common.add_argument("-c", "--config", dest="machine_config", default=None,
                        help="machine credentials file (default <root>/etc/viam.json)")
    common.add_argument("--defaults", default=None,
                        help="manufacturer defaults file (default <root>/etc/viam-defaults.json)")
    common.add_argument("--viam-dir", dest="viam_dir", default=None,
                        help="agent directories (default <root>/opt/viam)")
    common.add_argument("-d", "--debug", action="store_true", default=bool(os.environ.get("VIAM_AGENT_DEBUG")),
                        help="debug logging (also VIAM_AGENT_DEBUG)")
    parser = argparse.ArgumentParser(prog="viam-agent", description="Run, watch and update viam-server.")
    parser.add_argument("-v", "--version", action="version", version=f"viam-agent {__version__}")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", parents=[common], help="run the agent (default)")
    run.add_argument("--enable-networking", nargs="?", const="true", default="false", type=_flag_bool,
                     metavar="BOOL", help="host the networking/provisioning subsystem")
    run.add_argument("--enable-syscfg", nargs="?", const="true", default="false", type=_flag_bool,
                     metavar="BOOL", help="manage journald, unattended upgrades, reboots")
    run.add_argument("-w", "--wait", action="store_true", default=bool(os.environ.get("VIAM_AGENT_WAIT_FOR_UPDATE")),
                     help="accepted for the reference's unit files: updates are checked at start here anyway")
    run.add_argument("--dev-mode", action="store_true", help="does nothing (deprecated in the reference too)")
    run.add_argument("-v", "--version", action="version", version=f"viam-agent {__version__}")
    run.add_argument("--install", action="store_true",
                     help="install the systemd unit (under --root) and enable it when root is /")
    status = sub.add_parser("status", parents=[common], help="print subsystem states and versions")
    status.add_argument("--json", action="store_true")
    install = sub.add_parser("install", parents=[common], help="install a local artifact and make it current")
    install.add_argument("file", type=Path)
    install.add_argument("--version", required=True)
    install.add_argument("--name", default="viam-server", choices=["viam-server", "viam-agent"])
    build = sub.add_parser("build-artifact", parents=[common], help="build a viam-server zipapp artifact")
    build.add_argument("--version", required=True)
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--entry", default="viam.cli.server:main")
    build.add_argument("--python", default=sys.executable,
                       help="interpreter for the #! line (default: this one); it must import grpcio and protobuf")
    build.add_argument("--skip-interpreter-check", action="store_true",
                       help="do not check that --python can run the artifact (cross builds)")
    return parser


def _flag_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "t", "true", "yes"):
        return True
    if value in ("0", "f", "false", "no"):
        return False
    raise argparse.ArgumentTypeError(f"invalid boolean value {text!r}")


def main(argv: list[str] | None = None) -> int:
    exit_if_viam_is_not_ours("viam-agent")  # also here: ``python -m viam.agent.cli``, artifacts
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in argv) and not {"-h", "--help", "-v", "--version"} & set(argv):
        argv.insert(0, "run")
    args = _parser().parse_args(argv)
    level = "DEBUG" if args.debug else args.log_level.upper()
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    paths = AgentPaths.under(args.root, machine_config=args.machine_config, defaults=args.defaults,
                             viam_dir=args.viam_dir)
    try:
        if args.command == "status":
            return print_status(paths, as_json=args.json)
        if args.command == "install":
            return install_local(paths, args.name, args.version, args.file)
        if args.command == "build-artifact":
            from viam.agent.artifact import build_zipapp, check_interpreter

            if not args.skip_interpreter_check:
                check_interpreter(args.python)
            build_zipapp(args.out, version=args.version, entry=args.entry, interpreter=args.python)
            print(args.out)
            return 0
        if args.install:
            from viam.agent.unit import install_unit

            return install_unit(paths, argv=[a for a in argv if a not in ("run", "--install")])
        return run_agent(paths, enable_networking=args.enable_networking, enable_syscfg=args.enable_syscfg)
    except ViamError as exc:  # the agent's, the cloud's and the downloader's errors
        LOG.error("%s", exc)
        return 1


def install_local(paths: AgentPaths, name: str, version: str, file: Path) -> int:
    """First install (image build, manual recovery): no download, no trial."""
    from viam.agent.versions import VersionStore

    paths.ensure()
    store = VersionStore(paths)
    previous = store.linked_version(name)
    store.install(name, version, file)
    store.swap(name, version)
    store.commit(name, version, previous)
    print(f"{name} {version} installed at {store.installed_path(name, version)}")
    return 0


def run_agent(paths: AgentPaths, *, enable_networking: bool, enable_syscfg: bool) -> int:
    from viam.agent.agent import Agent

    paths.ensure()
    with InstanceLock(paths.lock_file):
        agent = Agent(paths, enable_networking=enable_networking, enable_syscfg=enable_syscfg)
        eventloop.run(_serve(agent))
    if agent.exec_into is not None:  # a self-update: become the new version (same PID, same flags)
        from viam.agent.agent import AGENT_TRIAL_ENV

        version, path = agent.exec_into
        LOG.info("executing %s", path)
        logging.shutdown()
        os.execve(str(path), [str(path), *sys.argv[1:]], {**os.environ, AGENT_TRIAL_ENV: version})
    return 0


async def _serve(agent: object) -> None:
    from viam.agent.agent import Agent

    assert isinstance(agent, Agent)
    loop = asyncio.get_running_loop()
    signals = {"count": 0}

    def on_signal(signum: int) -> None:
        signals["count"] += 1
        if signals["count"] > 1:
            LOG.error("second %s: exiting now", signal.Signals(signum).name)
            raise SystemExit(1)
        LOG.info("%s received; stopping", signal.Signals(signum).name)
        agent.stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    await agent.run()


def print_status(paths: AgentPaths, *, as_json: bool = False) -> int:
    """Exit 0 when an agent runs under the root, 3 when none does (as ``systemctl status``)."""
    pid = running_agent_pid(paths.lock_file)
    try:
        snapshot = json.loads(paths.status_file.read_text())
    except (OSError, ValueError):
        snapshot = {}
    if pid is None:
        from viam.agent.versions import VersionStore

        store = VersionStore(paths)
        snapshot = {"installed": {n: store.entry(n) for n in ("viam-server", "viam-agent")},
                    "linked": {n: store.linked_version(n) for n in ("viam-server", "viam-agent")}}
    snapshot["running"] = pid is not None
    if as_json:
        print(json.dumps(snapshot, indent=2, sort_keys=True))
        return 0 if pid is not None else 3
    if pid is None:
        print(f"viam-agent: not running (root {paths.root})")
        for name, version in snapshot["linked"].items():
            print(f"  {name}: {version or 'not installed'}")
        return 3
    age = time.time() - float(snapshot.get("updated_at", 0))
    print(f"viam-agent {snapshot.get('version', '?')}: running (pid {pid}), "
          f"{'healthy' if snapshot.get('healthy') else 'UNHEALTHY'}, status {age:.0f}s old")
    for name, sub in snapshot.get("subsystems", {}).items():
        first = [k for k in ("state", "version", "healthy", "pid") if k in sub]
        ordered = first + sorted(k for k in sub if k not in first)
        details = ", ".join(f"{k}={sub[k]}" for k in ordered if sub[k] not in (None, "", {}))
        print(f"  {name}: {details}")
    for name, entry in snapshot.get("installed", {}).items():
        if entry.get("current"):
            bad = ", ".join(entry.get("bad", {})) or "none"
            print(f"  {name} installed: current {entry.get('current')}, previous {entry.get('previous')}, bad {bad}")
    if snapshot.get("last_check_error"):
        print(f"  last update check: {snapshot['last_check_error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
