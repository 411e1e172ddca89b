"""Appliance-level HIL: flash, boot, provision over the real hotspot, survive a power cut in an update.

Run from the test host (not on the Pi): `pytest hil/appliance --rig hil/rigs/pi4-bench.yaml`.
Each step is skip-gated on the rig parts it needs; steps marked manual print what to do and wait
for the device rather than automating hardware the rig does not have. These cannot run in CI: the
mock rig declares none of these parts, so they skip there with the wiring that enables them.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from hil.rig import Rig

pytestmark = pytest.mark.rig("real_hardware")


def wait_for_port(host: str, port: int, timeout_s: float) -> None:
    """Wait until `host:port` accepts TCP connections."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=2):
                return
        except OSError:
            time.sleep(2)
    raise TimeoutError(f"{host}:{port} did not answer within {timeout_s:.0f} s")


def power(rig: Rig, on: bool) -> None:
    """Switch the device's supply with the rig's power driver."""
    assert rig.power is not None
    if rig.power.driver == "command":
        command = rig.power.on if on else rig.power.off
        subprocess.run(command or "", shell=True, check=True, timeout=30)
    elif rig.power.driver == "labgrid":
        pytest.importorskip("labgrid", reason="power.driver: labgrid needs `pip install labgrid`")
        subprocess.run(["labgrid-client", "-p", rig.power.on or "", "power", "on" if on else "off"], check=True)
    else:
        input(f"switch the device {'ON' if on else 'OFF'}, then press Enter: ")


@pytest.mark.rig("sd_mux", "device_host")
def test_flash_and_boot(rig: Rig):
    appliance = rig.appliance
    assert appliance is not None and appliance.image and appliance.device_host
    if appliance.sd_mux == "manual":
        input(f"write {appliance.image} to the SD card (e.g. rpi-imager), put it in the Pi, power it, press Enter: ")
    else:
        if shutil.which("labgrid-client") is None:
            pytest.skip("appliance.sd_mux names a labgrid resource: install labgrid (pip install labgrid)")
        subprocess.run(["labgrid-client", "-p", appliance.sd_mux, "sd-mux", "host"], check=True)
        subprocess.run(["labgrid-client", "-p", appliance.sd_mux, "write-image", appliance.image], check=True)
        subprocess.run(["labgrid-client", "-p", appliance.sd_mux, "sd-mux", "dut"], check=True)
        if rig.power:
            power(rig, False)
            power(rig, True)
    wait_for_port(appliance.device_host, 8080, timeout_s=300)


@pytest.mark.rig("wifi_radio", "device_host")
def test_provisioning_through_the_real_hotspot(rig: Rig):
    """Join `viam-setup-*` with the second radio, submit the test network in the portal, see the device join it."""
    appliance = rig.appliance
    assert appliance is not None and appliance.wifi_radio and appliance.device_host
    if shutil.which("nmcli") is None:
        pytest.skip("needs NetworkManager's nmcli on the test host (apt install network-manager)")
    scan = subprocess.run(["nmcli", "-t", "-f", "SSID", "dev", "wifi", "list", "ifname", appliance.wifi_radio,
                           "--rescan", "yes"], capture_output=True, text=True, timeout=60, check=True)
    hotspots = [s for s in scan.stdout.splitlines() if s.startswith("viam-setup-")]
    assert hotspots, f"no viam-setup-* hotspot visible from {appliance.wifi_radio}"
    subprocess.run(["nmcli", "dev", "wifi", "connect", hotspots[0], "ifname", appliance.wifi_radio],
                   check=True, timeout=60)
    try:
        from playwright.sync_api import sync_playwright  # optional: the portal walked in a headless browser
    except ImportError:
        pytest.skip("walking the portal needs playwright (pip install playwright; playwright install chromium)")
    network = appliance.test_network
    with sync_playwright() as p:
        browser = p.chromium.launch()
        page = browser.new_page()
        page.goto("http://10.42.0.1/", timeout=30_000)
        page.fill("input[name=other_ssid]", network["ssid"])
        page.fill("input[name=password]", network["psk"])
        page.click("button[type=submit]")
        browser.close()
    wait_for_port(appliance.device_host, 8080, timeout_s=180)


@pytest.mark.rig("power_control", "device_host")
def test_power_cut_during_update_boots_and_serves(rig: Rig):
    """Start an update, cut power mid-install/swap, restore: the device must boot and serve.

    The update is an artifact install (`viam-agent install FILE --version V`) of a viam-server
    artifact already copied to the device as /tmp/hil-update.pyz.
    """
    appliance = rig.appliance
    assert appliance is not None and appliance.device_host
    wait_for_port(appliance.device_host, 8080, timeout_s=120)
    if shutil.which("ssh") is None:
        pytest.skip("needs ssh on the test host to trigger the update (apt install openssh-client)")
    update = subprocess.Popen(["ssh", f"root@{appliance.device_host}", "viam-agent", "install", "/tmp/hil-update.pyz",
                               "--version", "0.0.0-hil"])
    time.sleep(1)  # inside the verify / unpack / symlink swap window
    power(rig, False)
    time.sleep(5)
    update.kill()
    update.wait()
    power(rig, True)
    wait_for_port(appliance.device_host, 8080, timeout_s=300)
