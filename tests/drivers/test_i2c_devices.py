"""BME280, INA219 and ADS1115 drivers against the simulated chips: datasheet numbers exactly."""

from __future__ import annotations

import pytest

from drivers.errors import DeviceMissing, DeviceTimeout, WrongDevice
from drivers.i2c import ADS1115, BME280, INA219, INA226, bme280, ina219, ina226
from drivers.i2c import ads1115 as ads
from drivers.i2c.sim import FakeADS1115, FakeBME280, FakeINA219, FakeINA226
from drivers.i2c.sim.bme280 import EXAMPLE_CALIBRATION

# --- BME280 ----------------------------------------------------------------------------------------


def test_bme280_datasheet_worked_example():
    """BMP280 datasheet 3.12 (the BME280 shares the T/P formulas): adc_T 519888, adc_P 415148."""
    t_centi, t_fine = bme280.compensate_temperature(519888, EXAMPLE_CALIBRATION)
    assert (t_centi, t_fine) == (2508, 128422)
    # The datasheet figure prints 25767236; running its published 64-bit formula gives 25767233
    # (the datasheet notes integer results may deviate slightly from its float drawing).
    assert bme280.compensate_pressure(415148, t_fine, EXAMPLE_CALIBRATION) == 25767233
    t_float, _ = bme280.compensate_temperature_float(519888, EXAMPLE_CALIBRATION)
    assert round(t_float, 2) == 25.08
    # The figure's 100653.27 Pa comes from the double formula with the untruncated t_fine.
    assert round(bme280.compensate_pressure_float(415148, 128422.28700578213, EXAMPLE_CALIBRATION), 2) == 100653.27


@pytest.mark.parametrize("adc_h", [20000, 27000, 30000, 35000])
def test_bme280_humidity_integer_matches_float_formula(adc_h):
    _, t_fine = bme280.compensate_temperature(519888, EXAMPLE_CALIBRATION)
    integer = bme280.compensate_humidity(adc_h, t_fine, EXAMPLE_CALIBRATION) / 1024
    assert integer == pytest.approx(bme280.compensate_humidity_float(adc_h, t_fine, EXAMPLE_CALIBRATION), abs=0.01)


def test_bme280_humidity_pinned_and_clamped():
    _, t_fine = bme280.compensate_temperature(519888, EXAMPLE_CALIBRATION)
    assert bme280.compensate_humidity(27000, t_fine, EXAMPLE_CALIBRATION) == 39190  # 38.271 %RH
    assert bme280.compensate_humidity(0, t_fine, EXAMPLE_CALIBRATION) == 0
    assert bme280.compensate_humidity(0xFFFF, t_fine, EXAMPLE_CALIBRATION) == 100 * 1024


def test_bme280_calibration_register_layout():
    """dig_H4/dig_H5 share register 0xE5 as 12-bit signed values (datasheet table 16)."""
    cal = bme280.Calibration(1, -2, 3, 4, -5, 6, -7, 8, -9, 10, -11, 12, H1=200, H2=-300, H3=7, H4=-100, H5=1000, H6=-5)
    calib00, calib26 = cal.to_registers()
    assert len(calib00) == 26 and len(calib26) == 7
    assert calib00[:2] == b"\x01\x00" and calib00[2:4] == b"\xfe\xff"
    assert calib26[3] == (-100 & 0xFFF) >> 4 and calib26[4] == ((-100 & 0xF) | ((1000 & 0xF) << 4))
    assert bme280.Calibration.from_registers(calib00, calib26) == cal


def test_bme280_driver_reads_example_through_bus(i2c):
    """The reference's register writes: soft reset, then config 0x00 (t_standby 0.5 ms, filter off),
    ctrl_hum 0x01 and ctrl_meas 0x27 (x1 oversampling, normal mode); then one 8-byte burst from 0xF7
    per reading, compensated with the datasheet's double formulas."""
    chip = i2c.attach(0x76, FakeBME280())
    sensor = BME280(i2c, 0x76)
    assert sensor.calibration == EXAMPLE_CALIBRATION
    assert [w for w in i2c.writes_to(0x76) if len(w) == 2][0] == b"\xe0\xb6"  # soft reset first
    assert [w for w in i2c.writes_to(0x76) if len(w) == 2][-3:] == [b"\xf5\x00", b"\xf2\x01", b"\xf4\x27"]
    assert (chip.registers[0xF2], chip.registers[0xF4], chip.registers[0xF5]) == (0x01, 0x27, 0x00)
    reading = sensor.read()
    t, t_fine = bme280.compensate_temperature_float(519888, EXAMPLE_CALIBRATION)
    assert reading.temperature_c == t == pytest.approx(25.0825, abs=1e-4)
    assert reading.pressure_pa == bme280.compensate_pressure_float(415148, t_fine, EXAMPLE_CALIBRATION)
    assert reading.pressure_pa == pytest.approx(100653.27, abs=0.01)
    assert reading.humidity_pct == pytest.approx(38.2751, abs=1e-4)
    assert chip.conversions == 1
    reads = [t for t in i2c.history if t.kind == "write" and t.data == bytes([bme280.REG_DATA])]
    assert len(reads) == 1


