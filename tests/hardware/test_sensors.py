"""I2C sensors and board analogs through a real server, on simulated chips (``VIAM_HW_SIM``).

The simulated registers hold the datasheets' worked examples; the models must report what the
reference modules (viam-modules/bosch bme280, viam-modules/texas-instruments ina219) compute from
those registers, with their keys and units, through the whole stack (driver -> model -> module ->
server -> client). The reference's arithmetic is restated below (``reference_bme280``,
``reference_ina219``) from its code, as facts, to give the expected values.
"""

from __future__ import annotations

import asyncio
import math
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
        {"address": "0x41", "device": "ina219", "bus_voltage_v": 12.0, "shunt_voltage_v": 0.04},
        {"address": "0x42", "device": "ina219", "bus_voltage_v": 5.0, "shunt_voltage_v": -0.025},
        {"address": "0x44", "device": "ina219", "bus_voltage_v": 24.0, "shunt_voltage_v": 0.02},
        {"address": "0x60", "device": "bme280", "raw": [519888, 415148, 27000]},  # behind an address translator
        {"address": "0x4a", "device": "ina226", "bus_voltage_v": 12.0, "shunt_voltage_v": -0.04},
        {"address": "0x48", "device": "ads1115", "volts": {"1": 1.5}},
    ], "3": [{"address": "0x77", "device": "bme280", "raw": [519888, 415148, 27000]}]},
    "spi": {"0.0": {"device": "mcp3008", "volts": {"0": 1.65}}},
}


def sensor(name: str, api: str, model: str, **attributes: object) -> dict:
    return {"name": name, "api": f"rdk:component:{api}", "model": f"rdk:builtin:{model}", "attributes": attributes}


