"""The kernel's hardware PWM (``/sys/class/pwm``) on the Raspberry Pi's PWM pins.

Which GPIOs get it: those wired to a channel of the SoC's PWM block (`CHANNELS`: Pi 4 and
earlier GPIO12/18 -> channel 0, GPIO13/19 -> channel 1; Pi 5's RP1 GPIO12/13/18/19 -> channels
0-3) that the boot config's ``dtoverlay=pwm`` / ``dtoverlay=pwm-2chan`` routes to PWM (the
firmware muxes only those, by default GPIO18 and 19), when the PWM chip is in sysfs. Every other
pin, and a routed pin once it was used as a digital pin, gets the pin factory's software PWM
(0.01 % duty steps or finer, `fine_pwm`).

A channel is exported on first use and unexported when its pin is released. Period and duty
are written in nanoseconds (0.1 % duty resolution needs a period of at least 1000 ns: any
frequency up to 1 MHz). ``$VIAM_PI_SYSFS_PWM`` replaces ``/sys/class/pwm`` (tests point it at a
fake tree, `drivers.gpio.mock.sysfs_pwm`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers import bootconfig
from drivers.board import BoardInfo
from drivers.errors import PinUnsupported

log = logging.getLogger(__name__)

SYSFS_PWM = Path("/sys/class/pwm")
ENV_SYSFS_PWM = "VIAM_PI_SYSFS_PWM"
EXPORT_TIMEOUT_S = 2.0  # udev may take a moment to make a new channel's files writable

_BCM = {12: 0, 18: 0, 13: 1, 19: 1}
_RP1 = {12: 0, 13: 1, 18: 2, 19: 3}


@dataclass(frozen=True)
class ChipLayout:
    """Where a SoC's header PWM is: the platform device of the PWM block and GPIO -> channel."""

    device: str
    channels: Mapping[int, int]


CHANNELS: dict[str, ChipLayout] = {
    "rpi5": ChipLayout("1f00098000.pwm", _RP1),
    "rpi4": ChipLayout("fe20c000.pwm", _BCM),
    "rpi3": ChipLayout("3f20c000.pwm", _BCM),
    "rpi2": ChipLayout("3f20c000.pwm", _BCM),
    "rpi0_2": ChipLayout("3f20c000.pwm", _BCM),
    "rpi1": ChipLayout("20020c000.pwm", _BCM),
    "rpi0": ChipLayout("20020c000.pwm", _BCM),
}


class PwmChannel:
    """One channel of a sysfs PWM chip, driven by one pin."""

    def __init__(self, chip: Path, channel: int, gpio: int) -> None:
        self.chip, self.channel, self.gpio = chip, channel, gpio
        self.path = chip / f"pwm{channel}"
        self._period_ns = 0
        self._duty_ns = 0
        self._enabled = False
        self._open = False

    def open(self) -> None:
        """Export the channel (if no one has) and wait until its files are writable."""
        if self._open:
            return
        if not self.path.exists():
            self._write(self.chip / "export", self.channel)
        deadline = time.monotonic() + EXPORT_TIMEOUT_S
        while not (os.access(self.path / "period", os.W_OK) and os.access(self.path / "enable", os.W_OK)):
            if time.monotonic() > deadline:
                raise PinUnsupported(f"GPIO{self.gpio}: {self.path} did not appear after exporting channel "
                                     f"{self.channel} of {self.chip}")
            time.sleep(0.005)
        self._period_ns = self._read(self.path / "period")
        self._duty_ns = self._read(self.path / "duty_cycle")
        self._open = True

    def configure(self, frequency_hz: float, duty: float) -> None:
        """Run at `frequency_hz` with `duty` (0..1); the duty is never above the period meanwhile."""
        self.open()
        period = max(1, round(1e9 / frequency_hz))
        duty_ns = round(min(max(duty, 0.0), 1.0) * period)
        if period != self._period_ns:
            if self._duty_ns > period:  # the kernel refuses a period below the current duty
                self._write(self.path / "duty_cycle", 0)
                self._duty_ns = 0
            self._write(self.path / "period", period)
            self._period_ns = period
        if duty_ns != self._duty_ns:
            self._write(self.path / "duty_cycle", duty_ns)
            self._duty_ns = duty_ns
        if not self._enabled:
            self._write(self.path / "enable", 1)
            self._enabled = True

    @property
    def duty(self) -> float:
        """The duty cycle 0..1 last written."""
        return self._duty_ns / self._period_ns if self._period_ns else 0.0

    @property
    def frequency_hz(self) -> float:
        return 1e9 / self._period_ns if self._period_ns else 0.0

    def close(self) -> None:
        """Disable and unexport the channel; idempotent."""
        if not self._open:
            return
        self._open = False
        try:
            if self._enabled:
                self._write(self.path / "enable", 0)
            self._write(self.chip / "unexport", self.channel)
            deadline = time.monotonic() + EXPORT_TIMEOUT_S
            while self.path.exists() and time.monotonic() < deadline:  # gone before anyone exports it again
                time.sleep(0.002)
        except PinUnsupported as e:
            log.warning("releasing %s: %s", self.path, e)
        self._enabled = False

    def describe(self) -> str:
        return f"hardware PWM ({self.chip.name} channel {self.channel})"

    def _write(self, path: Path, value: int) -> None:
        try:  # O_NONBLOCK: no effect on sysfs files; a fake tree's FIFO without its reader fails at once
            fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NONBLOCK)
            try:
                os.write(fd, f"{value}\n".encode())
            finally:
                os.close(fd)
        except OSError as e:
            raise PinUnsupported(f"GPIO{self.gpio}: cannot write {value} to {path}: {e.strerror or e}") from e

    @staticmethod
    def _read(path: Path) -> int:
        try:
            return int(path.read_text().strip() or 0)
        except (OSError, ValueError):
            return 0

    def __repr__(self) -> str:
        return f"<PwmChannel {self.path} gpio={self.gpio} open={self._open}>"


