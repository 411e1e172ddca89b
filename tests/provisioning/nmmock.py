"""A private system bus with python-dbusmock's NetworkManager template, for one test.

The template is real D-Bus on a real dbus-daemon; its gaps are filled here with ``AddMethod``:

* ``ActivateConnection`` follows a script of known networks: the right password brings global
  state 70 and full connectivity, a wrong one leaves the active connection DEACTIVATED with the
  device reason NO_SECRETS (what NM reports after a failed 4-way handshake).
* ``Settings.AddConnection`` does not auto-activate ``autoconnect`` profiles synchronously (the
  template's shortcut would bypass the script above; real NM autoconnects through activation).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from provisioning import nm as nmc

SYSTEM_PYTHON = "/usr/bin/python3"
MOCK_IFACE = "org.freedesktop.DBus.Mock"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
"""

_ACTIVATE_SCRIPT = """
PASSWORDS = {passwords!r}
conn = objects[args[0]]
s = conn.settings
ret = self.activate_connection(self, args[0], args[1], args[2])
wifi = s.get('802-11-wireless', {{}})
if s['connection']['type'] == '802-11-wireless' and str(wifi.get('mode', 'infrastructure')) != 'ap':
    ssid = bytes(bytearray(int(b) for b in wifi['ssid'])).decode()
    psk = str(s.get('802-11-wireless-security', {{}}).get('psk', ''))
    if ssid in PASSWORDS and PASSWORDS[ssid] == psk:
        self.SetGlobalConnectionState(70)
        self.SetConnectivity(4)
    else:
        objects[ret].Set('org.freedesktop.NetworkManager.Connection.Active', 'State', dbus.UInt32(4))
        if str(args[1]) != '/':
            reason = 7 if ssid in PASSWORDS else 53
            objects[args[1]].Set('org.freedesktop.NetworkManager.Device', 'StateReason',
                                 dbus.Struct((dbus.UInt32(120), dbus.UInt32(reason)), signature='uu'))
"""

_ADD_CONNECTION_SCRIPT = """
settings = args[0]
auto = settings['connection'].pop('autoconnect', None)
ret = self.SettingsAddConnection(settings)
if auto is not None:
    objects[ret].settings['connection']['autoconnect'] = auto
"""


def require_tools() -> None:
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (Debian package 'dbus')")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import dbusmock"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        pytest.skip("needs python-dbusmock for /usr/bin/python3 (Debian package 'python3-dbusmock')")


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a reaped or zombie process counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class NMMock:
    """Handles to the private bus and the mock, plus helpers to script it."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.address = f"unix:path={directory}/system_bus_socket"
        self.log_path = directory / "dbusmock.log"
        self._daemon_pid: int | None = None
        self._mock: subprocess.Popen[bytes] | None = None
        self._bus: MessageBus | None = None
        self.wifi = ""

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        await asyncio.to_thread(self._spawn)
        self._bus = await MessageBus(bus_address=self.address, bus_type=BusType.SYSTEM).connect()
        deadline = time.monotonic() + 15
        while True:
            reply = await self._bus.call(
                Message(
                    destination="org.freedesktop.DBus",
                    path="/org/freedesktop/DBus",
                    interface="org.freedesktop.DBus",
                    member="NameHasOwner",
                    signature="s",
                    body=[nmc.BUS_NAME],
                )
            )
            if reply.body and reply.body[0]:
                break
            assert self._mock is not None
            if self._mock.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dbusmock did not start: {self.log_path.read_text()}")
            await asyncio.sleep(0.05)

    def _spawn(self) -> None:
        conf = self.dir / "bus.conf"
        conf.write_text(BUS_CONFIG.format(socket=self.dir / "system_bus_socket"))
        out = subprocess.run(
            ["dbus-daemon", f"--config-file={conf}", "--fork", "--print-pid=1"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        self._daemon_pid = int(out.stdout.split()[0])
        env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": self.address}
        with self.log_path.open("wb") as log:
            self._mock = subprocess.Popen(
                [SYSTEM_PYTHON, "-m", "dbusmock", "--system", "--template", "networkmanager"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def stop(self) -> None:
        if self._bus is not None:
            self._bus.disconnect()
            self._bus = None
        await asyncio.to_thread(self._kill)

    def _kill(self) -> None:
        """Stop the mock's process group and the bus daemon, by the ids this fixture started."""
        if self._mock is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._mock.pid, signal.SIGTERM)
            try:
                self._mock.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self._mock.pid, signal.SIGKILL)
                self._mock.wait()
        if self._daemon_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._daemon_pid, signal.SIGTERM)
            for _ in range(100):
                if not _alive(self._daemon_pid):
                    break
                time.sleep(0.01)
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._daemon_pid, signal.SIGKILL)

    # --- raw calls -----------------------------------------------------------------------------

    async def call(self, path: str, iface: str, member: str, signature: str = "", body: list | None = None) -> list:
        assert self._bus is not None
        reply = await self._bus.call(
            Message(
                destination=nmc.BUS_NAME,
                path=path,
                interface=iface,
                member=member,
                signature=signature,
                body=body or [],
            )
        )
        if reply.message_type == MessageType.ERROR:
            raise RuntimeError(f"{member}: {reply.error_name}: {reply.body}")
        return reply.body

    async def mock(self, member: str, signature: str = "", body: list | None = None, path: str = nmc.NM_PATH) -> Any:
        body_out = await self.call(path, MOCK_IFACE, member, signature, body)
        return body_out[0] if body_out else None

    # --- scripting -----------------------------------------------------------------------------

    async def add_wifi(self, name: str = "wlan0") -> str:
        self.wifi = await self.mock("AddWiFiDevice", "ssi", [name, name, 30])
        return self.wifi

    async def add_ap(self, name: str, ssid: str, strength: int, security: int = 0x188) -> str:
        """``security`` is NM80211ApSecurityFlags (0x188: PSK + CCMP, i.e. WPA2; 0 = open)."""
        mac = "02:00:00:" + ":".join(f"{b:02x}" for b in os.urandom(3))
        return await self.mock(
            "AddAccessPoint", "ssssuuuyu", [self.wifi, name, ssid, mac, 2, 2412, 54000, strength, security]
        )

    async def set_online(self, online: bool) -> None:
        await self.mock("SetGlobalConnectionState", "u", [70 if online else 20])
        await self.mock("SetConnectivity", "u", [4 if online else 1])

    async def script_networks(self, passwords: dict[str, str]) -> None:
        await self.mock(
            "AddMethod",
            "sssss",
            [nmc.NM_IFACE, "ActivateConnection", "ooo", "o", _ACTIVATE_SCRIPT.format(passwords=passwords)],
        )
        await self.mock(
            "AddMethod",
            "sssss",
            [nmc.SETTINGS_IFACE, "AddConnection", "a{sa{sv}}", "o", _ADD_CONNECTION_SCRIPT],
            path=nmc.SETTINGS_PATH,
        )

    async def calls(self, path: str = nmc.NM_PATH) -> list[str]:
        """Method names called on ``path``, in order (dbusmock's call log)."""
        return [str(c[1]) for c in await self.mock("GetCalls", path=path)]

    async def property(self, path: str, iface: str, name: str) -> Any:
        (value,) = await self.call(path, nmc.PROPS_IFACE, "Get", "ss", [iface, name])
        return nmc.plain(value) if isinstance(value, Variant) else value
