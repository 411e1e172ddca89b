"""SPI devices and the MCP3008 driver against the simulated chip."""

from __future__ import annotations

import pytest

from drivers.errors import BusError, BusUnavailable
from drivers.spi import MCP3008, FakeMCP3008, FakeSPIChip, FakeSPIDevice, SpidevDevice
from drivers.spi import mcp3008 as mcp


@pytest.fixture
def adc():
    chip = FakeMCP3008(vref_v=3.3)
    spi = FakeSPIDevice(chip, 0, 0)
    yield chip, spi, MCP3008(spi, vref_v=3.3)
    spi.close()


def test_request_frames_per_datasheet():
    assert mcp.request_frame(0) == b"\x01\x80\x00"
    assert mcp.request_frame(7) == b"\x01\xf0\x00"
    assert mcp.request_frame(3, differential=True) == b"\x01\x30\x00"
    assert mcp.decode_reply(b"\x00\x03\xff") == 1023
    assert mcp.decode_reply(b"\xff\xfa\x01") == 0x201  # only the low 10 bits count


@pytest.mark.parametrize(("volts", "code"), [(0.0, 0), (1.65, 512), (3.3, 1023), (5.0, 1023), (-1.0, 0)])
def test_single_ended_codes(adc, volts, code):
    chip, spi, driver = adc
    chip.set_voltage(5, volts)
    assert driver.read_code(5) == code
    assert spi.history[-1][0] == b"\x01\xd0\x00"


def test_voltage_scaling(adc):
    chip, _, driver = adc
    chip.set_voltage(0, 1.0)
    assert driver.read_voltage(0) == pytest.approx(1.0, abs=3.3 / 1024)
    assert driver.read_voltage(0) == int(1.0 * 1024 / 3.3) * 3.3 / 1024


def test_differential_pairs(adc):
    chip, _, driver = adc
    chip.set_voltage(2, 2.0)
    chip.set_voltage(3, 0.5)
    assert driver.read_code(2, differential=True) == int(1.5 * 1024 / 3.3)  # CH2+ CH3-
    assert driver.read_code(3, differential=True) == 0  # CH3+ CH2-: negative clips to 0
    assert mcp.differential_inputs(1) == (1, 0)


def test_bad_channel(adc):
    with pytest.raises(ValueError, match="channel must be 0-7"):
        adc[2].read_code(8)


def test_floating_miso_means_no_chip():
    class Floating(FakeSPIChip):
        def respond(self, data):
            return b"\xff" * len(data)

    with pytest.raises(BusError, match="MCP3008 on /dev/spidev0.1 did not answer"):
        MCP3008(FakeSPIDevice(Floating(), 0, 1)).read_code(0)


def test_closed_fake_device(adc):
    _, spi, driver = adc
    spi.close()
    with pytest.raises(BusUnavailable, match="closed"):
        driver.read_code(0)


def test_real_spidev_missing_is_a_clear_error():
    try:
        import spidev  # noqa: F401
    except ImportError:
        with pytest.raises(BusUnavailable, match="spidev package is not installed"):
            SpidevDevice(0, 0)
        return
    with pytest.raises(BusUnavailable, match=r"/dev/spidev(\d+)\.0"):
        SpidevDevice(99, 0)  # no such bus on any machine this runs on
