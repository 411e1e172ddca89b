"""A fake ``/sys/class/pwm`` tree in a directory, with a "kernel" that exports and unexports channels.

The layout is the kernel's: ``class/pwm/pwmchipN`` links to
``devices/platform/<device>/pwm/pwmchipN``, which holds ``npwm``, ``export`` and ``unexport``.
``export`` and ``unexport`` are FIFOs read by a thread, so writing a channel number makes (or
removes) ``pwmM/`` with ``period``, ``duty_cycle``, ``enable`` and ``polarity``, as writing to the
real files does. Point `drivers.gpio.hw_pwm` at `class_dir` (or ``$VIAM_PI_SYSFS_PWM``).
"""

from __future__ import annotations

import os
import select
import shutil
import threading
from pathlib import Path


class FakePwmSysfs:
    """PWM chips under `root`: ``{platform device name: number of channels}``."""

    def __init__(self, root: Path, chips: dict[str, int]) -> None:
        self.root = Path(root)
        self.class_dir = self.root / "class" / "pwm"
        self.class_dir.mkdir(parents=True, exist_ok=True)
        self._fds: dict[int, tuple[Path, str]] = {}
        self._keep: list[int] = []
        self.chips: dict[str, Path] = {}
        for index, (device, npwm) in enumerate(chips.items()):
            chip = self.root / "devices" / "platform" / device / "pwm" / f"pwmchip{index}"
            chip.mkdir(parents=True)
            (chip / "npwm").write_text(f"{npwm}\n")
            for name in ("export", "unexport"):
                os.mkfifo(chip / name)
                fd = os.open(chip / name, os.O_RDONLY | os.O_NONBLOCK)
                self._keep.append(os.open(chip / name, os.O_WRONLY))  # no EOF when a writer closes
                self._fds[fd] = (chip, name)
            os.symlink(os.path.relpath(chip, self.class_dir), self.class_dir / chip.name)
            self.chips[device] = chip
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="fake-sysfs-pwm", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([*self._fds, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            for fd in ready:
                chip, name = self._fds[fd]
                for word in os.read(fd, 4096).decode().split():
                    channel = chip / f"pwm{int(word)}"
                    if name == "export" and not channel.exists():
                        staging = chip / f".pwm{int(word)}"  # appears whole, as the kernel's does
                        staging.mkdir()
                        for attr, value in (("period", "0"), ("duty_cycle", "0"), ("enable", "0"),
                                            ("polarity", "normal")):
                            (staging / attr).write_text(value + "\n")
                        staging.rename(channel)
                    elif name == "unexport":
                        shutil.rmtree(channel, ignore_errors=True)

    def channel(self, device: str, channel: int) -> dict[str, int] | None:
        """``{period, duty_cycle, enable}`` of an exported channel, or None when not exported."""
        path = self.chips[device] / f"pwm{channel}"
        if not path.is_dir():
            return None
        return {attr: int((path / attr).read_text().strip()) for attr in ("period", "duty_cycle", "enable")}

    def close(self) -> None:
        """Stop the kernel thread and close the FIFOs; idempotent."""
        if self._stop_w < 0:
            return
        os.write(self._stop_w, b"x")
        self._thread.join(2)
        for fd in [*self._fds, *self._keep, self._stop_r, self._stop_w]:
            os.close(fd)
        self._fds.clear()
        self._keep.clear()
        self._stop_r = self._stop_w = -1

    def __enter__(self) -> FakePwmSysfs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
