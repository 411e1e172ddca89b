"""I2C scan and sensor values in plausible ranges; the SPI ADC reading a known divider."""

from __future__ import annotations

import statistics

import pytest

from drivers.i2c import BME280, INA219
from drivers.spi import MCP3008
from hil.bench import Bench
from hil.rig import Rig


@pytest.mark.rig("i2c")
def test_i2c_scan_finds_every_listed_device(bench: Bench, rig: Rig):
    found = bench.i2c().scan()
    expected = sorted(d.address for d in rig.i2c_devices)
    missing = [hex(a) for a in expected if a not in found]
    assert not missing, f"devices listed in {rig.path} did not answer: {missing} (scan found {[hex(a) for a in found]})"


@pytest.mark.rig("bme280")
def test_bme280_reads_plausible_environment(bench: Bench, rig: Rig, measure):
    device = rig.i2c_device("bme280")
    assert device is not None
    reading = BME280(bench.i2c(), device.address).read()
    # Plausible for an indoor bench: centre and half-width of each range.
    measure("bme280 temperature", reading.temperature_c, "°C", 25, 20)
    measure("bme280 pressure", reading.pressure_pa, "Pa", 95_000, 15_000)
    measure("bme280 humidity", reading.humidity_pct, "%RH", 50, 50)


@pytest.mark.rig("ina219")
def test_ina219_reads_plausible_supply(bench: Bench, rig: Rig, measure):
    device = rig.i2c_device("ina219")
    assert device is not None
    reading = INA219(bench.i2c(), device.address).read()
    assert not reading.overflow, "INA219 reports math overflow: current above the calibrated range"
    measure("ina219 bus voltage", reading.bus_voltage_v, "V", 13, 13)
    measure("ina219 current", reading.current_a, "A", 0, 3.2)


@pytest.mark.rig("spi_adc")
def test_adc_reads_the_divider_within_tolerance(bench: Bench, rig: Rig, measure):
    adc = rig.spi_adc
    assert adc is not None
    chip = MCP3008(bench.spi_adc(), vref_v=adc.vref_v)
    volts = statistics.mean(chip.read_voltage(adc.channel) for _ in range(16))
    measure(f"adc ch{adc.channel} divider", volts, "V", adc.expected_v, rig.tolerance("adc_v"))