def test_bme280_dew_point():
    """The reference's dew point: 25.0825 C at 38.275 %RH -> 9.898 C; 100 % -> the temperature (within
    the two formulas' mismatch); 0 % -> NaN."""
    import math

    assert bme280.dew_point_c(25.08247793081682, 38.27505415459795) == pytest.approx(9.898082, abs=1e-6)
    assert bme280.dew_point_c(20.0, 100.0) == pytest.approx(20.0, abs=0.05)
    assert math.isnan(bme280.dew_point_c(20.0, 0.0))


def test_bme280_environment_round_trip(i2c):
    chip = i2c.attach(0x77, FakeBME280())
    chip.set_environment(21.5, 98765.4, 45.0)
    reading = BME280(i2c, 0x77, oversampling=4).read()
    assert reading.temperature_c == pytest.approx(21.5, abs=0.01)
    assert reading.pressure_pa == pytest.approx(98765.4, abs=0.5)
    assert reading.humidity_pct == pytest.approx(45.0, abs=0.01)


def test_bme280_waits_for_the_first_conversion(i2c):
    chip = i2c.attach(0x76, FakeBME280())
    chip.pending_conversions = 3  # normal mode just started: the data registers still read "skipped"
    assert BME280(i2c).read().temperature_c == pytest.approx(25.0825, abs=1e-4)
    reads = [t for t in i2c.history if t.kind == "write" and t.data == bytes([bme280.REG_DATA])]
    assert len(reads) == 4


def test_bme280_timeout(i2c):
    chip = i2c.attach(0x76, FakeBME280())
    chip.pending_conversions = 10**9
    with pytest.raises(DeviceTimeout, match="BME280 at 0x76 on /dev/i2c-1 still has no measurement"):
        BME280(i2c, timeout_s=0.02).read()


def test_bme280_missing(i2c):
    with pytest.raises(DeviceMissing, match="no device at 0x76 on /dev/i2c-1"):
        BME280(i2c, 0x76)


def test_bme280_wrong_chip(i2c):
    i2c.attach(0x76, FakeBME280(chip_id=0x58))
    with pytest.raises(WrongDevice, match=r"0x76 on /dev/i2c-1 has chip id 0x58 \(BMP280\), expected 0x60"):
        BME280(i2c)


def test_bme280_soft_reset(i2c):
    chip = i2c.attach(0x76, FakeBME280())
    sensor = BME280(i2c)
    sensor.read()
    sensor.reset()
    assert chip.registers[bme280.REG_CTRL_HUM] == 0
    assert chip.registers[bme280.REG_DATA] == 0x80


def test_bme280_bad_oversampling(i2c):
    i2c.attach(0x76, FakeBME280())
    with pytest.raises(ValueError, match="oversampling"):
        BME280(i2c, oversampling=3)


# --- INA219 ----------------------------------------------------------------------------------------


def test_ina219_datasheet_equations():
    # 0.1 ohm shunt, Current_LSB 100 uA: Cal = trunc(0.04096 / (100e-6 * 0.1)) = 4096
    assert ina219.calibration_value(100e-6, 0.1) == 4096
    # 40 mV across the shunt = 4000 LSBs of 10 uV -> current register 4000 (x 100 uA = 0.4 A)
    assert ina219.current_register(4000, 4096) == 4000
    # 12 V bus = 3000 LSBs of 4 mV -> power register 4000 * 3000 / 5000 = 2400 (x 2 mW = 4.8 W)
    assert ina219.power_register(4000, 3000) == 2400
    assert ina219.current_register(-4000, 4096) == -4000
    assert ina219.config_word() == ina219.CONFIG_DEFAULT


def test_ina219_driver_through_bus(i2c):
    chip = i2c.attach(0x40, FakeINA219())
    sensor = INA219(i2c, 0x40, shunt_ohms=0.1, max_current_a=3.2768)  # Current_LSB = 100 uA
    assert sensor.calibration == 4096
    assert chip.registers[ina219.REG_CALIBRATION] == 4096
    chip.set_inputs(bus_voltage_v=12.0, shunt_voltage_v=0.04)
    reading = sensor.read()
    assert reading.bus_voltage_v == pytest.approx(12.0)
    assert reading.shunt_voltage_v == pytest.approx(0.04)
    assert reading.current_a == pytest.approx(0.4)
    assert reading.power_w == pytest.approx(4.8)
    assert not reading.overflow


