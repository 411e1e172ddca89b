"""board_settings written to a temporary boot dir as the reference writes config.txt and /etc/modules
(active line with the key replaced, commented lines kept, appended when absent), reported per setting;
nothing written where the file is missing or read-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builtin_modules.raspberry_pi import board_settings
from builtin_modules.raspberry_pi.board_config import BoardSettings


def boot_dir(tmp_path: Path, config: str, modules: str = "") -> tuple[Path, Path]:
    (tmp_path / "config.txt").write_text(config)
    (tmp_path / "modules").write_text(modules)
    return tmp_path / "config.txt", tmp_path / "modules"


def test_baud_rate_replaces_the_old_line_and_miniuart_goes(tmp_path: Path) -> None:
    config, modules = boot_dir(tmp_path, "[all]\n# dtparam=krnbt_baudrate=115200\ndtparam=krnbt_baudrate=115200\n"
                                         "dtoverlay=miniuart-bt\ndtparam=audio=on\n")
    settings = BoardSettings(bluetooth_baud_rate=921600, bluetooth_dtoverlay_miniuart=False)
    report = board_settings.apply(settings, config, modules)
    assert report["bluetooth_baud_rate"] == {"wanted": "dtparam=krnbt_baudrate=921600", "in_effect": False,
                                             "action": f"written to {config}; reboot to take effect"}
    assert report["bluetooth_dtoverlay_miniuart"]["wanted"] == "no dtoverlay=miniuart-bt"
    assert config.read_text() == ("[all]\n# dtparam=krnbt_baudrate=115200\ndtparam=krnbt_baudrate=921600\n"
                                  "dtparam=audio=on\n")
    again = board_settings.apply(settings, config, modules)  # applied: nothing more to do
    assert {r["action"] for r in again.values()} == {"none"} and all(r["in_effect"] for r in again.values())


def test_enable_i2c_appends_and_enables_the_module(tmp_path: Path) -> None:
    config, modules = boot_dir(tmp_path, "dtparam=i2c_arm=off\n", "# comment\n")
    report = board_settings.apply(BoardSettings(enable_i2c=True), config, modules)
    assert report["enable_i2c"]["action"] == f"written to {config} and {modules} (i2c-dev); reboot to take effect"
    assert config.read_text() == "dtparam=i2c_arm=on\n"
    assert modules.read_text() == "# comment\ni2c-dev\n"


@pytest.mark.parametrize(("setting", "line"), [(True, "enable_uart=1"), (False, "enable_uart=0")])
def test_enable_uart(tmp_path: Path, setting: bool, line: str) -> None:
    config, modules = boot_dir(tmp_path, "enable_uart=1\nenable_uart=0\n")
    board_settings.apply(BoardSettings(bluetooth_enable_uart=setting), config, modules)
    assert config.read_text() == f"{line}\n"


def test_baud_rate_zero_removes_every_baud_line(tmp_path: Path) -> None:
    config, modules = boot_dir(tmp_path, "dtparam=krnbt_baudrate=460800\ndtparam=krnbt_baudrate\n")
    report = board_settings.apply(BoardSettings(bluetooth_baud_rate=0), config, modules)
    assert report["bluetooth_baud_rate"]["wanted"] == "no dtparam=krnbt_baudrate"
    assert config.read_text() == "\n"


def test_not_a_pi_or_read_only_writes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "config.txt"
    report = board_settings.apply(BoardSettings(enable_i2c=True), missing, tmp_path / "modules")
    assert report["enable_i2c"]["action"] == f"not applied: {missing} cannot be read (not a Raspberry Pi?)"
    assert not missing.exists() and not (tmp_path / "modules").exists()
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files")
    config, modules = boot_dir(tmp_path, "enable_uart=1\n")
    config.chmod(0o444)
    report = board_settings.apply(BoardSettings(bluetooth_enable_uart=False), config, modules)
    assert report["bluetooth_enable_uart"]["action"] == f"not applied: add 'enable_uart=0' to {config} and reboot"
    assert config.read_text() == "enable_uart=1\n"


def test_a_redirected_boot_config_never_leads_to_etc_modules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(board_settings.ENV_BOOT_CONFIG, str(tmp_path / "config.txt"))
    monkeypatch.delenv(board_settings.ENV_ETC_MODULES, raising=False)
    assert board_settings.modules_path(tmp_path / "config.txt") == tmp_path / "modules"
