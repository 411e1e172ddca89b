"""syscfg against real files under a temp root: written once, a no-op the second time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from viam.agent.errors import SyscfgError
from viam.agent.paths import AgentPaths
from viam.agent.syscfg import AUTO_UPGRADES, JOURNALD_DROPIN, UNATTENDED, SyscfgSubsystem, in_window, parse_window


def make(root: Path, settings: dict[str, Any], hour: int = 12) -> SyscfgSubsystem:
    return SyscfgSubsystem(AgentPaths.under(root), lambda: {"system_configuration": settings},
                           clock=lambda: dt.datetime(2024, 1, 1, hour, 30))


def test_writes_dropins_once_then_noop(tmp_path: Path) -> None:
    settings = {"os_auto_upgrade_type": "security"}
    syscfg = make(tmp_path, settings)
    first = syscfg.apply()
    assert first["journald"] == "written" and first["upgrades"] == "written"
    journald = tmp_path / JOURNALD_DROPIN.lstrip("/")
    assert journald.read_text().splitlines()[1:] == [
        "[Journal]", "Storage=persistent", "SystemMaxUse=512M", "RuntimeMaxUse=512M"]
    assert "Debian-Security" in (tmp_path / UNATTENDED.lstrip("/")).read_text()
    assert 'Unattended-Upgrade "1"' in (tmp_path / AUTO_UPGRADES.lstrip("/")).read_text()
    stats = {p: p.stat() for p in tmp_path.rglob("*") if p.is_file()}
    assert syscfg.actions.recorded == ["systemctl restart systemd-journald"]

    second = syscfg.apply()
    assert second["journald"] == "unchanged" and second["upgrades"] == "unchanged"
    assert syscfg.actions.recorded == ["systemctl restart systemd-journald"]  # no second restart
    for path, before in stats.items():
        after = path.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), path


def test_changes_and_disable(tmp_path: Path) -> None:
    settings: dict[str, Any] = {"logging_journald_system_max_use": "1G", "os_auto_upgrade_type": "all"}
    syscfg = make(tmp_path, settings)
    syscfg.apply()
    settings.update(logging_journald_runtime_max_use=-1, os_auto_upgrade_type="disable")
    result = syscfg.apply()
    journald = (tmp_path / JOURNALD_DROPIN.lstrip("/")).read_text()
    assert "SystemMaxUse=1G" in journald and "RuntimeMaxUse" not in journald
    assert result["upgrades"] == "written"
    assert not (tmp_path / UNATTENDED.lstrip("/")).exists()
    assert 'Unattended-Upgrade "0"' in (tmp_path / AUTO_UPGRADES.lstrip("/")).read_text()
    settings.update(logging_journald_system_max_use="-1")
    assert syscfg.apply()["journald"] == "removed"
    assert not (tmp_path / JOURNALD_DROPIN.lstrip("/")).exists()
    assert syscfg.actions.recorded.count("systemctl restart systemd-journald") == 3


def test_bad_values_are_reported(tmp_path: Path) -> None:
    syscfg = make(tmp_path, {"logging_journald_system_max_use": "lots"})
    syscfg.apply()
    assert "SystemMaxUse 'lots'" in syscfg.last_error
    with pytest.raises(SyscfgError):
        parse_window("2am-4am")


@pytest.mark.parametrize(("hour", "window", "reboots"), [
    (12, "02:00-04:00", False), (3, "02:00-04:00", True), (23, "22:00-02:00", True), (3, "", False)])
def test_reboot_only_inside_maintenance_window(tmp_path: Path, hour: int, window: str, reboots: bool) -> None:
    marker = tmp_path / "var" / "run" / "reboot-required"
    syscfg = make(tmp_path, {"maintenance_window": window}, hour=hour)
    syscfg.apply()
    assert "systemctl reboot" not in syscfg.actions.recorded  # nothing required yet
    marker.parent.mkdir(parents=True)
    marker.touch()
    syscfg.apply()
    assert ("systemctl reboot" in syscfg.actions.recorded) == reboots


def test_window_wraps_midnight() -> None:
    window = parse_window("22:00-02:00")
    assert window is not None
    assert in_window(window, dt.time(1, 0)) and not in_window(window, dt.time(12, 0))


def test_reference_keys(tmp_path: Path) -> None:
    """The reference agent's system_configuration keys, as its example config spells them."""
    syscfg = make(tmp_path, {"logging_journald_system_max_use_megabytes": 256,
                             "logging_journald_runtime_max_use_megabytes": -1,
                             "logging_journald_storage": "volatile", "os_auto_upgrade_type": "security"})
    result = syscfg.apply()
    assert syscfg.last_error == "" and result["journald"] == "written"
    assert (tmp_path / JOURNALD_DROPIN.lstrip("/")).read_text().splitlines()[1:] == [
        "[Journal]", "Storage=volatile", "SystemMaxUse=256M"]


