"""Microchip MCP3008 8-channel 10-bit ADC (SPI), and a simulated one.

Frame (datasheet DS21295, figure 6-1, 8-bit transfers): send 0x01 (start bit), then
SGL/DIFF, D2, D1, D0 in the top nibble of the second byte, then a dummy byte. The result
is the low 2 bits of the second reply byte and all of the third: code = 1024 * Vin / Vref.
"""

from __future__ import annotations

from drivers.errors import BusError
from drivers.spi.bus import FakeSPIChip, SPIDevice

CHANNELS = 8
MAX_CODE = 1023


def request_frame(channel: int, *, differential: bool = False) -> bytes:
    """The 3-byte frame that reads `channel` (or differential pair `channel`)."""
    if channel not in range(CHANNELS):
        raise ValueError(f"MCP3008 channel must be 0-7, not {channel!r}")
    return bytes([0x01, ((0 if differential else 0x8) | channel) << 4, 0x00])


def decode_reply(reply: bytes) -> int:
    """Extract the 10-bit code from a 3-byte reply."""
    return ((reply[1] & 0x03) << 8) | reply[2]


def differential_inputs(channel: int) -> tuple[int, int]:
    """(IN+, IN-) for a differential channel code (datasheet table 5-2): 0 -> CH0-CH1, 1 -> CH1-CH0."""
    pair = channel & ~1
    return (pair, pair + 1) if channel % 2 == 0 else (pair + 1, pair)


class MCP3008:
    """An MCP3008 on an SPI chip select.

    Args:
        spi: the SPI device.
        vref_v: the reference voltage on VREF (3.3 V on most Pi boards).
    """

    def __init__(self, spi: SPIDevice, *, vref_v: float = 3.3) -> None:
        if vref_v <= 0:
            raise ValueError(f"MCP3008 vref_v must be > 0, not {vref_v}")
        self.spi = spi
        self.vref_v = vref_v

    def read_code(self, channel: int, *, differential: bool = False) -> int:
        """Return the 10-bit code (0-1023) of a channel."""
        reply = self.spi.transfer(request_frame(channel, differential=differential))
        if reply[1] & 0x04:
            # The null bit before B9 is always 0; a 1 means nothing drives MISO (no chip).
            raise BusError(f"MCP3008 on {self.spi.path} did not answer (MISO floating high)")
        return decode_reply(reply)

    def read_voltage(self, channel: int, *, differential: bool = False) -> float:
        """Return the channel's voltage (code * Vref / 1024)."""
        return self.read_code(channel, differential=differential) * self.vref_v / 1024

    def __repr__(self) -> str:
        return f"<MCP3008 on {self.spi.path} vref={self.vref_v} V>"


class FakeMCP3008(FakeSPIChip):
    """A simulated MCP3008 with settable channel voltages."""

    def __init__(self, *, vref_v: float = 3.3) -> None:
        self.vref_v = vref_v
        self.voltages_v = [0.0] * CHANNELS
        self.conversions = 0

    def set_voltage(self, channel: int, volts: float) -> None:
        """Set the voltage on CH`channel` relative to AGND."""
        if channel not in range(CHANNELS):
            raise ValueError(f"MCP3008 channel must be 0-7, not {channel!r}")
        self.voltages_v[channel] = volts

    def code_for(self, volts: float) -> int:
        """The ideal code for an input voltage, clipped to 0-1023."""
        return max(0, min(MAX_CODE, int(volts * 1024 / self.vref_v)))

    def respond(self, data: bytes) -> bytes:
        if len(data) < 3 or data[0] & 0x01 == 0:
            return b"\x00" * len(data)  # no start bit: the chip stays idle, MISO low
        single = bool(data[1] & 0x80)
        channel = (data[1] >> 4) & 0x07
        if single:
            volts = self.voltages_v[channel]
        else:
            positive, negative = differential_inputs(channel)
            volts = self.voltages_v[positive] - self.voltages_v[negative]
        code = self.code_for(volts)
        self.conversions += 1
        return bytes([0x00, (code >> 8) & 0x03, code & 0xFF]) + b"\x00" * (len(data) - 3)