class SysfsPwm:
    """The hardware PWM channels of one board, handed out per GPIO (one pin per channel)."""

    def __init__(self, chip: Path, channels: Mapping[int, int]) -> None:
        self.chip = chip
        self.channels = dict(channels)  # routed GPIO -> channel
        self._lock = threading.Lock()
        self._users: dict[int, int] = {}  # channel -> GPIO using it

    def routes(self, gpio: int) -> bool:
        """Whether `gpio` is one of the board's hardware-PWM pins routed to the PWM block."""
        return gpio in self.channels

    def acquire(self, gpio: int) -> PwmChannel | None:
        """The channel for `gpio`, or None (not routed, or its channel is used by another pin)."""
        channel = self.channels.get(gpio)
        if channel is None:
            return None
        with self._lock:
            if self._users.setdefault(channel, gpio) != gpio:
                log.info("GPIO%d shares PWM channel %d with GPIO%d, which has it: software PWM",
                         gpio, channel, self._users[channel])
                return None
        return PwmChannel(self.chip, channel, gpio)

    def release(self, channel: PwmChannel) -> None:
        with self._lock:
            if self._users.get(channel.channel) == channel.gpio:
                del self._users[channel.channel]

    def describe(self) -> dict[str, str]:
        return {f"GPIO{g}": f"{self.chip.name} channel {c}" for g, c in sorted(self.channels.items())}


def find_chip(root: Path, device: str) -> Path | None:
    """The ``pwmchipN`` under `root` whose device is `device` (``fe20c000.pwm``), or None."""
    try:
        chips = sorted(root.glob("pwmchip*"))
    except OSError:
        return None
    for chip in chips:
        if device in chip.resolve().parts or (chip / "device").resolve().name == device:
            return chip
    return None


def probe(board: BoardInfo, *, root: Path | None = None, boot_config: Path | None = None,
          env: Mapping[str, str] | None = None) -> tuple[SysfsPwm | None, str]:
    """The board's hardware PWM, or None, with a sentence saying which pins get it and why."""
    env = os.environ if env is None else env
    root = root or Path(env.get(ENV_SYSFS_PWM) or SYSFS_PWM)
    layout = CHANNELS.get(board.family)
    if layout is None:
        return None, f"software PWM on every pin: no hardware PWM layout known for {board.model}"
    chip = find_chip(root, layout.device)
    if chip is None:
        return None, (f"software PWM on every pin: no PWM chip {layout.device} in {root} "
                      "(add 'dtoverlay=pwm-2chan' to config.txt and reboot for hardware PWM on GPIO18/19)")
    path = boot_config or bootconfig.boot_config_path(env)
    lines = bootconfig.active_lines(path) or []
    routed = bootconfig.pwm_overlay_gpios(lines)
    channels = {gpio: ch for gpio, ch in layout.channels.items() if gpio in routed and gpio in board.hardware_pwm_gpios}
    if not channels:
        return None, (f"software PWM on every pin: {path} routes no hardware-PWM GPIO "
                      f"({', '.join(f'GPIO{g}' for g in sorted(layout.channels))}) to {chip.name}")
    pwm = SysfsPwm(chip, channels)
    pins = ", ".join(f"GPIO{g} ({chip.name} channel {c})" for g, c in sorted(channels.items()))
    return pwm, f"hardware PWM on {pins}; software PWM on every other pin"
