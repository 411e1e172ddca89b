"""Rig features a test can declare, and the wiring that enables each one.

A test marked `@pytest.mark.rig("gpio_loopback")` runs only when the rig has that feature;
otherwise it is skipped with the `enable` text below, so the skip reason says what to wire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hil.rig import Rig


@dataclass(frozen=True)
class Feature:
    """A named capability of a rig."""

    name: str
    present: Callable[[Rig], bool]
    enable: str  # what to wire and declare to get it


def _i2c(type_: str) -> Callable[[Rig], bool]:
    return lambda rig: rig.i2c_device(type_) is not None


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("gpio_loopback", lambda r: bool(r.gpio_loopbacks),
                "jumper an output pin to an input pin and list it: gpio_loopbacks: [{out: '11', in: '13'}]"),
        Feature("pwm_interrupt", lambda r: r.pwm_interrupt is not None,
                "jumper a hardware-PWM pin to an interrupt pin: pwm_interrupt: {pwm: '12', interrupt: '18'}"),
        Feature("motor_encoder", lambda r: r.motor is not None,
                "connect a DC motor through a driver with a shaft encoder: motor: {pins: ..., encoder: ...}"),
        Feature("servo", lambda r: r.servo is not None, "connect a servo signal to a PWM pin: servo: {pin: '32'}"),
        Feature("servo_monitor", lambda r: r.servo is not None and r.servo.monitor is not None,
                "also jumper the servo signal to an interrupt pin: servo: {pin: '32', monitor: '36'}"),
        Feature("i2c", lambda r: bool(r.i2c_devices),
                "attach I2C devices to pins 3/5 and list them: i2c: {bus: 1, devices: [{type: bme280, ...}]}"),
        Feature("bme280", _i2c("bme280"), "attach a BME280 and list it: i2c.devices: [{type: bme280, address: 0x76}]"),
        Feature("ina219", _i2c("ina219"), "attach an INA219 and list it: i2c.devices: [{type: ina219, address: 0x40}]"),
        Feature("spi_adc", lambda r: r.spi_adc is not None,
                "wire an MCP3008 to SPI0 with a resistor divider on a channel: spi_adc: {channel: 0, divider: ...}"),
        Feature("serial_loopback", lambda r: r.serial_loopback is not None,
                "jumper TXD (pin 8) to RXD (pin 10): serial_loopback: {port: /dev/ttyAMA0, baudrate: 115200}"),
        Feature("camera", lambda r: r.camera is not None,
                "plug in a USB camera: camera: {video_path: /dev/video0, width: 640, height: 480, fps: 30}"),
        Feature("power_control", lambda r: r.power is not None,
                "put the device's supply on a switchable outlet: power: {driver: labgrid|command|manual, ...}"),
        Feature("sd_mux", lambda r: r.appliance is not None and bool(r.appliance.sd_mux and r.appliance.image),
                "put the SD card in an SD-mux and name the image: appliance: {sd_mux: <labgrid resource>, image: ...}"),
        Feature("wifi_radio", lambda r: r.appliance is not None and bool(r.appliance.wifi_radio),
                "give the test host a second Wi-Fi radio: appliance: {wifi_radio: wlan1, test_network: {...}}"),
        Feature("device_host", lambda r: r.appliance is not None and bool(r.appliance.device_host),
                "say where the device answers on the test network: appliance: {device_host: 10.42.0.2}"),
        Feature("real_hardware", lambda r: not r.mock, "run on a real bench rig (mock rigs cannot prove this)"),
    )
}  # fmt: skip


def missing(rig: Rig | None, names: tuple[str, ...]) -> str | None:
    """Return the skip reason when `rig` lacks one of the features `names`, else None.

    Raises:
        KeyError: a test named a feature that does not exist (a typo in the test).
    """
    for name in names:
        if name not in FEATURES:
            raise KeyError(f"unknown rig feature {name!r} (known: {', '.join(sorted(FEATURES))})")
    if rig is None:
        return "no rig file: run with --rig hil/rigs/<rig>.yaml (see docs/hil.md)"
    for name in names:
        feature = FEATURES[name]
        if not feature.present(rig):
            return f"rig {rig.name!r} has no {name}: {feature.enable}"
    return None
