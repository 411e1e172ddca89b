"""Which I2C bus and SPI device a model gets: the real one, or the simulated one.

Models never open ``/dev`` themselves; they ask here. With ``VIAM_HW_SIM`` naming a JSON file,
every bus of the process is an in-memory fake from ``drivers`` populated with the simulated
chips that file lists (tests, the mock rig, laptops); otherwise buses are smbus2/spidev::

    {"i2c": {"1": [{"address": "0x76", "device": "bme280", "raw": [519888, 415148, 27000]},
                   {"address": "0x40", "device": "ina219", "bus_voltage_v": 12.0, "shunt_voltage_v": 0.02},
                   {"address": "0x48", "device": "ads1115", "volts": {"0": 1.25}},
                   {"address": "0x68", "device": "mpu6050", "linear_acceleration": [0, 0, 9.81],
                    "angular_velocity": [0, 0, 10], "temperature_c": 25}]},
     "spi": {"0.0": {"device": "mcp3008", "volts": {"0": 1.65}}}}

A bus missing from the file is an empty fake bus (every address NACKs), as on a board with
nothing wired. One bus object per bus per process, so address claims are seen by every model.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from drivers.errors import BusUnavailable
from drivers.i2c import FakeI2CBus, I2CBus, SMBus2Bus, bus_path
from drivers.spi.bus import FakeSPIDevice, SpidevDevice, SPIDevice

LOG = logging.getLogger(__name__)
ENV_SIM = "VIAM_HW_SIM"

_lock = threading.Lock()
_i2c: dict[str, I2CBus] = {}
_spi: dict[str, SPIDevice] = {}


def sim_spec() -> dict[str, Any] | None:
    """The simulated hardware description named by ``$VIAM_HW_SIM``, or None on real hardware."""
    path = os.environ.get(ENV_SIM)
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise BusUnavailable(f"cannot read simulated hardware from {ENV_SIM}={path}: {exc}") from exc


def _fake_i2c_device(entry: dict[str, Any]) -> Any:
    from drivers.i2c.sim import FakeADS1115, FakeADXL345, FakeBME280, FakeINA219, FakeINA226, FakeMPU6050

    kind = entry.get("device")
    if kind == "bme280":
        device = FakeBME280(chip_id=int(entry.get("chip_id", 0x60)))
        if "raw" in entry:
            device.set_raw(*entry["raw"])
        return device
    if kind in ("ina219", "ina226"):
        device = FakeINA219() if kind == "ina219" else FakeINA226()
        device.set_inputs(bus_voltage_v=float(entry.get("bus_voltage_v", 0.0)),
                          shunt_voltage_v=float(entry.get("shunt_voltage_v", 0.0)))
        return device
    if kind == "ads1115":
        device = FakeADS1115()
        for channel, volts in entry.get("volts", {}).items():
            device.set_voltage(int(channel), float(volts))
        return device
    if kind == "mpu6050":
        device = FakeMPU6050()
        device.set_motion(linear_acceleration=tuple(entry.get("linear_acceleration", (0.0, 0.0, 9.81))),
                          angular_velocity=tuple(entry.get("angular_velocity", (0.0, 0.0, 0.0))),
                          temperature_c=float(entry.get("temperature_c", 25.0)))
        return device
    if kind == "adxl345":
        accel = FakeADXL345()
        accel.set_acceleration(*entry.get("linear_acceleration", (0.0, 0.0, 9.81)))
        return accel
    raise BusUnavailable(f"{ENV_SIM}: unknown simulated I2C device {kind!r} (known: bme280, ina219, ina226, ads1115, "
                         "mpu6050, adxl345)")


def i2c_bus(bus: int | str) -> I2CBus:
    """The process's bus ``bus`` (a number such as 1, or a device path)."""
    key = bus_path(bus)
    with _lock:
        if key in _i2c:
            return _i2c[key]
        spec = sim_spec()
        if spec is None:
            made: I2CBus = SMBus2Bus(bus)
        else:
            fake = FakeI2CBus(key)
            entries = spec.get("i2c", {}).get(str(bus), []) or spec.get("i2c", {}).get(key, [])
            for entry in entries:
                fake.attach(int(str(entry["address"]), 0), _fake_i2c_device(entry))
            LOG.info("I2C bus %s is simulated (%d devices)", key, len(entries))
            made = fake
        _i2c[key] = made
        return made


def spi_device(bus: int, chip_select: int) -> SPIDevice:
    """The process's SPI device ``bus.chip_select``."""
    key = f"{bus}.{chip_select}"
    with _lock:
        if key in _spi:
            return _spi[key]
        spec = sim_spec()
        if spec is None:
            made: SPIDevice = SpidevDevice(bus, chip_select)
        else:
            from drivers.spi.mcp3008 import FakeMCP3008

            entry = spec.get("spi", {}).get(key)
            if entry is None:
                raise BusUnavailable(f"SPI device {key} is not in the simulated hardware ({ENV_SIM})")
            chip = FakeMCP3008(vref_v=float(entry.get("vref_v", 3.3)))
            for channel, volts in entry.get("volts", {}).items():
                chip.set_voltage(int(channel), float(volts))
            made = FakeSPIDevice(chip, bus, chip_select)
        _spi[key] = made
        return made