COMPONENTS = [
    sensor("env", "sensor", "bme280", i2c_bus="1", i2c_addr=0x77),
    # the bosch README's key is ignored, and i2c_addr 0 is the default: the chip at 0x77 of bus 3
    sensor("env_readme", "sensor", "bme280", i2c_bus="3", i2c_address="0x76", i2c_addr=0),
    sensor("env_translated", "sensor", "bme280", i2c_bus="1", i2c_addr=0x60),
    sensor("power", "power_sensor", "ina219", i2c_bus="1", i2c_addr=0x40, shunt_resistance=0.1,
           max_current_amps=3.2768),
    sensor("power_default", "power_sensor", "ina219", i2c_bus="1", i2c_addr=0x41),  # 0.1 ohm, 3.2 A
    sensor("power_zero", "power_sensor", "ina219", i2c_bus="1", i2c_addr=0x42, shunt_resistance=0),
    sensor("power_24v", "power_sensor", "ina219", i2c_bus="1", i2c_addr=0x44, shunt_resistance=0.01),
    sensor("absent", "power_sensor", "ina219", i2c_bus="1", i2c_addr=0x45),
    {"name": "power226", "api": "rdk:component:power_sensor", "model": "viam:texas-instruments:ina226",
     "attributes": {"i2c_bus": "1", "i2c_addr": 0x4A}},
    sensor("bmp", "sensor", "bme280", i2c_bus="1", i2c_addr=0x76),
    sensor("no_bus", "sensor", "bme280"),
    sensor("no_bus_ina", "power_sensor", "ina219", i2c_addr=0x40),
    sensor("named_bus_ina", "power_sensor", "ina219", i2c_bus="i2c-1"),
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


# --- the reference's arithmetic, restated from its code as facts ----------------------------------

# drivers/i2c/sim/bme280.py EXAMPLE_CALIBRATION (the BMP280 datasheet's worked example + humidity)
CAL = dict(T1=27504, T2=26435, T3=-1000, P1=36477, P2=-10685, P3=3024, P4=2855, P5=140, P6=-7, P7=15500,
           P8=-14600, P9=6000, H1=75, H2=362, H3=0, H4=313, H5=50, H6=30)


def reference_bme280(adc_t: int, adc_p: int, adc_h: int, t_divisor: float = 16384.0) -> dict[str, float]:
    """viam-modules/bosch bme280: the datasheet's double formulas; pressure / 100 under "pressure_mpa";
    dew point from the Goff-Gratch vapour pressure and an inverse Magnus formula. The reference's
    code divides adc_T by 16382 where the datasheet has 16384 (``t_divisor``); we keep the datasheet's."""
    c = CAL
    var1 = (adc_t / t_divisor - c["T1"] / 1024) * c["T2"]
    var2 = (adc_t / 131072 - c["T1"] / 8192) ** 2 * c["T3"]
    t_fine = var1 + var2
    temp = t_fine / 5120
    v1 = t_fine / 2 - 64000
    v2 = v1 * v1 * c["P6"] / 32768 + v1 * c["P5"] * 2
    v2 = v2 / 4 + c["P4"] * 65536
    v1 = (c["P3"] * v1 * v1 / 524288 + c["P2"] * v1) / 524288
    v1 = (1 + v1 / 32768) * c["P1"]
    p = ((1048576 - adc_p) - v2 / 4096) * 6250 / v1
    p += (c["P9"] * p * p / 2147483648 + p * c["P8"] / 32768 + c["P7"]) / 16
    h = t_fine - 76800
    h = (adc_h - (c["H4"] * 64 + c["H5"] / 16384 * h)) * (
        c["H2"] / 65536 * (1 + c["H6"] / 67108864 * h * (1 + c["H3"] / 67108864 * h)))
    humid = max(0.0, min(h * (1 - c["H1"] * h / 524288), 100.0))
    ratio = 373.15 / (273.15 + temp)
    rhs = (-7.90298 * (ratio - 1) + 5.02808 * math.log10(ratio) - 1.3816e-7 * (10 ** (11.344 * (1 - 1 / ratio)) - 1)
           + 8.1328e-3 * (10 ** (-3.49149 * (ratio - 1)) - 1) + math.log10(1013.246))
    t = math.log(10 ** (rhs - 3) * humid / 0.61078)
    dew = 241.88 * t / (17.558 - t)
    return {"temperature_celsius": temp, "dew_point_celsius": dew, "temperature_fahrenheit": temp * 1.8 + 32,
            "dew_point_fahrenheit": dew * 1.8 + 32, "relative_humidity_pct": humid, "pressure_mpa": p / 100}


def reference_ina219(shunt_ohms: float, bus_raw: int, shunt_raw: int) -> tuple[float, float, float, int]:
    """viam-modules/texas-instruments ina219, in integer nano-units: max current 0.32 V / R,
    Current_LSB trunc(max / 2^15), Power_LSB round(20 max / 2^15), Cal 0.04096 / (Current_LSB R);
    the chip's current register shunt * Cal / 4096 and power register current * bus / 5000.
    Returns (volts, amps, watts, calibration register)."""
    resistance = int(shunt_ohms * 1e9)
    max_na = int(0.32 / (resistance / 1e9) * 1e9)
    current_lsb, power_lsb = max_na // 32768, (max_na * 20 + 16384) // 32768
    cal = (10**18 // 100000 << 12) // (current_lsb * resistance)
    current_reg = int(shunt_raw * cal / 4096)
    power_reg = int(current_reg * bus_raw / 5000)
    return bus_raw * 4 / 1000, current_reg * current_lsb / 1e9, abs(power_reg) * power_lsb / 1e9, cal


async def test_bme280_readings_are_the_references_keys_and_values(hw) -> None:
    """Six keys as viam-modules/bosch: temperature and dew point in C and F, %RH, and "pressure_mpa"
    holding hPa (Pa / 100); values from the datasheet's double formulas on one conversion."""
    machine = hw
    await machine.wait_ready("env")
    readings = await Sensor.from_robot(machine.client, "env").get_readings()
    expected = reference_bme280(519888, 415148, 27000)
    assert readings == pytest.approx(expected, rel=1e-12)
    assert set(readings) == set(expected)
    assert readings["temperature_celsius"] == pytest.approx(25.0825, abs=1e-4)  # datasheet example: 25.08 C
    assert readings["pressure_mpa"] == pytest.approx(1006.53, abs=0.01)  # 100653 Pa as hPa, the reference's unit
    assert readings["dew_point_celsius"] == pytest.approx(9.898, abs=1e-3)
    # The reference's adc_T / 16382 (a typo of the datasheet's 16384) reads 0.020 C and 0.031 hPa higher.
    typo = reference_bme280(519888, 415148, 27000, t_divisor=16382)
    assert typo["temperature_celsius"] - readings["temperature_celsius"] == pytest.approx(0.0200, abs=1e-4)
    assert typo["pressure_mpa"] - readings["pressure_mpa"] == pytest.approx(0.0308, abs=1e-4)


async def test_bme280_address_forms(hw) -> None:
    """i2c_addr is the reference's integer; an address outside the chip's strapping (0x76/0x77) is used as
    given with a warning (the reference does not check); the bosch README's "i2c_address" is not read by
    its code, so the sensor is at the default 0x77 there and here, with a "no effect here" warning."""
    machine = hw
    await machine.wait_ready("env_readme", "env_translated")
    for name in ("env_readme", "env_translated"):
        readings = await Sensor.from_robot(machine.client, name).get_readings()
        assert readings == pytest.approx(reference_bme280(519888, 415148, 27000), rel=1e-12)
    # module log lines reach the server's output asynchronously: wait for them
    await asyncio.to_thread(machine.server.wait_for_line,
                            r"env_readme.*attributes\.i2c_address: the bosch module's README spells it.*no effect here")
    await asyncio.to_thread(machine.server.wait_for_line,
                            r"env_translated.*attributes\.i2c_addr: a BME280 answers only at 0x76, 0x77; 0x60 is used")


async def test_ina219_reference_arithmetic(hw) -> None:
    """GetVoltage/GetCurrent/GetPower and readings volts/amps/is_ac/watts as the reference: default shunt
    0.1 ohm (also for shunt_resistance 0), max current 0.32 V / shunt, its integer LSBs and calibration;
    negative current stays negative; is_ac false."""
    machine = hw
    await machine.wait_ready("power", "power_default", "power_zero", "power_24v")
    # the datasheet's example with max_current_amps 3.2768 (ours): Current_LSB 100 uA, Cal 4096
    power = PowerSensor.from_robot(machine.client, "power")
    assert await power.get_voltage() == (12.0, False)  # bus register 3000 * 4 mV
    assert await power.get_current() == (pytest.approx(0.4, rel=1e-12), False)  # current register 4000 * 100 uA
    assert await power.get_power() == pytest.approx(4.8, rel=1e-12)  # power register 2400 * 2 mW
    readings = await power.get_readings()
    assert readings == {"volts": 12.0, "amps": pytest.approx(0.4, rel=1e-12), "is_ac": False,
                        "watts": pytest.approx(4.8, rel=1e-12)}

    volts, amps, watts, cal = reference_ina219(0.1, 3000, 4000)
    assert cal == 4194 and (amps, watts) == (0.39990132, 4.798828125)  # 4095 * 97656 nA, 2457 * 1953125 nW
    default = PowerSensor.from_robot(machine.client, "power_default")
    assert await default.get_voltage() == (volts, False)
    assert await default.get_current() == (amps, False)
    assert await default.get_power() == watts
    assert await default.get_readings() == {"volts": volts, "amps": amps, "is_ac": False, "watts": watts}

    volts, amps, watts, _ = reference_ina219(0.1, 1250, -2500)  # 5 V, -25 mV: current flows IN- to IN+
    zero = PowerSensor.from_robot(machine.client, "power_zero")
    assert await zero.get_readings() == {"volts": volts, "amps": amps, "is_ac": False, "watts": watts}
    assert amps == pytest.approx(-0.25, abs=1e-3) and watts == pytest.approx(1.25, abs=1e-2)

    # 0.01 ohm: max current 32 A (the reference's 0.32 V / R; our former fixed 3.2 A would clip), and
    # 24 V reads 24 V (the reference's signed register read would report -8.768 V above 16.38 V).
    volts, amps, watts, _ = reference_ina219(0.01, 6000, 2000)
    assert (volts, amps, watts) == (24.0, 1.999022414, 47.96875)  # 2047 * 976562 nA, 2456 * 19531250 nW
    big = PowerSensor.from_robot(machine.client, "power_24v")
    assert await big.get_readings() == {"volts": 24.0, "amps": amps, "is_ac": False, "watts": watts}


async def test_ina226_reference_arithmetic(hw) -> None:
    """viam:texas-instruments:ina226 (served by rdk:builtin:ina226): 0.1 ohm, max current 81.92 mV / R,
    Current_LSB 25000 nA, Power_LSB 625000 nW, Cal 2048; bus voltage 1.25 mV per bit."""
    machine = hw
    await machine.wait_ready("power226")
    power = PowerSensor.from_robot(machine.client, "power226")
    # 12 V = 9600 bus LSBs; -40 mV = -16000 shunt LSBs -> current -16000, power 16000 * 9600 / 20000 = 7680
    expected = {"volts": 9600 * 1.25e-3, "amps": -16000 * 25000 / 1e9, "is_ac": False, "watts": 7680 * 625000 / 1e9}
    assert expected == {"volts": 12.0, "amps": -0.4, "is_ac": False, "watts": 4.8}
    assert await power.get_readings() == expected
    assert await power.get_voltage() == (12.0, False)
    assert await power.get_current() == (-0.4, False)
    assert await power.get_power() == 4.8
    assert (await power.get_status())["model_alias"]["served_by"] == "rdk:builtin:ina226"


async def test_i2c_sensors_have_no_do_command(hw) -> None:
    """The reference's models embed resource.Named's DoCommand: "DoCommand unimplemented"."""
    machine = hw
    await machine.wait_ready("env", "power_default", "power226")
    for resource in (Sensor.from_robot(machine.client, "env"), PowerSensor.from_robot(machine.client, "power_default"),
                     PowerSensor.from_robot(machine.client, "power226")):
        with pytest.raises(Exception, match="does not implement DoCommand"):
            await resource.do_command({"anything": 1})


async def test_sensor_config_errors_are_the_references(hw) -> None:
    """i2c_bus is required (both reference modules); the INA219's must be numeric."""
    machine = hw
    assert 'i2c_bus is required: the bus number, "1" for /dev/i2c-1' in await machine.wait_error("no_bus")
    assert "attributes.i2c_bus" in await machine.wait_error("no_bus_ina")
    assert "i2c_bus must be numeric, not 'i2c-1'" in await machine.wait_error("named_bus_ina")


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
