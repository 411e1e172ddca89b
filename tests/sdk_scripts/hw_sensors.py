"""BME280, INA219, NMEA GPS (loop://) and webcam via the official SDK (simulated chips, video file).

Expects tests/hardware/test_official_sdk.py's config: sensor "env", power sensor "power",
movement sensor "gps" on loop://, camera "cam" at 160x120.
"""

import asyncio
import struct

from sdk_common import check, connect

from viam.components.camera import Camera
from viam.components.movement_sensor import MovementSensor
from viam.components.power_sensor import PowerSensor
from viam.components.sensor import Sensor

GGA = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"


def jpeg_size(data: bytes) -> tuple[int, int]:
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no SOF segment")


async def main() -> None:
    robot = await connect()
    try:
        readings = await Sensor.from_robot(robot, "env").get_readings()
        # viam-modules/bosch keys and units: pressure_mpa holds hPa
        check(abs(readings["temperature_celsius"] - 25.0825) < 1e-4, f"BME280 temperature {readings}")
        check(abs(readings["pressure_mpa"] - 1006.5327) < 1e-4, f"BME280 pressure {readings}")
        check(abs(readings["dew_point_celsius"] - 9.8981) < 1e-4, f"BME280 dew point {readings}")
        power = PowerSensor.from_robot(robot, "power")
        volts, is_ac = await power.get_voltage()
        amps, _ = await power.get_current()
        watts = await power.get_power()
        # viam-modules/texas-instruments arithmetic, 0.1 ohm: 4095 x 97656 nA, 2457 x 1953125 nW
        check(volts == 12 and not is_ac and amps == 0.39990132 and watts == 4.798828125,
              f"INA219 {volts} V {amps} A {watts} W")
        check(await power.get_readings() == {"volts": volts, "amps": amps, "is_ac": False, "watts": watts},
              "INA219 readings")

        gps = MovementSensor.from_robot(robot, "gps")
        await gps.do_command({"write": GGA})
        for _ in range(100):
            try:
                point, altitude = await gps.get_position()
                break
            except Exception:  # no fix until the reader has the sentence
                await asyncio.sleep(0.02)
        check(abs(point.latitude - 48.1173) < 1e-6 and abs(point.longitude - (11 + 31 / 60)) < 1e-6,
              f"GPS position {point}")
        props = await gps.get_properties()
        check(props.position_supported and not props.orientation_supported, f"GPS properties {props}")

        camera = Camera.from_robot(robot, "cam")
        images, _ = await camera.get_images()
        check(images[0].mime_type == "image/jpeg", f"mime {images[0].mime_type}")
        check(jpeg_size(images[0].data) == (160, 120), f"JPEG size {jpeg_size(images[0].data)}")
        camera_props = await camera.get_properties()
        # rdk webcam: no intrinsics unless configured; frame rate 30 when not configured
        check(camera_props.intrinsic_parameters.width_px == 0 and camera_props.frame_rate == 30,
              f"properties {camera_props}")
        print("ok")
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
