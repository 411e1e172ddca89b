"""Kernel hardware PWM through /sys/class/pwm, against a fake sysfs tree (drivers.gpio.mock.sysfs_pwm):
which pins get it (Pi 4: GPIO12/18 -> channel 0, 13/19 -> 1; Pi 5 RP1: 12/13/18/19 -> 0-3, routed by the
boot config's pwm overlay), export/period/duty/enable/unexport, and software PWM everywhere else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers import bootconfig
from drivers.board import board_for_family
from drivers.gpio import open_gpio_backend
from drivers.gpio.hw_pwm import CHANNELS, probe
from drivers.gpio.mock import MockGpioBackend
from drivers.gpio.mock.sysfs_pwm import FakePwmSysfs

PI4_PWM, PI5_PWM, PI5_FAN = "fe20c000.pwm", "1f00098000.pwm", "1f0009c000.pwm"


@pytest.fixture
def sysfs(tmp_path: Path) -> Iterator[FakePwmSysfs]:
    with FakePwmSysfs(tmp_path / "sys", {PI4_PWM: 2, PI5_FAN: 1, PI5_PWM: 4}) as fake:
        yield fake


def boot(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "config.txt"
    path.write_text("\n".join(["# a comment", "[all]", *lines]) + "\n")
    return path


@pytest.mark.parametrize(("lines", "gpios"), [
    (["dtoverlay=pwm-2chan"], {18, 19}),
    (["dtoverlay=pwm"], {18}),
    (["dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4"], {12, 13}),
    (["dtoverlay=pwm", "dtparam=pin=12", "dtparam=func=4", "dtoverlay=vc4-kms-v3d", "dtparam=pin=18"], {12}),
    (["#dtoverlay=pwm-2chan", "dtparam=audio=on"], set()),
])  # fmt: skip
def test_boot_config_overlays_route_gpios(lines: list[str], gpios: set[int]) -> None:
    assert bootconfig.pwm_overlay_gpios([x for x in lines if not x.startswith("#")]) == gpios


def test_channel_tables_are_the_socs() -> None:
    assert CHANNELS["rpi4"].channels == {12: 0, 18: 0, 13: 1, 19: 1}
    assert CHANNELS["rpi5"].channels == {12: 0, 13: 1, 18: 2, 19: 3}  # RP1 PWM0; the reference: GPIO18 -> 2, 19 -> 3
    assert CHANNELS["rpi5"].device == PI5_PWM


def test_pi4_hardware_pwm_on_gpio18_software_elsewhere(sysfs: FakePwmSysfs, tmp_path: Path) -> None:
    config = boot(tmp_path, "dtoverlay=pwm-2chan")
    with open_gpio_backend("mock", board=board_for_family("rpi4"), sysfs_pwm=sysfs.class_dir,
                           boot_config=config) as gpio:
        assert isinstance(gpio, MockGpioBackend)
        assert "GPIO18 (pwmchip0 channel 0)" in gpio.pwm_summary and "GPIO19 (pwmchip0 channel 1)" in gpio.pwm_summary
        hw = gpio.pin("12", holder="servo")  # header 12 = GPIO18
        assert sysfs.channel(PI4_PWM, 0) is None  # exported only when used
        hw.set_pwm_frequency(50)
        hw.set_pwm(0.0751)
        assert sysfs.channel(PI4_PWM, 0) == {"period": 20_000_000, "duty_cycle": 1_502_000, "enable": 1}
        assert hw.pwm_duty() == pytest.approx(0.0751)  # 0.01 % steps
        assert gpio.pwm_of() == {"pin 12 (GPIO18)": "hardware PWM (pwmchip0 channel 0)"}
        assert gpio.level("12") == 0.0  # the GPIO line was never claimed by the pin factory
        hw.set_pwm_frequency(1000)  # period below the current duty: duty first, then period
        assert sysfs.channel(PI4_PWM, 0) == {"period": 1_000_000, "duty_cycle": 75_100, "enable": 1}

        soft = gpio.pin("32", holder="motor")  # GPIO12: not routed by the overlay: software PWM
        soft.set_pwm(0.333)
        assert gpio.level("32") == pytest.approx(0.333)
        assert gpio.pwm_of()["pin 32 (GPIO12)"] == "software PWM"

        hw.close()
        assert sysfs.channel(PI4_PWM, 0) is None  # unexported
        again = gpio.pin("12", holder="servo 2")
        again.set_pwm(0.5)
        assert sysfs.channel(PI4_PWM, 0) == {"period": 1_250_000, "duty_cycle": 625_000, "enable": 1}  # 800 Hz


def test_digital_use_hands_the_pin_to_the_factory(sysfs: FakePwmSysfs, tmp_path: Path) -> None:
    config = boot(tmp_path, "dtoverlay=pwm-2chan")
    with open_gpio_backend("mock", board=board_for_family("rpi4"), sysfs_pwm=sysfs.class_dir,
                           boot_config=config) as gpio:
        pin = gpio.pin("35", holder="led")  # GPIO19, channel 1
        pin.set_pwm(0.25)
        assert sysfs.channel(PI4_PWM, 1)["duty_cycle"] == 312_500
        pin.set(True)
        assert sysfs.channel(PI4_PWM, 1) is None
        assert gpio.level("35") == 1.0 and pin.get() is True
        pin.set_pwm(0.4)  # from now on the factory's software PWM
        assert gpio.level("35") == pytest.approx(0.4) and sysfs.channel(PI4_PWM, 1) is None


def test_pi5_rp1_channels(sysfs: FakePwmSysfs, tmp_path: Path) -> None:
    config = boot(tmp_path, "dtoverlay=pwm-2chan,pin=12,func=4,pin2=19,func2=2")
    pwm, summary = probe(board_for_family("rpi5"), root=sysfs.class_dir, boot_config=config)
    assert pwm is not None and pwm.chip.name == "pwmchip2"  # not the fan's chip
    assert pwm.describe() == {"GPIO12": "pwmchip2 channel 0", "GPIO19": "pwmchip2 channel 3"}
    gpio = MockGpioBackend(board_for_family("rpi5"), hardware_pwm=pwm, pwm_summary=summary)
    with gpio:
        gpio.pin("35", holder="m").set_pwm(0.001)  # 0.1 % duty resolution
        assert sysfs.channel(PI5_PWM, 3) == {"period": 1_250_000, "duty_cycle": 1_250, "enable": 1}
        assert sysfs.channel(PI5_PWM, 2) is None


@pytest.mark.parametrize(("family", "lines", "why"), [
    ("rpi4", [], "routes no hardware-PWM GPIO"),
    ("rpi3", ["dtoverlay=pwm-2chan"], "no PWM chip 3f20c000.pwm"),
])  # fmt: skip
def test_no_hardware_pwm_says_why(sysfs: FakePwmSysfs, tmp_path: Path, family: str, lines: list[str],
                                  why: str) -> None:
    pwm, summary = probe(board_for_family(family), root=sysfs.class_dir, boot_config=boot(tmp_path, *lines))
    assert pwm is None and why in summary and summary.startswith("software PWM on every pin")


def test_mock_pins_stay_software_without_a_sysfs_tree() -> None:
    with open_gpio_backend("mock", board=board_for_family("rpi4"), env={}) as gpio:
        assert gpio.hardware_pwm is None
        gpio.pin("12", holder="x").set_pwm(0.5)
        assert gpio.level("12") == 0.5
