"""One module child process: launch with the module protocol's argv and env, pump its output
into the log, notice its exit, and stop it (SIGTERM, group SIGTERM, SIGKILL).

The exit is seen from the process itself (a pidfd, else polling the reaped exit code), never
from its output pipes: a background child the module (or its wrapper script) left holding the
pipes must not hide the module's death. Whatever the module left behind goes with it: its
process group is SIGKILLed after every exit, and so is every descendant seen at stop time,
including ones that left the group with setsid."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from viam.proctree import descendants, signal_pids

LOG = logging.getLogger("viam.module")

EXIT_POLL_S = 0.2  # fallback when pidfds are unavailable
PUMP_DRAIN_S = 1.0  # after the exit, output still buffered is logged for this long at most
MAX_SOCKET_PATH_BYTES = 103  # sun_path is 104/108 bytes with the NUL; 103 is safe everywhere


def socket_path(directory: Path, name: str, suffix: str = ".sock") -> Path:
    """``directory/name.sock``, shortened with a hash of ``name`` when longer than 103 bytes."""
    path = directory / f"{name}{suffix}"
    if len(os.fsencode(path)) <= MAX_SOCKET_PATH_BYTES:
        return path
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    room = MAX_SOCKET_PATH_BYTES - len(os.fsencode(directory / f"-{digest}{suffix}"))
    if room < 1:
        raise ValueError(f"module socket directory {directory} is too long for a UNIX socket path")
    short = os.fsencode(name)[:room].decode("utf-8", "ignore")
    return directory / f"{short}-{digest}{suffix}"


def _die_with_parent(argv: Sequence[str]) -> list[str]:
    """Have the child SIGKILLed if the server dies without stopping it (Linux, util-linux setpriv).

    ``setpriv --pdeathsig`` sets it and execs the module (same pid). A ``preexec_fn`` could do the
    same, but running Python between fork and exec in a threaded gRPC process can crash the child.
    """
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    return [setpriv, "--pdeathsig", "KILL", "--", *argv] if setpriv else list(argv)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)")
_LEVEL_WORDS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARN": logging.WARNING, "WARNING": logging.WARNING,
                "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL, "FATAL": logging.CRITICAL}


def strip_ansi(text: str) -> str:
    """A module's terminal colours (the official SDK colours its levels) do not belong in our log."""
    return _ANSI.sub("", text) if "\x1b" in text else text


def line_level(text: str, default: int) -> int:
    """The level a module's own log line states near its start ("... INFO ..."), else ``default``.

    Loggers print to stderr whatever the level; a module's INFO line is not our ERROR.
    """
    for word in text.split(None, 6)[:6]:
        level = _LEVEL_WORDS.get(word.strip("[]:|").upper())
        if level is not None:
            return level
    return default


# Import names of the optional dependencies, and the extra of this distribution that brings each.
EXTRA_OF_IMPORT = {"gpiozero": "hardware", "lgpio": "hardware", "smbus2": "hardware", "serial": "hardware",
                   "cv2": "hardware", "numpy": "hardware", "spidev": "hardware", "dbus_fast": "agent"}
_MISSING_IMPORT = re.compile(r"No module named '([\w.]+)'")


def install_hint(stderr_lines: Sequence[str]) -> str:
    """What to install when a module died of a missing optional dependency, else ""."""
    for line in reversed(stderr_lines):
        match = _MISSING_IMPORT.search(line)
        if match:
            top = match.group(1).split(".")[0]
            extra = EXTRA_OF_IMPORT.get(top)
            if extra:
                return f" (the '{extra}' extra is not installed: pip install 'viam-pi[{extra}]')"
            return f" (Python package {top!r} is missing where the module runs)"
    return ""