def test_ina219_negative_current(i2c):
    chip = i2c.attach(0x41, FakeINA219())
    sensor = INA219(i2c, 0x41, shunt_ohms=0.1, max_current_a=3.2768)
    chip.set_inputs(bus_voltage_v=5.0, shunt_voltage_v=-0.0123)
    reading = sensor.read()
    assert reading.current_a == pytest.approx(-0.123)
    # 1230 x 1250 / 5000 = 307.5: the chip truncates to 307 power LSBs of 2 mW
    assert reading.power_w == pytest.approx(0.614)


def test_ina219_shunt_clips_at_pga_range(i2c):
    chip = i2c.attach(0x40, FakeINA219())
    sensor = INA219(i2c, shunt_ohms=0.1, shunt_range_v=0.04, max_current_a=0.4)
    chip.set_inputs(bus_voltage_v=3.3, shunt_voltage_v=0.2)
    assert sensor.read().shunt_voltage_v == pytest.approx(0.04)


def test_ina219_reference_lsbs_and_calibration():
    """viam-modules/texas-instruments: max current 0.32 V / R in nano-units, Current_LSB trunc(max / 2^15),
    Power_LSB round(20 max / 2^15), Cal trunc(0.04096 / (Current_LSB R)): 4194 for every shunt."""
    assert ina219.reference_lsbs(0.1) == (97656, 1953125, 4194)
    assert ina219.reference_lsbs(0.01) == (976562, 19531250, 4194)
    assert ina219.reference_lsbs(0.05) == (195312, 3906250, 4194)
    assert ina219.reference_lsbs(0.1, 3.2768) == (100000, 2000000, 4096)  # ours: max_current_amps


def test_ina219_recalibrates_before_current_and_power(i2c):
    """As the reference: calibration then configuration (0x399F) are written before each current and
    power read, so a chip reset behind our back (calibration 0, current 0) reads right at once."""
    chip = i2c.attach(0x40, FakeINA219())
    sensor = INA219(i2c)
    chip.set_inputs(bus_voltage_v=12.0, shunt_voltage_v=0.04)
    chip.write_register(ina219.REG_CONFIG, ina219.CONFIG_RESET)  # a brown-out: calibration back to 0
    assert chip.registers[ina219.REG_CALIBRATION] == 0
    assert sensor.current() == 4095 * 97656 / 1e9  # shunt 4000 * Cal 4194 / 4096 = 4095 LSBs
    assert sensor.power() == 2457 * 1953125 / 1e9  # 4095 * 3000 / 5000 = 2457 LSBs
    before = len(i2c.writes_to(0x40))
    sensor.current()
    # Cal 4194, then the configuration, then the current register read (its pointer write)
    assert i2c.writes_to(0x40)[before:] == [b"\x05\x10\x62", b"\x00\x39\x9f", b"\x04"]
    assert sensor.bus_voltage() == (12.0, False)


def test_ina219_bus_voltage_above_16v_is_positive(i2c):
    """The bus register is unsigned (up to 32.76 V); the reference's signed read would say -8.768 V at 24 V."""
    chip = i2c.attach(0x40, FakeINA219())
    chip.set_inputs(bus_voltage_v=24.0, shunt_voltage_v=0.0)
    assert INA219(i2c).bus_voltage() == (24.0, False)


def test_ina219_wrong_device(i2c):
    from drivers.i2c import RegisterDevice16

    i2c.attach(0x40, RegisterDevice16())  # answers, but is not an INA219
    with pytest.raises(WrongDevice, match=r"0x40 on /dev/i2c-1 is not an INA219: config after reset is 0x8000"):
        INA219(i2c)


def test_ina219_missing(i2c):
    with pytest.raises(DeviceMissing, match="no device at 0x45 on /dev/i2c-1"):
        INA219(i2c, 0x45)


# --- INA226 ----------------------------------------------------------------------------------------


def test_ina226_reference_lsbs_and_calibration():
    """viam-modules/texas-instruments ina226: max current 81.92 mV / R, Current_LSB trunc(max / 2^15) nA,
    Power_LSB 25 Current_LSB, Cal trunc(0.00512 / (Current_LSB R)) = 2048."""
    assert ina226.reference_lsbs(0.1) == (25000, 625000, 2048)
    assert ina226.reference_lsbs(0.01) == (250000, 6250000, 2048)
    assert ina226.reference_lsbs(0.002) == (1250000, 31250000, 2048)
    assert ina226.current_register(16000, 2048) == 16000 and ina226.power_register(16000, 9600) == 7680


