"""The mock rig's devices: I2C chips with register maps, the ADC divider, a pty loopback, a video file.

Values come from the rig file's `simulation:` section (with defaults), so the tests check the
same plausible ranges as on the bench, against known inputs.
"""

from __future__ import annotations

import logging
import os
import select
import threading
from pathlib import Path
from typing import Any

from drivers.i2c import FakeI2CBus
from drivers.i2c.sim import FakeADS1115, FakeBME280, FakeINA219
from drivers.spi import FakeMCP3008, FakeSPIDevice
from hil.rig import Rig

log = logging.getLogger(__name__)

DEFAULT_SIMULATION: dict[str, dict[str, float]] = {
    "bme280": {"temperature_c": 22.5, "pressure_pa": 100_800.0, "humidity_pct": 41.0},
    "ina219": {"bus_voltage_v": 5.08, "shunt_voltage_v": 0.012},
    "ads1115": {"ain0_v": 1.25},
}


def simulation(rig: Rig, device: str) -> dict[str, float]:
    """The simulated inputs of `device` ("bme280", ...): rig file values over defaults."""
    values = dict(DEFAULT_SIMULATION.get(device, {}))
    values.update((rig.raw.get("simulation") or {}).get(device) or {})
    return values


def make_i2c_device(rig: Rig, type_: str) -> Any:
    """A simulated chip of `type_` set to the rig's simulated inputs."""
    sim = simulation(rig, type_)
    if type_ == "bme280":
        chip = FakeBME280()
        chip.set_environment(sim["temperature_c"], sim["pressure_pa"], sim["humidity_pct"])
        return chip
    if type_ == "ina219":
        chip = FakeINA219()
        chip.set_inputs(bus_voltage_v=sim["bus_voltage_v"], shunt_voltage_v=sim["shunt_voltage_v"])
        return chip
    chip = FakeADS1115()
    chip.set_voltage(0, sim["ain0_v"])
    return chip


def make_i2c_bus(rig: Rig) -> FakeI2CBus:
    """The rig's I2C bus in memory, with every listed device attached."""
    bus = FakeI2CBus(rig.i2c_bus)
    for device in rig.i2c_devices:
        bus.attach(device.address, make_i2c_device(rig, device.type))
    return bus


def make_spi_adc(rig: Rig) -> FakeSPIDevice:
    """An MCP3008 on the rig's chip select whose channel sees the divider's ideal voltage."""
    adc = rig.spi_adc
    assert adc is not None
    chip = FakeMCP3008(vref_v=adc.vref_v)
    chip.set_voltage(adc.channel, adc.expected_v)
    return FakeSPIDevice(chip, adc.bus, adc.chip_select)


def hw_sim_spec(rig: Rig) -> dict[str, Any]:
    """The `VIAM_HW_SIM` document for module processes (builtin_modules.common.buses)."""
    entries: list[dict[str, Any]] = []
    for device in rig.i2c_devices:
        entry: dict[str, Any] = {"address": hex(device.address), "device": device.type}
        chip = make_i2c_device(rig, device.type)
        if device.type == "bme280":
            entry["raw"] = [chip.adc_t, chip.adc_p, chip.adc_h]
        elif device.type == "ina219":
            entry.update(bus_voltage_v=chip.bus_voltage_v, shunt_voltage_v=chip.shunt_voltage_v)
        else:
            entry["volts"] = {str(i): v for i, v in enumerate(chip.inputs_v)}
        entries.append(entry)
    spec: dict[str, Any] = {"i2c": {str(rig.i2c_bus): entries}}
    if rig.spi_adc:
        adc = rig.spi_adc
        spec["spi"] = {
            f"{adc.bus}.{adc.chip_select}": {
                "device": "mcp3008", "vref_v": adc.vref_v, "volts": {str(adc.channel): adc.expected_v},
            }
        }  # fmt: skip
    return spec


class PtyLoopback:
    """A pty pair whose master echoes everything back: the slave is a port with TX wired to RX."""

    def __init__(self) -> None:
        self._master, self._slave = os.openpty()
        self.port = os.ttyname(self._slave)
        self._stop_r, self._stop_w = os.pipe()
        self.echoed = 0
        self._thread = threading.Thread(target=self._run, name="hil-pty-loopback", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._master, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                data = os.read(self._master, 65536)
            except OSError:
                return
            view = memoryview(data)
            while view:
                written = os.write(self._master, view)
                view = view[written:]
            self.echoed += len(data)

    def close(self) -> None:
        """Stop echoing and close both ends; idempotent."""
        if self._thread.is_alive():
            os.write(self._stop_w, b"x")
            self._thread.join(2)
        for fd in (self._master, self._slave, self._stop_r, self._stop_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._master = self._slave = self._stop_r = self._stop_w = -1

    def __enter__(self) -> PtyLoopback:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def generate_video(path: Path, width: int, height: int, fps: float, seconds: float = 2.0) -> Path:
    """Write an MJPG AVI of moving synthetic frames (the mock rig's "USB camera")."""
    import cv2

    from drivers.camera import SyntheticSource

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write MJPG video to {path}")
    source = SyntheticSource(width, height, fps, pace=False)
    with source:
        for _ in range(max(1, int(fps * seconds))):
            writer.write(source.read())
    writer.release()
    log.info("generated %s (%dx%d @ %g fps, %g s)", path, width, height, fps, seconds)
    return path
