"""``viam-server -config PATH``: run a machine until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from viam import __version__
from viam.config.loader import load_config_file
from viam.config.model import MachineConfig
from viam.errors import ConfigError
from viam.logging import setup_logging
from viam.robot.machine import Machine

LOG = logging.getLogger("viam.server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="viam-server", description="Run a machine from its config file.")
    parser.add_argument("-config", "--config", dest="config", required=True, help="path to the machine config JSON")
    parser.add_argument("-debug", "--debug", dest="debug", action="store_true", help="log at debug level")
    parser.add_argument("-log-json", "--log-json", dest="log_json", action="store_true", help="log JSON lines")
    parser.add_argument("-version", "--version", action="version", version=f"viam-server {__version__}")
    return parser.parse_args(argv)


def load_initial_config(path: str) -> MachineConfig:
    """The config to start with. A broken file still starts the server (empty machine, error logged)."""
    try:
        return load_config_file(path)
    except ConfigError as exc:
        LOG.error("config not loaded; starting with no resources until it is fixed: %s", exc)
        config = MachineConfig(source=path)
        config.errors.append(exc)
        return config


async def run(args: argparse.Namespace) -> int:
    config = load_initial_config(args.config)
    machine = Machine(config)
    try:
        await machine.start()
    except ConfigError as exc:
        LOG.error("cannot start: %s", exc)
        return 1

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
            import os

            os._exit(1)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    await machine.wait_for_shutdown_request()
    await machine.close()
    return 0


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    setup_logging(debug=args.debug, json_lines=args.log_json)
    try:
        code = asyncio.run(run(args))
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
