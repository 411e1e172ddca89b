"""Hardware access behind small interfaces: GPIO/PWM, I2C, SPI, serial and cameras.

Every hardware kind has an interface with a real backend and an in-memory one shipped here
(`GpioBackend` over gpiozero pin factories, `I2CBus`, `SPIDevice`, `SerialLink`,
`FrameSource`). Importing any of these modules never opens a device: backends are opened by
explicit calls. No Viam types appear here; `builtin_modules` adapts these to Viam APIs.
"""

from drivers.errors import DriverError

__all__ = ["DriverError"]
