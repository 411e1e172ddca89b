"""Hardware-in-the-loop checks for `drivers/`: the same operations as tests/drivers, on a real Pi.

Each test runs only when the rig says the wiring exists (environment variables below), and
skips with the variable to set otherwise. Run on the Pi: `python -m pytest hil/drivers -v`.

    HIL_BOARD=1                      the machine is a Raspberry Pi (board detection, real factory)
    HIL_GPIO_LOOPBACK=11:13          a jumper from header pin 11 to pin 13 (output:input)
    HIL_I2C_BME280=1:0x76            a BME280 on bus 1 at 0x76
    HIL_I2C_INA219=1:0x40            an INA219 on bus 1 at 0x40
    HIL_I2C_ADS1115=1:0x48           an ADS1115 on bus 1 at 0x48
    HIL_SPI_MCP3008=0:0              an MCP3008 on /dev/spidev0.0 (CH7 tied to VREF)
    HIL_SERIAL_GPS=/dev/ttyAMA0      a GPS receiver talking NMEA at 9600 baud
    HIL_CAMERA=/dev/video0           a USB camera (unplug/replug test is manual: HIL_CAMERA_REPLUG=1)
"""

from __future__ import annotations

import os
import time

import pytest


def rig(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"rig has no {name} (set {name} to enable; see the module docstring)")
    return value


def bus_and_address(value: str) -> tuple[int, int]:
    bus, address = value.split(":")
    return int(bus), int(address, 0)


def test_board_detected():
    rig("HIL_BOARD")
    from drivers.board import detect_board

    assert detect_board().family.startswith("rpi")


def test_gpio_loopback_level_and_edges():
    out_name, in_name = rig("HIL_GPIO_LOOPBACK").split(":")
    from drivers.gpio import open_gpio_backend

    with open_gpio_backend(allow_mock_fallback=False) as gpio:
        out = gpio.pin(out_name, holder="hil")
        watch = gpio.pin(in_name, holder="hil").watch("both", pull="down")
        for level in (True, False, True, False):
            out.set(level)
            time.sleep(0.01)
            assert watch.value() is level
        assert watch.count == 4
        out.set_pwm(0.5)  # 800 Hz: ~1600 edges per second
        time.sleep(0.25)
        out.set(False)
        assert 200 < watch.count < 800


def test_bme280():
    bus, address = bus_and_address(rig("HIL_I2C_BME280"))
    from drivers.i2c import BME280, SMBus2Bus

    with SMBus2Bus(bus) as i2c:
        reading = BME280(i2c, address).read()
    assert -20 < reading.temperature_c < 60 and 80_000 < reading.pressure_pa < 110_000


def test_ina219():
    bus, address = bus_and_address(rig("HIL_I2C_INA219"))
    from drivers.i2c import INA219, SMBus2Bus

    with SMBus2Bus(bus) as i2c:
        assert 0 <= INA219(i2c, address).read().bus_voltage_v < 32


def test_ads1115():
    bus, address = bus_and_address(rig("HIL_I2C_ADS1115"))
    from drivers.i2c import ADS1115, SMBus2Bus

    with SMBus2Bus(bus) as i2c:
        assert -6.2 < ADS1115(i2c, address).read_voltage(0, full_scale_v=6.144) < 6.2


def test_mcp3008_reference_channel():
    bus, cs = (int(x) for x in rig("HIL_SPI_MCP3008").split(":"))
    from drivers.spi import MCP3008, SpidevDevice

    with SpidevDevice(bus, cs) as spi:
        assert MCP3008(spi).read_code(7) > 1000


def test_gps_sentences():
    port = rig("HIL_SERIAL_GPS")
    from drivers.serialport import NmeaTracker, open_serial

    tracker = NmeaTracker()
    with open_serial(port, timeout_s=2) as link:
        for _ in range(20):
            tracker.feed(link.readline())
    assert tracker.state.sentences > 0


def test_camera_frames():
    device = rig("HIL_CAMERA")
    from drivers.camera import LatestFrameReader, OpenCVSource

    with LatestFrameReader(OpenCVSource(device, width=640, height=480, format="MJPG")) as reader:
        frame = reader.latest(timeout_s=10)
        assert (frame.width, frame.height) == (640, 480)
        if os.environ.get("HIL_CAMERA_REPLUG"):
            print("unplug the camera now, then plug it back in")
            deadline = time.monotonic() + 60
            while reader.status.connected and time.monotonic() < deadline:
                time.sleep(0.1)
            while not reader.status.connected and time.monotonic() < deadline:
                time.sleep(0.1)
            assert reader.status.reconnects >= 1
            assert reader.latest(timeout_s=10).seq > frame.seq
