"""The whole stack on the rig: a machine config built from the rig file, and the server's environment.

On a real rig the server uses the real pin factory and buses. On the mock rig the module process
gets the same virtual wiring as the driver-level tests: gpiozero builds its mock pins from the
`hilwired` pin class (an entry point published by a dist-info directory put on PYTHONPATH), the
pins load the rig from `HIL_MOCK_RIG`, and the I2C/SPI chips come from `VIAM_HW_SIM`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hil.mockrig.devices import hw_sim_spec
from hil.rig import Rig

REPO = Path(__file__).resolve().parent.parent
PIN_CLASS_NAME = "hilwired"


def machine_config(rig: Rig, camera_path: str | None = None) -> dict[str, Any]:
    """The viam-server config exercising everything the rig has."""
    pins: list[dict[str, Any]] = []
    if rig.pwm_interrupt:
        pins.append({"name": "di-pwm", "pin": rig.pwm_interrupt.interrupt, "type": "interrupt"})
    if rig.servo and rig.servo.monitor:
        pins.append({"name": "di-servo", "pin": rig.servo.monitor, "type": "interrupt"})
    if rig.gpio_loopbacks:
        pins.append({"name": "di-loop", "pin": rig.gpio_loopbacks[0].inp, "type": "interrupt", "pull": "down"})
    board_attrs: dict[str, Any] = {"pins": pins}
    if rig.pin_factory and not rig.mock:
        board_attrs["pin_factory"] = rig.pin_factory
    if rig.spi_adc:
        adc = rig.spi_adc
        board_attrs["analogs"] = [{"name": "divider", "pin": adc.channel, "spi_bus": adc.bus,
                                   "chip_select": adc.chip_select}]
    components: list[dict[str, Any]] = [
        {"name": "board", "api": "rdk:component:board", "model": rig.board_model, "attributes": board_attrs}
    ]
    if rig.motor:
        m = rig.motor
        components.append({"name": "encoder", "api": "rdk:component:encoder",
                           "model": f"rdk:builtin:{m.encoder_type}",
                           "attributes": {"board": "board", "pins": m.encoder_pins}})
        components.append({"name": "motor", "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
                           "attributes": {"board": "board", "pins": m.pins, "encoder": "encoder",
                                          "ticks_per_rotation": m.ticks_per_rotation, "max_rpm": m.max_rpm,
                                          "pwm_freq": m.pwm_freq_hz}})
    if rig.servo:
        s = rig.servo
        components.append({"name": "servo", "api": "rdk:component:servo", "model": "rdk:builtin:gpio",
                           "attributes": {"board": "board", "pin": s.pin, "frequency_hz": s.frequency_hz,
                                          "min_angle_deg": s.min_angle_deg, "max_angle_deg": s.max_angle_deg,
                                          "min_width_us": s.min_width_us, "max_width_us": s.max_width_us}})
    if rig.camera and camera_path:
        c = rig.camera
        components.append({"name": "camera", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
                           "attributes": {"video_path": camera_path, "width_px": c.width, "height_px": c.height,
                                          "frame_rate": c.fps}})
    for dev in rig.i2c_devices:
        api = {"bme280": "rdk:component:sensor", "ina219": "rdk:component:power_sensor"}.get(dev.type)
        if api:
            components.append({"name": dev.name, "api": api, "model": f"rdk:builtin:{dev.type}",
                               "attributes": {"i2c_bus": str(rig.i2c_bus), "i2c_addr": hex(dev.address)}})
    return {"components": components}


def server_env(rig: Rig, workdir: Path) -> dict[str, str]:
    """Environment for the server (inherited by its module processes)."""
    if not rig.mock:
        return {}
    entry = workdir / "hil-entrypoints"
    dist = entry / "hil_mockrig-0.0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: hil-mockrig\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text(
        f"[gpiozero_mock_pin_classes]\n{PIN_CLASS_NAME} = hil.mockrig.wiring:WiredPin\n"
    )
    sim = workdir / "hw-sim.json"
    sim.write_text(json.dumps(hw_sim_spec(rig)))
    python_path = os.pathsep.join(p for p in (str(entry), str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {
        "GPIOZERO_PIN_FACTORY": "mock",
        "GPIOZERO_MOCK_PIN_CLASS": PIN_CLASS_NAME,
        "HIL_MOCK_RIG": str(rig.path.resolve()),
        "VIAM_HW_SIM": str(sim),
        "PYTHONPATH": python_path,
    }
