"""Bad attributes are config errors that name the attribute's JSON path and say what is wrong."""

from __future__ import annotations

BOARD = {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi",
         "attributes": {"pins": [{"name": "di", "pin": "37", "type": "interrupt"}]}}


def motor(name: str, **attributes: object) -> dict:
    return {"name": name, "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
            "attributes": {"board": "pi", **attributes}}


async def test_bad_attributes_name_the_attribute(hw_machine) -> None:
    machine = await hw_machine([
        BOARD,
        motor("unknown_pin", pins={"dir": "36", "pwm": "99"}, max_rpm=100),
        motor("power_pin", pins={"dir": "36", "pwm": "2"}, max_rpm=100),
        motor("twice", pins={"a": "11", "b": "io17", "pwm": "12"}, max_rpm=100),
        motor("no_rpm", pins={"dir": "31", "pwm": "33"}),
        motor("no_mode", pins={"pwm": "33"}, max_rpm=100),
        motor("no_tpr", pins={"dir": "36", "pwm": "32"}, encoder="enc"),
        motor("min_max", pins={"dir": "36", "pwm": "32"}, max_rpm=100, max_power_pct=1.5),
        motor("held", pins={"dir": "35", "pwm": "37"}, max_rpm=100),  # valid config, but 37 is the board's
        {"name": "env", "api": "rdk:component:sensor", "model": "rdk:builtin:bme280",
         "attributes": {"i2c_bus": "1", "i2c_addr": "0x99"}},
        {"name": "pwr", "api": "rdk:component:power_sensor", "model": "rdk:builtin:ina219",
         "attributes": {"i2c_bus": "1", "i2c_addr": 0x40, "shunt_resistance": -0.1}},
        {"name": "badpins", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi5",
         "attributes": {"pins": [{"name": "x", "pin": "11", "type": "interrupt"},
                                 {"name": "y", "pin": "GPIO17", "type": "interrupt"}]}},
        {"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": "/dev/video0", "width_px": -640}},
        {"name": "gps", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:gps-nmea",
         "attributes": {"connection_type": "serial", "serial_attributes": {"serial_path": "loop://",
                                                                          "serial_baud_rate": 1234}}},
    ])
    expected = {
        "unknown_pin": ("attributes.pins.pwm", "unknown pin '99'"),
        "power_pin": ("attributes.pins.pwm", "pin 2 on the Raspberry Pi 40-pin header is 5V, not a GPIO"),
        "twice": ("attributes.pins.b", "pin 11 (GPIO17) is already used by attributes.pins.a"),
        "no_rpm": ("attributes.max_rpm", "max_rpm is required for a motor without an encoder"),
        "no_mode": ("attributes.pins", "motor pin config has PWM pin but needs either a direction pin, or A and B"),
        "no_tpr": ("attributes.ticks_per_rotation", "ticks_per_rotation is required with an encoder"),
        "min_max": ("attributes.max_power_pct", "max_power_pct must be between 0.06 and 1.0, got 1.5"),
        "held": ("", "pin 37 (GPIO26) is already used by board 'pi' digital interrupt 'di'"),
        "env": ("attributes.i2c_addr", "7-bit I2C address within 0x03-0x77, got 153"),
        "pwr": ("attributes.shunt_resistance", "shunt_resistance must be >= 0, got -0.1"),
        "badpins": ("attributes.pins[1].pin", "pin 11 (GPIO17) is already used by attributes.pins[0].pin"),
        "cam": ("attributes.width_px", "width_px must be >= 0"),
        "gps": ("attributes.serial_attributes.serial_baud_rate", "serial_baud_rate must be one of"),
    }
    for name, (path, message) in expected.items():
        error = await machine.wait_error(name)
        assert path in error and message in error, f"{name}: {error}"
    await machine.wait_ready("pi")  # the good board is unaffected