class ModuleProcess:
    """A started child; ``wait()`` returns its exit code. Output lines are logged with its name."""

    def __init__(self, name: str, proc: asyncio.subprocess.Process, *,
                 seen_before: frozenset[str] = frozenset()) -> None:
        self.name = name
        self.proc = proc
        self.pid = proc.pid
        self.last_stderr: list[str] = []
        # Lines the previous, crashed run printed: a crash loop repeats its traceback every restart,
        # and the log keeps one copy (the rest at debug) beside one "restarting" line per restart.
        self.seen_before = seen_before
        self.stderr_lines: set[str] = set()
        self._pumps = [
            asyncio.create_task(self._pump(proc.stdout, logging.INFO, "stdout"), name=f"module-{name}-stdout"),
            asyncio.create_task(self._pump(proc.stderr, logging.ERROR, "stderr"), name=f"module-{name}-stderr"),
        ]

    @classmethod
    async def launch(cls, name: str, argv: Sequence[str], *, env: Mapping[str, str], cwd: str | None,
                     seen_before: frozenset[str] = frozenset()) -> ModuleProcess:
        LOG.info("starting module process", extra={"module_name": name, "argv": " ".join(argv)})
        try:
            proc = await asyncio.create_subprocess_exec(
                *_die_with_parent(argv), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=dict(env), cwd=cwd, start_new_session=True,
            )
        except OSError as exc:
            from viam.module.errors import ModuleStartError

            raise ModuleStartError(f"module {name!r}: cannot run {argv[0]!r}: {exc.strerror or exc}") from None
        return cls(name, proc, seen_before=seen_before)

    async def _pump(self, stream: asyncio.StreamReader | None, level: int, which: str) -> None:
        if stream is None:
            return
        while True:
            try:
                line = await stream.readline()
            except ValueError:  # a line longer than the stream limit: take what is there
                line = await stream.read(65536)
            if not line:
                return
            text = strip_ansi(line.decode("utf-8", "replace").rstrip("\r\n"))
            if which == "stderr":
                self.last_stderr = [*self.last_stderr[-9:], text]
                if len(self.stderr_lines) < 1000:
                    self.stderr_lines.add(text)
            repeated = text in self.seen_before
            LOG.log(logging.DEBUG if repeated else line_level(text, level), text,
                    extra={"module_name": self.name, "stream": which})

    def failure_tail(self) -> str:
        """"; last stderr: ..." for an exit message, with what to install when an import failed."""
        if not self.last_stderr:
            return ""
        return f"; last stderr: {self.last_stderr[-1]}{install_hint(self.last_stderr)}"

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def alive(self) -> bool:
        return self.proc.returncode is None

    async def _exited(self) -> int:
        """The exit code, as soon as the child has exited and been reaped."""
        pidfd = -1
        if hasattr(os, "pidfd_open"):
            with contextlib.suppress(OSError):
                pidfd = os.pidfd_open(self.pid)
        loop = asyncio.get_running_loop()
        readable = asyncio.Event()
        if pidfd >= 0:
            loop.add_reader(pidfd, readable.set)
        try:
            while self.proc.returncode is None:
                # Readable pidfd: the child is dead; the child watcher reaps it a moment later.
                timeout_s = 0.01 if readable.is_set() else EXIT_POLL_S if pidfd < 0 else 5.0
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(readable.wait(), timeout_s)
        finally:
            if pidfd >= 0:
                loop.remove_reader(pidfd)
                os.close(pidfd)
        return self.proc.returncode

    async def wait(self) -> int:
        """Wait for the module's exit; then kill what it left in its group and drain its output."""
        code = await self._exited()
        self._signal_group(signal.SIGKILL)
        _, pending = await asyncio.wait(self._pumps, timeout=PUMP_DRAIN_S)
        for pump in pending:  # a process outside the group still holds the pipes
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        return code

    def _signal_group(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)

    def kill(self) -> None:
        """SIGKILL the module's whole process group, and its descendants outside it, now."""
        leftovers = self._descendants() if self.alive() else []
        self._signal_group(signal.SIGKILL)
        signal_pids(leftovers, signal.SIGKILL)

    def _descendants(self) -> list[int]:
        try:
            return descendants(self.pid)
        except OSError:  # no /proc
            return []

    async def stop(self, grace_s: float) -> int:
        """SIGTERM the module, then its group at half the grace period, then SIGKILL the group
        and every descendant seen while it ran (those that left the group too)."""
        leftovers = self._descendants()
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            waiter = asyncio.ensure_future(self._exited())
            done, _ = await asyncio.wait({waiter}, timeout=grace_s / 2)
            if not done:
                leftovers += [p for p in self._descendants() if p not in leftovers]
                self._signal_group(signal.SIGTERM)
                done, _ = await asyncio.wait({waiter}, timeout=grace_s / 2)
            if not done:
                LOG.warning("module did not exit after SIGTERM; killing it",
                            extra={"module_name": self.name, "grace_s": grace_s})
            waiter.cancel()
        self.kill()  # also reaps anything the module left behind in its group
        signal_pids(leftovers, signal.SIGKILL)
        return await self.wait()