def test_a_bad_value_costs_only_its_key(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    syscfg = make(tmp_path, {"logging_journald_system_max_use_megabytes": "lots",
                             "logging_journald_storage": "somewhere", "os_auto_upgrade_type": "weekly",
                             "maintenance_window": "02:00-04:00"}, hour=3)
    (tmp_path / "var" / "run").mkdir(parents=True)
    (tmp_path / "var" / "run" / "reboot-required").touch()
    with caplog.at_level("WARNING", logger="viam.agent.syscfg"):
        syscfg.apply()
        syscfg.apply()
    text = (tmp_path / JOURNALD_DROPIN.lstrip("/")).read_text()
    assert "Storage=persistent" in text and "SystemMaxUse=512M" in text
    for key in ("logging_journald_system_max_use_megabytes", "logging_journald_storage", "os_auto_upgrade_type"):
        assert key in syscfg.last_error
        assert sum(key in r.getMessage() for r in caplog.records) == 1, "each problem is warned about once"
    assert "systemctl reboot" in syscfg.actions.recorded, "a bad key never skips the reboot check"


@pytest.mark.parametrize("kind", ["managed-security", "managed-all"])
def test_managed_upgrades_run_in_the_window(tmp_path: Path, kind: str) -> None:
    syscfg = make(tmp_path, {"os_auto_upgrade_type": kind, "maintenance_window": "02:00-04:00"}, hour=12)
    assert syscfg.apply()["managed_upgrade"] == "waiting for the maintenance window"
    assert 'Unattended-Upgrade "0"' in (tmp_path / AUTO_UPGRADES.lstrip("/")).read_text()
    assert "Debian-Security" in (tmp_path / UNATTENDED.lstrip("/")).read_text()
    inside = make(tmp_path, {"os_auto_upgrade_type": kind, "maintenance_window": "02:00-04:00"}, hour=3)
    assert inside.apply()["managed_upgrade"] == "ran"
    assert inside.actions.recorded[-1] == "unattended-upgrade"
    assert inside.apply()["managed_upgrade"] == "not due"


@pytest.mark.parametrize("kind", ["disable", "disabled"])
def test_disable_spellings(tmp_path: Path, kind: str) -> None:
    syscfg = make(tmp_path, {"os_auto_upgrade_type": kind})
    syscfg.apply()
    assert syscfg.last_error == ""
    assert 'Unattended-Upgrade "0"' in (tmp_path / AUTO_UPGRADES.lstrip("/")).read_text()


async def test_reboot_inside_the_window_also_waits_for_viam_servers_restart_allowed(tmp_path: Path) -> None:
    """As the reference asks viam-server's /restart_status before an OS reboot (its maintenance sensor)."""
    answers = [False]

    async def allowed() -> bool:
        return answers[0]

    syscfg = SyscfgSubsystem(AgentPaths.under(tmp_path), lambda: {"system_configuration": {
        "maintenance_window": "02:00-04:00"}}, clock=lambda: dt.datetime(2024, 1, 1, 3, 0), restart_allowed=allowed)
    marker = tmp_path / "var" / "run" / "reboot-required"
    marker.parent.mkdir(parents=True)
    marker.touch()
    await syscfg.refresh_restart_allowed()
    assert syscfg.apply()["waiting_for"] == "viam-server restart_allowed"
    assert "systemctl reboot" not in syscfg.actions.recorded
    answers[0] = True
    await syscfg.refresh_restart_allowed()
    syscfg.apply()
    assert "systemctl reboot" in syscfg.actions.recorded
