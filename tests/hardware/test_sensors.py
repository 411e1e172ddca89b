"""I2C sensors and board analogs through a real server, on simulated chips (``VIAM_HW_SIM``).

The simulated registers hold the datasheets' worked examples; the models must report exactly
the datasheet's results through the whole stack (driver -> model -> module -> server -> client).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hardware.conftest import client_for, start_server
from viam.components.board import Board
from viam.components.power_sensor import PowerSensor
from viam.components.sensor import Sensor
from viam.testing.process import ServerProcess

SIM = {
    "i2c": {"1": [
        # BMP280/BME280 datasheet example: adc_T 519888, adc_P 415148 (+ humidity raw 27000).
        {"address": "0x77", "device": "bme280", "raw": [519888, 415148, 27000]},
        {"address": "0x76", "device": "bme280", "chip_id": 0x58},  # a BMP280 where a BME280 is expected
        # INA219 datasheet 8.5.1 figures: 0.1 ohm shunt, Current_LSB 100 uA -> Cal 4096.
        {"address": "0x40", "device": "ina219", "bus_voltage_v": 12.0, "shunt_voltage_v": 0.04},
        {"address": "0x48", "device": "ads1115", "volts": {"1": 1.5}},
    ]},
    "spi": {"0.0": {"device": "mcp3008", "volts": {"0": 1.65}}},
}


def sensor(name: str, api: str, model: str, **attributes: object) -> dict:
    return {"name": name, "api": f"rdk:component:{api}", "model": f"rdk:builtin:{model}", "attributes": attributes}


COMPONENTS = [
    sensor("env", "sensor", "bme280", i2c_bus="1", i2c_addr="0x77"),
    sensor("power", "power_sensor", "ina219", i2c_addr=0x40, shunt_resistance=0.1, max_current_amps=3.2768),
    sensor("absent", "power_sensor", "ina219", i2c_addr="0x45"),
    sensor("bmp", "sensor", "bme280", i2c_addr="0x76"),
    {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi",
     "attributes": {"analogs": [{"name": "pot", "pin": "0", "spi_bus": "0", "chip_select": "0"},
                                {"name": "batt", "pin": "1", "type": "ads1115", "i2c_addr": "0x48",
                                 "full_scale_v": 4.096},
                                # the reference's spelling: channel, chip_select as a header pin, smoothing
                                {"name": "pot_avg", "channel": "0", "spi_bus": "0", "chip_select": "24",
                                 "average_over_ms": 100, "samples_per_sec": 50}],
                    "pins": [{"pin": "11"}],  # name is optional (the reference's)
                    "board_settings": {"enable_i2c": True, "bluetooth_enable_uart": False}}},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("sensors")
    (workdir / "config.txt").write_text("# boot config\ndtparam=i2c_arm=on\n#enable_uart=1\nenable_uart=1\n")
    (workdir / "modules").write_text("# /etc/modules\n#i2c-dev\n")
    server = start_server(workdir, COMPONENTS, sim=SIM, env={"VIAM_PI_BOOT_CONFIG": str(workdir / "config.txt")})
    yield server
    server.stop()


@pytest.fixture
async def hw(server: ServerProcess, connect):
    return await client_for(server, connect)


async def test_bme280_and_ina219_report_datasheet_examples(hw) -> None:
    machine = hw
    await machine.wait_ready("env", "power")
    readings = await Sensor.from_robot(machine.client, "env").get_readings()
    assert readings["temperature_celsius"] == 25.08  # datasheet: 2508 (0.01 degC)
    assert readings["pressure_pa"] == 25767233 / 256  # the 64-bit formula's Q24.8 result
    assert readings["pressure_kpa"] == pytest.approx(100.653, abs=1e-3)
    assert readings["relative_humidity_pct"] == 39190 / 1024
    power = PowerSensor.from_robot(machine.client, "power")
    assert await power.get_voltage() == (pytest.approx(12.0, rel=1e-12), False)  # bus register 3000 * 4 mV
    assert (await power.get_current())[0] == pytest.approx(0.4, rel=1e-12)  # current register 4000 * 100 uA
    assert await power.get_power() == pytest.approx(4.8, rel=1e-12)  # power register 2400 * 2 mW
    readings = await power.get_readings()
    assert readings["shunt_voltage"] == pytest.approx(0.04, rel=1e-12) and readings["overflow"] is False


async def test_missing_and_wrong_i2c_devices_fail_with_clear_errors(hw) -> None:
    machine = hw
    missing = await machine.wait_error("absent")
    assert "no device at 0x45 on /dev/i2c-1" in missing
    assert "UNAVAILABLE" in missing and "internal error" not in missing, missing  # hardware, not a bug
    assert "chip id 0x58 (BMP280), expected 0x60 (BME280)" in await machine.wait_error("bmp")


async def test_board_analogs_mcp3008_and_ads1115(hw) -> None:
    machine = hw
    await machine.wait_ready("pi")
    pi = Board.from_robot(machine.client, "pi")
    pot = await (await pi.analog_by_name("pot")).read()
    assert pot.value == int(1.65 * 1024 / 3.3) == 512  # MCP3008: code = Vin * 1024 / Vref
    # Ranges are float32 on the wire (board.proto), so compare at float32 precision.
    assert (pot.min_range, pot.max_range, pot.step_size) == pytest.approx((0.0, 3.3, 3.3 / 1024), rel=1e-6)
    batt = await (await pi.analog_by_name("batt")).read()
    assert batt.value == round(1.5 * 32768 / 4.096) == 12000  # ADS1115: 16-bit signed over +-FS
    assert (batt.min_range, batt.max_range) == pytest.approx((-4.096, 4.096), rel=1e-6)
    with pytest.raises(Exception, match="has no analog outputs"):
        await (await pi.analog_by_name("pot")).write(100)


async def test_reference_analog_spelling_smoothing_and_board_settings(hw) -> None:
    """viam:raspberry-pi: analogs[].channel, chip_select "24" (= CE0), average_over_ms with
    samples_per_sec (rolling average of 5 samples here); board_settings checked against config.txt."""
    import asyncio

    machine = hw
    await machine.wait_ready("pi")
    pi = Board.from_robot(machine.client, "pi")
    analog = await pi.analog_by_name("pot_avg")
    for _ in range(100):  # the smoother samples in the background: wait for its first sample
        try:
            reading = await analog.read()
            break
        except Exception:  # noqa: BLE001 - "has not yet read any analog data"
            await asyncio.sleep(0.05)
    assert reading.value == 512
    status = await pi.get_status()
    settings = status["board_settings"]
    boot, modules = machine.server.workdir / "config.txt", machine.server.workdir / "modules"
    # Written as the reference writes them (active line replaced, comments kept); no reboot here.
    assert settings["enable_i2c"] == {"wanted": "dtparam=i2c_arm=on", "in_effect": True,
                                      "action": f"written to {modules} (i2c-dev); reboot to take effect"}
    assert settings["bluetooth_enable_uart"] == {
        "wanted": "enable_uart=0", "in_effect": False, "action": f"written to {boot}; reboot to take effect"}
    assert boot.read_text() == "# boot config\ndtparam=i2c_arm=on\n#enable_uart=1\nenable_uart=0\n"
    assert modules.read_text() == "# /etc/modules\ni2c-dev\n"
    assert (await pi.gpio_pin_by_name("11")) is not None
