"""The networking logic: decides when to run the hotspot and how to get the machine online.

``Provisioner`` owns the state machine and calls only the NM wrapper and the file writers; the
captive portal and the gRPC service read its status and hand it credentials.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from provisioning import dropins, profiles
from provisioning.credentials import (
    MachineCredentials,
    has_credentials,
    is_provisioned,
    write_credentials,
    write_machine_config,
)
from provisioning.errors import ConnectFailedError, InvalidInputError, NetworkManagerError
from provisioning.networks import NetworkInfo, visible_networks
from provisioning.nm import (
    ACTIVE_ACTIVATED,
    ACTIVE_DEACTIVATED,
    CONNECTIVITY_FULL,
    DEVICE_REASONS,
    DEVICE_TYPE_WIFI,
    Device,
    NetworkManagerClient,
)
from provisioning.ports import port_conflicts
from provisioning.settings import NEW_NETWORK_PRIORITY, NetworkingSettings
from provisioning.state import State, StateMachine

log = logging.getLogger(__name__)

FORCE_FILE = Path("opt/viam/etc/force_provisioning_mode")
HOTSPOT_RETRY_S = 10.0  # between attempts to start a hotspot that failed to come up
# After the user's input is handed over, the hotspot stays up this long so the phone or page gets
# its answers before the network it talks over goes away (as the reference agent does).
HANDOFF_DELAY_S = 3.0


@dataclass(frozen=True)
class PendingNetwork:
    ssid: str
    psk: str
    hidden: bool = False


def _own_version() -> str:
    from viam import __version__

    return __version__


async def _systemctl_reboot() -> None:
    proc = await asyncio.create_subprocess_exec("systemctl", "reboot")
    await proc.wait()


class Provisioner:
    """Runs the networking state machine against NetworkManager.

    Args:
        root: prefix for every file path ("/" on a device, a temp dir in tests).
        settings: parsed networking defaults.
        nm: the NetworkManager wrapper.
        hostname: used in the hotspot SSID.
        on_credentials: awaited after new machine credentials are written to ``etc/viam.json``.
        on_provisioning_mode: awaited with True on entering the hotspot state (start the portal
            and API) and False on getting online (stop them).
        reboot: called once when offline longer than ``device_reboot_after_offline_minutes``.
        agent_version: reported by GetSmartMachineStatus.
        proc_net: where to read socket tables for the port-conflict check.
    """

    def __init__(
        self,
        root: Path,
        settings: NetworkingSettings,
        nm: NetworkManagerClient,
        *,
        hostname: str,
        on_credentials: Callable[[], Awaitable[None]],
        on_provisioning_mode: Callable[[bool], Awaitable[None]] | None = None,
        reboot: Callable[[], Awaitable[None]] | None = None,
        agent_version: str = "",
        proc_net: Path = Path("/proc/net"),
    ) -> None:
        self.root = Path(root)
        self.settings = settings
        self.nm = nm
        self.hostname = hostname
        self.hotspot_ssid = profiles.hotspot_ssid(settings.hotspot_prefix, hostname)
        self.agent_version = agent_version or _own_version()
        self.sm = StateMachine()
        self._on_credentials = on_credentials
        self._on_mode = on_provisioning_mode
        self._reboot = reboot or _systemctl_reboot
        self._proc_net = proc_net
        self._wake = asyncio.Event()
        self._pending: PendingNetwork | None = None
        # What a phone sent over gRPC, kept until ExitProvisioning hands it over (the reference's
        # order of calls: SetNetworkCredentials, SetSmartMachineCredentials, ExitProvisioning).
        self._staged_network: PendingNetwork | None = None
        self._staged_config: MachineCredentials | dict[str, Any] | None = None
        self._handoff_at: float | None = None
        self._forced_until = -math.inf
        self._exit_requested = False
        self._last_activity = -math.inf
        self._offline_since: float | None = None
        self._reboot_requested = False
        self._networks: list[NetworkInfo] = []
        self._last_scan = -math.inf
        self._hotspot_active: str | None = None
        self._hotspot_retry_at = -math.inf
        self._wifi: Device | None = None
        self._online = False
        self._mode_on = False
        self.power_save_off = False
        self.last_attempt: NetworkInfo | None = None
        self.errors: collections.deque[str] = collections.deque(maxlen=10)
        self.progress = "starting"

    def __repr__(self) -> str:
        return f"Provisioner(hotspot={self.hotspot_ssid!r}, {self.sm!r})"

    # --- read side (portal, gRPC, agent status) ---------------------------------------------

    @property
    def state(self) -> State:
        return self.sm.state

    @property
    def is_online(self) -> bool:
        return self._online

    def has_credentials(self) -> bool:
        return has_credentials(self.root)

    def is_provisioned(self) -> bool:
        return is_provisioned(self.root)

    def pending_errors(self) -> list[str]:
        """The errors ``take_errors`` would return, left in place (the BLE errors value is a snapshot)."""
        errors = list(self.errors)
        attempt = self.last_attempt
        if attempt is not None and attempt.last_error and not attempt.connected:
            errors.insert(0, f"SSID: {attempt.ssid}: {attempt.last_error}")
        return errors

    def take_errors(self) -> list[str]:
        """Errors for a reader to show, then forgotten (as the reference: each is shown once).

        The last connection attempt's error stays while that attempt is the latest.
        """
        errors = list(self.errors)
        self.errors.clear()
        attempt = self.last_attempt
        if attempt is not None and attempt.last_error and not attempt.connected:
            errors.insert(0, f"SSID: {attempt.ssid}: {attempt.last_error}")
        return errors

    def networks(self) -> list[NetworkInfo]:
        return list(self._networks)

    def touch(self) -> None:
        """Record user activity (a portal page view or an API call): it holds the hotspot up."""
        self._last_activity = time.monotonic()

    def status(self) -> dict[str, Any]:
        return {
            "state": self.sm.state.value,
            "generation": self.sm.generation,
            "online": self._online,
            "has_credentials": self.has_credentials(),
            "hotspot_ssid": self.hotspot_ssid,
            "hotspot_active": self._hotspot_active is not None,
            "progress": self.progress,
            "last_attempt": asdict(self.last_attempt) if self.last_attempt else None,
            "errors": list(self.errors),
        }

    # --- write side ---------------------------------------------------------------------------

    async def set_network_credentials(self, ssid: str, psk: str, *, hidden: bool = False, kind: str = "wifi") -> None:
        """Stage a network to join; ``exit_provisioning`` (or ``submit``) hands it over."""
        if kind not in ("", "wifi"):
            raise InvalidInputError(f"type: only 'wifi' networks can be set here, got {kind!r}")
        profiles.validate_wifi(ssid, psk)
        self.touch()
        self._staged_network = PendingNetwork(ssid, psk, hidden)
        self.progress = f"received credentials for {ssid!r}; joining it after ExitProvisioning"
        log.info("network credentials received for %r (hidden=%s)", ssid, hidden)

    async def set_machine_credentials(self, creds: MachineCredentials | dict[str, Any]) -> None:
        """Stage the machine's credentials (or a whole pasted config); written when handed over."""
        self.touch()
        self._staged_config = creds
        log.info("machine credentials received")

    async def exit_provisioning(self) -> None:
        """Hand over what was staged (or, with nothing staged, just leave provisioning mode)."""
        self.touch()
        if self._staged_network is None and self._staged_config is None:
            self._forced_until = -math.inf  # the user is done: forced provisioning ends here
            self._exit_requested = True
            self._wake.set()
            return
        await self.submit()

    async def submit(self) -> None:
        """Apply the staged input now: write the config, queue the network, leave the hotspot shortly."""
        config, self._staged_config = self._staged_config, None
        network, self._staged_network = self._staged_network, None
        if config is not None:
            if isinstance(config, MachineCredentials):
                path = write_credentials(self.root, config)
            else:
                path = write_machine_config(self.root, config)
            log.info("machine config written to %s", path)
            await self._on_credentials()
        if network is not None:
            self._pending = network
            self.progress = f"joining {network.ssid!r} in a moment"
            if not self.is_provisioned():
                self.progress += "; waiting for the machine credentials"
        self._forced_until = -math.inf  # the user is done: forced provisioning ends with their input
        self._handoff_at = time.monotonic() + HANDOFF_DELAY_S
        self._wake.set()

    # --- main loop ------------------------------------------------------------------------------

    async def run(self) -> None:
        """Run until cancelled; NM failures are logged and retried on the next tick."""
        prepared = False
        while self.sm.state is not State.STOPPED:
            self._wake.clear()
            try:
                if not prepared:  # NM may start after the agent: keep trying
                    await self._prepare()
                    prepared = True
                await self._step()
            except (NetworkManagerError, ConnectFailedError) as exc:
                self.record_error(str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_interval_seconds)

    async def shutdown(self) -> None:
        """Take the hotspot down and stop the servers; called after ``run`` is cancelled."""
        if self.sm.state is not State.STOPPED:
            self.sm.go(State.STOPPED, "agent stopping")
        with contextlib.suppress(NetworkManagerError):
            await self._stop_hotspot()
        await self._set_mode(False)

    def record_error(self, message: str) -> None:
        log.error("%s", message)
        if not self.errors or self.errors[-1] != message:
            self.errors.append(message)

    async def _prepare(self) -> None:
        """One-time set-up: NM drop-ins, power save, additional networks (raises NM errors)."""
        s = self.settings
        self.power_save_off = s.wifi_power_save is False or (
            s.wifi_power_save is None and dropins.is_raspberry_pi(self.root)
        )
        changed = dropins.write_connectivity_dropin(self.root, s.connectivity_check_uri)
        changed |= dropins.write_powersave_dropin(self.root, off=self.power_save_off)
        if changed:
            await self.nm.reload()
        await self._apply_additional_networks()

    async def _apply_additional_networks(self) -> None:
        existing = {c.id: c for c in await self.nm.connections()}
        for net in self.settings.additional_networks:
            profile = profiles.additional_profile(net, power_save_off=self.power_save_off)
            cid = profile["connection"]["id"]
            old = existing.get(cid)
            if old is not None and _same_profile(old.settings, profile):
                continue
            if old is not None:
                await self.nm.delete_connection(old.path)
            await self.nm.add_connection(profile)
            log.info("saved additional network %r (%s, priority %d)", net.name, net.type, net.priority)

    async def _step(self) -> None:
        now = time.monotonic()
        self._online = online = await self._check_online()
        forced = self._check_forced(now)
        provisioned = is_provisioned(self.root)
        if online:
            self._offline_since = None
        elif self._offline_since is None:
            self._offline_since = now
        await self._maybe_reboot(now, provisioned)
        st = self.sm.state
        if st is State.STARTING:
            if forced:
                await self._enter_hotspot(f"forced by {FORCE_FILE}")
            elif not provisioned:
                await self._enter_hotspot("no machine credentials or config")
            else:
                self.sm.go(State.ONLINE if online else State.OFFLINE, "boot")
                self.progress = self.sm.state.value
        elif st is State.ONLINE:
            if forced:
                await self._enter_hotspot(f"forced by {FORCE_FILE}")
            elif not provisioned:
                await self._enter_hotspot("no machine credentials or config")
            elif not online:
                self.sm.go(State.OFFLINE, "lost connectivity")
                self.progress = "offline"
        elif st is State.OFFLINE:
            offline_s = now - (self._offline_since or now)
            limit_s = self.settings.offline_before_starting_hotspot_minutes * 60
            if online:
                self.sm.go(State.ONLINE, "connectivity back")
                self.progress = "online"
            elif forced:
                await self._enter_hotspot(f"forced by {FORCE_FILE}")
            elif not provisioned:
                await self._enter_hotspot("no machine credentials or config")
            elif offline_s >= limit_s:
                await self._enter_hotspot(f"offline for {offline_s:.0f} s")
        elif st is State.HOTSPOT:
            await self._hotspot_tick(now, online, forced, provisioned)

    def _check_forced(self, now: float) -> bool:
        """The force file starts a forced period (then it is removed, so a reboot cannot loop on it).

        The period lasts ``retry_connection_timeout_minutes``, or until the user's input arrives.
        """
        force = self.root / FORCE_FILE
        if force.exists():
            try:
                force.unlink()
            except OSError as exc:
                log.error("cannot remove %s (ignored, to avoid being stuck in provisioning): %s", force, exc)
                return False
            log.info("%s found: provisioning mode forced", FORCE_FILE)
            self._forced_until = now + self.settings.retry_connection_timeout_minutes * 60
        return now < self._forced_until

    async def _hotspot_tick(self, now: float, online: bool, forced: bool, provisioned: bool) -> None:
        if self._hotspot_active is None and now >= self._hotspot_retry_at \
                and not self.settings.disable_wifi_provisioning:
            self._hotspot_retry_at = now + HOTSPOT_RETRY_S  # an earlier attempt failed; keep trying
            await self._start_hotspot()
        if now - self._last_scan >= self.settings.scan_interval_seconds:
            await self._scan()
        idle = now - self._last_activity >= self.settings.user_idle_minutes * 60
        if self._handoff_at is not None:
            if now < self._handoff_at:
                return
            self._handoff_at = None
            if self._pending is not None and provisioned:
                pending, self._pending = self._pending, None
                await self._connect(pending)
            elif self._pending is None and provisioned:
                if online:
                    await self._leave_hotspot("user input received while online")
                else:
                    await self._connect(None)
        elif self._exit_requested:
            self._exit_requested = False
            (self.root / FORCE_FILE).unlink(missing_ok=True)
            if online:
                await self._leave_hotspot("provisioning exited while online")
            else:
                await self._connect(None)
        elif forced or not provisioned or not idle:
            return
        elif online:
            await self._leave_hotspot("online while the hotspot was up and no user is active")
        elif self.sm.elapsed_s() >= self.settings.retry_connection_timeout_minutes * 60:
            await self._connect(None)

    async def _leave_hotspot(self, reason: str) -> None:
        await self._stop_hotspot()
        self.sm.go(State.ONLINE, reason)
        self.progress = "online"
        await self._set_mode(False)

    async def _maybe_reboot(self, now: float, provisioned: bool) -> None:
        limit = self.settings.device_reboot_after_offline_minutes
        if limit <= 0 or not provisioned or self._offline_since is None or self._reboot_requested:
            return
        if (
            now - self._offline_since >= limit * 60
            and now - self._last_activity >= self.settings.user_idle_minutes * 60
        ):
            self._reboot_requested = True
            log.warning("offline for %.0f s (limit %.1f min): rebooting", now - self._offline_since, limit)
            await self._reboot()

    # --- connectivity -------------------------------------------------------------------------

    async def _check_online(self, *, check: bool = False) -> bool:
        """Full connectivity, or (roaming mode off) any configured network connected."""
        if await self.nm.connectivity(check=check) == CONNECTIVITY_FULL:
            return True
        if self.settings.roaming_mode:
            return False
        for active in await self.nm.active_connections():
            if active.state == ACTIVE_ACTIVATED and active.id != profiles.HOTSPOT_ID and active.type != "loopback":
                return True
        return False

    async def _wifi_device(self) -> Device:
        wanted = self.settings.hotspot_interface
        if self._wifi is None:
            for dev in await self.nm.devices():
                if dev.device_type == DEVICE_TYPE_WIFI and (not wanted or dev.interface == wanted):
                    self._wifi = dev
                    break
        if self._wifi is None:
            named = f" named {wanted!r}" if wanted else ""
            raise ConnectFailedError(f"no Wi-Fi device{named} in NetworkManager")
        return self._wifi

    async def _scan(self) -> None:
        self._last_scan = time.monotonic()
        try:
            dev = await self._wifi_device()
        except ConnectFailedError:
            return
        with contextlib.suppress(NetworkManagerError):  # NM refuses scans while busy or in AP mode
            await self.nm.request_scan(dev.path)
        aps = await self.nm.access_points(dev.path)
        self._networks = visible_networks(aps, hide=self.hotspot_ssid)
        log.debug("scan: %d networks", len(self._networks))

    # --- hotspot ------------------------------------------------------------------------------

    async def _enter_hotspot(self, reason: str) -> None:
        self.sm.go(State.HOTSPOT, reason)
        if self.settings.disable_wifi_provisioning:
            # As the reference: provisioning mode still starts (Bluetooth serves it), the hotspot
            # and its portal do not.
            self.progress = f"provisioning mode without a hotspot (disable_wifi_provisioning): {reason}"
            log.info("provisioning mode: %s; Wi-Fi hotspot disabled by disable_wifi_provisioning", reason)
            return
        self.progress = f"hotspot {self.hotspot_ssid!r} up: {reason}"
        await self._scan()  # before AP mode: many radios cannot scan while serving
        ports = {"DNS for the captive portal": self.settings.dns_port}
        if not self._mode_on:
            ports["captive portal"] = self.settings.portal_port
        for message in port_conflicts(ports, self._proc_net):
            self.record_error(message)
        if dropins.write_dnsmasq_dropin(self.root, redirect_all=not self.settings.disable_captive_portal_redirect):
            checked = await asyncio.to_thread(dropins.check_dnsmasq_config, self.root / dropins.DNSMASQ_DROPIN)
            if checked is not None and not checked[0]:
                self.record_error(f"{dropins.DNSMASQ_DROPIN} rejected by dnsmasq --test: {checked[1]}")
        try:
            await self._start_hotspot()
        except (NetworkManagerError, ConnectFailedError) as exc:
            self.record_error(f"could not start the hotspot {self.hotspot_ssid!r}: {exc}")
        await self._set_mode(True)

    async def _start_hotspot(self) -> None:
        dev = await self._wifi_device()
        for conn in await self.nm.connections():
            if conn.id == profiles.HOTSPOT_ID:
                await self.nm.delete_connection(conn.path)
        profile = profiles.hotspot_profile(self.hotspot_ssid, self.settings.hotspot_password, dev.interface)
        path = await self.nm.add_connection(profile)
        self._hotspot_active = await self.nm.activate(path, dev.path)
        log.info("hotspot %r active on %s", self.hotspot_ssid, dev.interface)

    async def _stop_hotspot(self) -> None:
        active, self._hotspot_active = self._hotspot_active, None
        if active is not None:
            with contextlib.suppress(NetworkManagerError):
                await self.nm.deactivate(active)
        for conn in await self.nm.connections():
            if conn.id == profiles.HOTSPOT_ID:
                await self.nm.delete_connection(conn.path)
        log.info("hotspot %r stopped", self.hotspot_ssid)

    async def _set_mode(self, on: bool) -> None:
        if on != self._mode_on and self._on_mode is not None:
            self._mode_on = on
            try:
                await self._on_mode(on)
            except OSError as exc:
                self.record_error(f"could not {'start' if on else 'stop'} the provisioning servers: {exc}")

    # --- joining a network --------------------------------------------------------------------

    async def _connect(self, target: PendingNetwork | None) -> None:
        """Hotspot down, join ``target`` (or the best saved network), back to the hotspot on failure."""
        label = repr(target.ssid) if target else "a saved network"
        generation = self.sm.go(State.CONNECTING, f"joining {label}")
        self.progress = f"connecting to {label}"
        await self._stop_hotspot()
        saved: str | None = None
        try:
            dev = await self._wifi_device()
            if target is not None:
                saved = await self._save_network(target)
                active = await self.nm.activate(saved, dev.path)
                await self._wait_activated(active, dev, label)
            else:
                active = await self._activate_best_saved(dev)
                if active is not None:
                    await self._wait_activated(active, dev, label)
            await self._wait_online(label)
        except (ConnectFailedError, NetworkManagerError) as exc:
            message = f"could not connect to {label}: {exc}"
            if target is not None:
                self.last_attempt = NetworkInfo(ssid=target.ssid, last_error=message)
                if saved is not None:  # a wrong password must not keep NM retrying it
                    with contextlib.suppress(NetworkManagerError):
                        await self.nm.delete_connection(saved)
            self.record_error(message)
            if self.sm.current(generation):
                await self._enter_hotspot(message)
            return
        if target is not None:
            self.last_attempt = NetworkInfo(ssid=target.ssid, connected=True)
        (self.root / FORCE_FILE).unlink(missing_ok=True)
        self._online = True
        self.sm.go(State.ONLINE, f"joined {label}")
        self.progress = f"connected to {label}"
        await self._set_mode(False)

    async def _save_network(self, target: PendingNetwork) -> str:
        for conn in await self.nm.connections():
            if conn.ssid == target.ssid and conn.id != profiles.HOTSPOT_ID:
                await self.nm.delete_connection(conn.path)
        profile = profiles.wifi_profile(
            target.ssid,
            target.psk,
            priority=NEW_NETWORK_PRIORITY,
            hidden=target.hidden,
            power_save_off=self.power_save_off,
        )
        return await self.nm.add_connection(profile)

    async def _activate_best_saved(self, dev: Device) -> str | None:
        """Activate the highest-priority saved Wi-Fi network in range; None if there is none
        (NM may still bring up a wired network by itself)."""
        visible = {n.ssid for n in self._networks}
        candidates = [
            c
            for c in await self.nm.connections()
            if c.id != profiles.HOTSPOT_ID
            and c.ssid
            and (c.ssid in visible or c.settings["802-11-wireless"].get("hidden"))
        ]
        if not candidates:
            log.info("no saved Wi-Fi network in range; waiting for any connection")
            return None
        best = max(candidates, key=lambda c: int(c.settings["connection"].get("autoconnect-priority", 0)))
        log.info("retrying saved network %r", best.ssid)
        return await self.nm.activate(best.path, dev.path)

    async def _wait_activated(self, active: str, dev: Device, label: str) -> None:
        deadline = time.monotonic() + self.settings.connect_timeout_seconds
        while time.monotonic() < deadline:
            state = await self.nm.active_state(active)
            if state == ACTIVE_ACTIVATED:
                return
            if state is None or state >= ACTIVE_DEACTIVATED:
                _, reason = await self.nm.device_state_reason(dev.path)
                raise ConnectFailedError(DEVICE_REASONS.get(reason, f"activation failed (NM reason {reason})"))
            await asyncio.sleep(min(0.5, self.settings.poll_interval_seconds))
        raise ConnectFailedError(f"not connected after {self.settings.connect_timeout_seconds:.0f} s")

    async def _wait_online(self, label: str) -> None:
        deadline = time.monotonic() + self.settings.connect_timeout_seconds
        while time.monotonic() < deadline:
            if await self._check_online(check=True):
                return
            await asyncio.sleep(min(2.0, self.settings.poll_interval_seconds))
        raise ConnectFailedError(f"connected but no internet after {self.settings.connect_timeout_seconds:.0f} s")


def _same_profile(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> bool:
    """Compare the settings we own, ignoring the uuid and secrets (NM never returns those)."""
    for group, values in new.items():
        for key, value in values.items():
            if key in ("uuid", "psk"):
                continue
            have = old.get(group, {}).get(key)
            if isinstance(value, bytes):
                have = bytes(have or b"")
            if have != value:
                return False
    return True
