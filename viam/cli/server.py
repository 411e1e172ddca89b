"""``viam-server -config PATH``: run a machine until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys

from viam import __version__
from viam.config.loader import load_config_file
from viam.config.model import MachineConfig
from viam.config.reload import Reconfigurer, settings_from_env, startup_error
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
    """The config to start with.

    A file that cannot be read is fatal (there is nothing to run). A file that does not parse
    still starts the server with no resources and the error logged, so that fixing the file on
    a headless machine brings it up without a restart loop.
    """
    if not os.access(path, os.R_OK):
        raise ConfigError("cannot read config file (missing or not readable)", source=path)
    try:
        config = load_config_file(path)
        LOG.debug("config loaded", extra={"path": path, "revision": config.revision,
                                          "resources": len(config.resources), "errors": len(config.errors)})
        return config
    except ConfigError as exc:
        LOG.error("config not loaded; starting with no resources until it is fixed: %s", exc)
        config = MachineConfig(source=path)
        config.errors.append(exc)
        return config


async def run(args: argparse.Namespace) -> int:
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
    loop.add_signal_handler(signal.SIGHUP, reconfigurer.request_reload)
    if early_hup:
        reconfigurer.request_reload()
    await machine.wait_for_shutdown_request()
    await reconfigurer.close()
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