def test_ina226_driver_through_bus(i2c):
    """12 V (9600 x 1.25 mV) and 40 mV across 0.1 ohm (16000 x 2.5 uV): 0.4 A, 4.8 W; negative current
    stays negative; calibration then configuration 0x399F are written before each current/power read."""
    chip = i2c.attach(0x40, FakeINA226())
    sensor = INA226(i2c)
    assert chip.registers[ina226.REG_CALIBRATION] == 2048 and chip.registers[ina226.REG_CONFIG] == 0x399F
    chip.set_inputs(bus_voltage_v=12.0, shunt_voltage_v=0.04)
    assert sensor.bus_voltage() == (12.0, False)
    assert sensor.current() == 16000 * 25000 / 1e9 == 0.4
    assert sensor.power() == 7680 * 625000 / 1e9 == 4.8
    chip.write_register(ina226.REG_CONFIG, ina226.CONFIG_RESET)  # calibration back to 0
    before = len(i2c.writes_to(0x40))
    assert sensor.current() == 0.4
    assert i2c.writes_to(0x40)[before:] == [b"\x05\x08\x00", b"\x00\x39\x9f", b"\x04"]
    chip.set_inputs(bus_voltage_v=36.0, shunt_voltage_v=-0.0123)  # 28800 x 1.25 mV; -4920 x 2.5 uV
    assert sensor.bus_voltage() == (36.0, False)
    assert sensor.current() == -4920 * 25000 / 1e9
    assert sensor.power() == 7084 * 625000 / 1e9  # 4920 * 28800 / 20000 = 7084.8


def test_ina226_wrong_device(i2c):
    i2c.attach(0x40, FakeINA219())  # an INA219 has no id registers: reads 0 there
    with pytest.raises(WrongDevice, match=r"0x40 on /dev/i2c-1 is not an INA226: manufacturer id 0x0000"):
        INA226(i2c)


# --- ADS1115 ---------------------------------------------------------------------------------------


def test_ads1115_output_codes_table():
    """Datasheet table 3 at ±2.048 V: 1 LSB = 62.5 uV, codes saturate at 0x7FFF / 0x8000."""
    assert ads.code_to_volts(0x7FFF, 2.048) == 2.048 * 32767 / 32768
    assert ads.code_to_volts(0x0001, 2.048) == 62.5e-6
    assert ads.code_to_volts(0x0000, 2.048) == 0.0
    assert ads.code_to_volts(0xFFFF, 2.048) == -62.5e-6
    assert ads.code_to_volts(0x8000, 2.048) == -2.048
    assert ads.volts_to_code(5.0, 2.048) == 0x7FFF
    assert ads.volts_to_code(-5.0, 2.048) == 0x8000


def test_ads1115_config_word_matches_reset_default():
    # reset value 0x8583: AIN0-AIN1, ±2.048 V, single-shot, 128 SPS, comparator disabled
    assert ads.config_word(0, 1) == ads.CONFIG_DEFAULT
    assert ads.config_word(3, full_scale_v=0.256, data_rate_sps=860) == 0xFBE3


def test_ads1115_driver_single_ended_and_differential(i2c):
    chip = i2c.attach(0x48, FakeADS1115(busy_reads=2))
    chip.set_voltage(0, 1.0)
    chip.set_voltage(1, 0.25)
    chip.set_voltage(3, 3.3)
    adc = ADS1115(i2c, 0x48)
    assert adc.read_code(0) == 16000  # 1.0 V / 62.5 uV
    assert adc.read_voltage(0, 1) == 0.75
    assert adc.read_voltage(1, full_scale_v=4.096) == 0.25
    assert adc.read_voltage(3) == 2.048 * 32767 / 32768  # clipped at +full scale
    assert adc.read_voltage(3, full_scale_v=6.144) == pytest.approx(3.3, abs=0.0002)
    assert chip.conversions == 5


def test_ads1115_bad_arguments(i2c):
    i2c.attach(0x48, FakeADS1115())
    adc = ADS1115(i2c)
    with pytest.raises(ValueError, match=r"no input pair AIN1-0 \(available: AIN0-AIN1"):
        adc.read_code(1, 0)
    with pytest.raises(ValueError, match="full scale"):
        adc.read_code(0, full_scale_v=3.3)
    with pytest.raises(ValueError, match="data rate"):
        adc.read_code(0, data_rate_sps=100)


def test_ads1115_missing(i2c):
    with pytest.raises(DeviceMissing, match="no device at 0x49 on /dev/i2c-1"):
        ADS1115(i2c, 0x49)
