"""The mock rig: virtual wiring between mock pins, simulated devices, and the module-process setup."""
