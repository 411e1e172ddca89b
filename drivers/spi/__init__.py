"""SPI devices (spidev or in memory) and the MCP3008 ADC."""

from drivers.spi.bus import FakeSPIChip, FakeSPIDevice, SpidevDevice, SPIDevice, spi_path
from drivers.spi.mcp3008 import MCP3008, FakeMCP3008

__all__ = ["MCP3008", "FakeMCP3008", "FakeSPIChip", "FakeSPIDevice", "SPIDevice", "SpidevDevice", "spi_path"]
