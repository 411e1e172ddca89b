"""The rig description: what is wired on the bench, loaded from a YAML file.

A rig file lists only what exists; every section is optional, and a test needing a missing
section is skipped with the wiring that would enable it (`hil.features`). Pins are named as
the board module names them: physical header numbers as strings ("11"). Errors name the file
and the key path (`motor.encoder.pins.a`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hil.errors import RigFileError

# Tolerances used when the rig file does not state its own (real hardware, Pi 4 bench).
DEFAULT_TOLERANCES: dict[str, float] = {
    "pwm_frequency_pct": 2.0,  # measured PWM frequency vs set, percent
    "pwm_duty_abs": 0.02,  # measured duty vs set, absolute (0..1)
    "adc_v": 0.05,  # divider voltage, volts
    "camera_fps_pct": 15.0,  # frame rate vs configured, percent
    "motor_position_rev": 0.05,  # GoFor end position vs target, revolutions
    "servo_pulse_us": 20.0,  # measured servo pulse width vs expected, microseconds
}


@dataclass(frozen=True)
class Loopback:
    """A jumper from an output pin to an input pin."""

    out: str
    inp: str


@dataclass(frozen=True)
class PwmInterrupt:
    """A PWM-capable pin wired to an interrupt pin, for measuring frequency and duty."""

    pwm: str
    interrupt: str


@dataclass(frozen=True)
class Motor:
    """A DC motor on a driver board, with an encoder on its shaft."""

    driver: str  # driver board, for the parts list ("L298N", "TB6612FNG")
    pins: dict[str, str]  # a, b, pwm, dir: as the `rdk:builtin:gpio` motor takes them
    encoder_type: str  # "incremental" (pins a, b) or "single" (pin i)
    encoder_pins: dict[str, str]
    ticks_per_rotation: int
    max_rpm: float
    pwm_freq_hz: int = 1000


@dataclass(frozen=True)
class Servo:
    """A hobby servo on a PWM pin; `monitor` is an interrupt pin wired to its signal line."""

    pin: str
    monitor: str | None = None
    frequency_hz: int = 50
    min_angle_deg: float = 0.0
    max_angle_deg: float = 180.0
    min_width_us: int = 500
    max_width_us: int = 2500


@dataclass(frozen=True)
class I2CDevice:
    """A device on an I2C bus, with the range its readings must fall in."""

    type: str  # "bme280", "ina219", "ads1115"
    address: int
    name: str


@dataclass(frozen=True)
class SpiAdc:
    """An SPI ADC channel reading a resistor divider across a known supply."""

    chip: str
    bus: int
    chip_select: int
    channel: int
    vref_v: float
    supply_v: float
    r_top_ohms: float
    r_bottom_ohms: float

    @property
    def expected_v(self) -> float:
        """What the divider should put on the channel."""
        return self.supply_v * self.r_bottom_ohms / (self.r_top_ohms + self.r_bottom_ohms)


@dataclass(frozen=True)
class SerialLoopback:
    """A serial port with its TX jumpered to its RX."""

    port: str  # device path; "pty" on the mock rig
    baudrate: int
    bytes: int  # how much random data the loopback test sends


@dataclass(frozen=True)
class Camera:
    """A camera: a V4L2 device, or (mock rig) "generated" for a video file made at test time."""

    video_path: str
    width: int
    height: int
    fps: float


@dataclass(frozen=True)
class Power:
    """Power control of the device under test: labgrid, shell commands, or a person."""

    driver: str  # "labgrid", "command" or "manual"
    on: str | None = None  # command (driver "command") or labgrid resource name
    off: str | None = None


@dataclass(frozen=True)
class Appliance:
    """What the appliance-level tests need: image flashing, a second Wi-Fi radio, the device address."""

    image: str | None = None
    sd_mux: str | None = None  # labgrid SD-mux resource name, or "manual"
    wifi_radio: str | None = None  # test-host interface that joins the provisioning hotspot
    test_network: dict[str, str] = field(default_factory=dict)  # {ssid, psk} the device must join
    device_host: str | None = None  # where the device answers once on the test network


@dataclass
class Rig:
    """A whole rig. `mock` rigs run on virtual wiring (hil.mockrig)."""

    path: Path
    name: str
    board_model: str
    mock: bool
    pin_factory: str | None = None
    gpio_loopbacks: list[Loopback] = field(default_factory=list)
    pwm_interrupt: PwmInterrupt | None = None
    motor: Motor | None = None
    servo: Servo | None = None
    i2c_bus: int = 1
    i2c_devices: list[I2CDevice] = field(default_factory=list)
    spi_adc: SpiAdc | None = None
    serial_loopback: SerialLoopback | None = None
    camera: Camera | None = None
    power: Power | None = None
    appliance: Appliance | None = None
    tolerances: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TOLERANCES))
    interrupt_rate_hz: float = 1000.0
    interrupt_pulses: int = 1000
    server_address: str | None = None  # a running server to test instead of starting one
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def tolerance(self, key: str) -> float:
        """Return the tolerance `key` (see DEFAULT_TOLERANCES)."""
        return self.tolerances[key]

    def i2c_device(self, type_: str) -> I2CDevice | None:
        """Return the first I2C device of a type, or None."""
        return next((d for d in self.i2c_devices if d.type == type_), None)


class _Reader:
    """Typed access to one mapping of the YAML document; errors name the file and key path."""

    def __init__(self, path: Path, data: Any, where: str) -> None:
        self.path, self.where = path, where
        if not isinstance(data, dict):
            self.fail(f"must be a mapping, not {type(data).__name__}")
        self.data: dict[str, Any] = data

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def fail(self, message: str, name: str | None = None) -> None:
        where = self.key(name) if name else (self.where or "top level")
        raise RigFileError(f"{self.path}: {where}: {message}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        if name not in self.data or self.data[name] is None:
            if required or default is ...:
                self.fail("is required", name)
            return default
        value = self.data[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds)
            self.fail(f"must be {names}, not {value!r}", name)
        return value

    def pin(self, name: str, default: Any = ...) -> Any:
        value = self.get(name, (str, int), default)
        return None if value is None else str(value)

    def sub(self, name: str) -> _Reader | None:
        if self.data.get(name) is None:
            return None
        return _Reader(self.path, self.data[name], self.key(name))

    def pins(self, name: str, allowed: set[str]) -> dict[str, str]:
        sub = self.sub(name)
        if sub is None:
            self.fail("is required", name)
        assert sub is not None
        unknown = set(sub.data) - allowed
        if unknown:
            sub.fail(f"unknown pin role(s) {sorted(unknown)} (allowed: {sorted(allowed)})")
        return {role: str(pin) for role, pin in sub.data.items()}

    def unknown(self, known: set[str]) -> None:
        extra = set(self.data) - known
        if extra:
            self.fail(f"unknown key(s) {sorted(extra)} (known: {sorted(known)})")


def load_rig(path: str | Path) -> Rig:
    """Load and validate a rig file.

    Raises:
        RigFileError: unreadable file, bad YAML, or a bad key (named with its path).
    """
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as e:
        raise RigFileError(f"cannot read rig file {path}: {e.strerror or e}") from e
    except yaml.YAMLError as e:
        raise RigFileError(f"{path}: not valid YAML: {e}") from e
    return parse_rig(data, path)


TOP_KEYS = {
    "name", "mock", "board", "gpio_loopbacks", "pwm_interrupt", "motor", "servo", "i2c", "spi_adc",
    "serial_loopback", "camera", "power", "appliance", "tolerances", "interrupts", "server", "simulation",
}  # fmt: skip


def parse_rig(data: Any, path: Path) -> Rig:
    """Build a Rig from a parsed YAML document (see `load_rig`)."""
    top = _Reader(path, data, "")
    top.unknown(TOP_KEYS)
    board = top.sub("board")
    if board is None:
        top.fail("is required (board: {model: viam:raspberry-pi:rpi4})", "board")
    assert board is not None
    rig = Rig(
        path=path,
        name=top.get("name", str, path.stem),
        board_model=board.get("model", str, required=True),
        mock=top.get("mock", bool, False),
        pin_factory=board.get("pin_factory", str, None),
        raw=data,
    )
    for i, item in enumerate(top.get("gpio_loopbacks", list, [])):
        loop = _Reader(path, item, f"gpio_loopbacks[{i}]")
        rig.gpio_loopbacks.append(Loopback(out=loop.pin("out"), inp=loop.pin("in")))
    if (sub := top.sub("pwm_interrupt")) is not None:
        rig.pwm_interrupt = PwmInterrupt(pwm=sub.pin("pwm"), interrupt=sub.pin("interrupt"))
    if (sub := top.sub("motor")) is not None:
        rig.motor = _motor(sub)
    if (sub := top.sub("servo")) is not None:
        rig.servo = Servo(
            pin=sub.pin("pin"), monitor=sub.pin("monitor", None), frequency_hz=sub.get("frequency_hz", int, 50),
            min_angle_deg=sub.get("min_angle_deg", float, 0.0), max_angle_deg=sub.get("max_angle_deg", float, 180.0),
            min_width_us=sub.get("min_width_us", int, 500), max_width_us=sub.get("max_width_us", int, 2500),
        )  # fmt: skip
    if (sub := top.sub("i2c")) is not None:
        rig.i2c_bus = sub.get("bus", int, 1)
        for i, item in enumerate(sub.get("devices", list, [])):
            dev = _Reader(path, item, f"i2c.devices[{i}]")
            type_ = dev.get("type", str, required=True).lower()
            if type_ not in ("bme280", "ina219", "ads1115"):
                dev.fail(f"unknown device type {type_!r} (known: bme280, ina219, ads1115)", "type")
            address = dev.get("address", int, required=True)
            if not 0x03 <= address <= 0x77:
                dev.fail(f"must be a 7-bit address 0x03-0x77, not {address:#x}", "address")
            rig.i2c_devices.append(I2CDevice(type_, address, dev.get("name", str, type_)))
    if (sub := top.sub("spi_adc")) is not None:
        divider = sub.sub("divider")
        if divider is None:
            sub.fail("is required ({supply_v, r_top_ohms, r_bottom_ohms})", "divider")
        assert divider is not None
        rig.spi_adc = SpiAdc(
            chip=sub.get("chip", str, "mcp3008"), bus=sub.get("bus", int, 0),
            chip_select=sub.get("chip_select", int, 0),
            channel=sub.get("channel", int, required=True), vref_v=sub.get("vref_v", float, 3.3),
            supply_v=divider.get("supply_v", float, required=True),
            r_top_ohms=divider.get("r_top_ohms", float, required=True),
            r_bottom_ohms=divider.get("r_bottom_ohms", float, required=True),
        )  # fmt: skip
    if (sub := top.sub("serial_loopback")) is not None:
        rig.serial_loopback = SerialLoopback(
            port=sub.get("port", str, required=True), baudrate=sub.get("baudrate", int, 115200),
            bytes=sub.get("bytes", int, 1 << 20),
        )  # fmt: skip
    if (sub := top.sub("camera")) is not None:
        rig.camera = Camera(
            video_path=sub.get("video_path", str, required=True), width=sub.get("width", int, 640),
            height=sub.get("height", int, 480), fps=sub.get("fps", float, 30.0),
        )  # fmt: skip
    if (sub := top.sub("power")) is not None:
        driver = sub.get("driver", str, required=True)
        if driver not in ("labgrid", "command", "manual"):
            sub.fail(f"must be labgrid, command or manual, not {driver!r}", "driver")
        rig.power = Power(driver=driver, on=sub.get("on", str, None), off=sub.get("off", str, None))
    if (sub := top.sub("appliance")) is not None:
        rig.appliance = Appliance(
            image=sub.get("image", str, None), sd_mux=sub.get("sd_mux", str, None),
            wifi_radio=sub.get("wifi_radio", str, None), test_network=sub.get("test_network", dict, {}),
            device_host=sub.get("device_host", str, None),
        )  # fmt: skip
    if (sub := top.sub("tolerances")) is not None:
        sub.unknown(set(DEFAULT_TOLERANCES))
        for key in sub.data:
            rig.tolerances[key] = sub.get(key, float)
    if (sub := top.sub("interrupts")) is not None:
        rig.interrupt_rate_hz = sub.get("rate_hz", float, 1000.0)
        rig.interrupt_pulses = sub.get("pulses", int, 1000)
    if (sub := top.sub("server")) is not None:
        rig.server_address = sub.get("address", str, None)
    return rig


def _motor(sub: _Reader) -> Motor:
    encoder = sub.sub("encoder")
    if encoder is None:
        sub.fail("is required (the GoFor test closes the loop on it)", "encoder")
    assert encoder is not None
    enc_type = encoder.get("type", str, "incremental")
    if enc_type not in ("incremental", "single"):
        encoder.fail(f"must be incremental or single, not {enc_type!r}", "type")
    pins = sub.pins("pins", {"a", "b", "pwm", "dir"})
    if not ({"a", "b"} <= set(pins) or {"dir", "pwm"} <= set(pins)):
        sub.fail("needs a and b (optionally pwm), or dir and pwm", "pins")
    return Motor(
        driver=sub.get("driver", str, "H-bridge"), pins=pins, encoder_type=enc_type,
        encoder_pins=encoder.pins("pins", {"a", "b"} if enc_type == "incremental" else {"i"}),
        ticks_per_rotation=encoder.get("ticks_per_rotation", int, required=True),
        max_rpm=sub.get("max_rpm", float, required=True), pwm_freq_hz=sub.get("pwm_freq_hz", int, 1000),
    )  # fmt: skip
