"""Typed access to a resource's ``attributes``, raising ConfigErrors that name the JSON path.

Every model parses its attributes with these in ``validate_config`` and again in ``new``, so a
bad value is reported as ``components[motor1].attributes.pins.pwm: ...`` before anything opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from viam.config.model import ResourceConfig
from viam.errors import ConfigError

T = TypeVar("T")
_MISSING: Any = object()


class Attrs:
    """A view of one mapping inside ``config.attributes`` at ``prefix`` (``"attributes.pins"``)."""

    def __init__(self, config: ResourceConfig, data: Mapping[str, Any] | None = None,
                 prefix: str = "attributes") -> None:
        self.config = config
        self.data = config.attributes if data is None else data
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}"

    def error(self, message: str, key: str = "") -> ConfigError:
        return self.config.error(message, self.path(key) if key else self.prefix)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def _get(self, key: str, default: Any, what: str) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if default is _MISSING:
                raise self.error(f"{key} is required ({what})", key)
            return default
        return value

    def str(self, key: str, default: Any = _MISSING, *, choices: tuple[str, ...] = ()) -> Any:
        value = self._get(key, default, "a string")
        if value is default:
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number through a protobuf Struct: bus 1 arrives as 1.0
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.error(f"{key} must be a string, got {value!r}", key)
        if choices and value not in choices:
            raise self.error(f"{key} must be one of {', '.join(repr(c) for c in choices)}, got {value!r}", key)
        return value

    def number(self, key: str, default: Any = _MISSING, *, minimum: float | None = None,
               maximum: float | None = None, exclusive_minimum: bool = False) -> Any:
        value = self._get(key, default, "a number")
        if value is default:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"{key} must be a number, got {value!r}", key)
        too_low = minimum is not None and (value <= minimum if exclusive_minimum else value < minimum)
        if too_low or (maximum is not None and value > maximum):
            low = "" if minimum is None else f"{'>' if exclusive_minimum else '>='} {minimum:g}"
            high = "" if maximum is None else f"<= {maximum:g}"
            raise self.error(f"{key} must be {' and '.join(p for p in (low, high) if p)}, got {value!r}", key)
        return value

    def int(self, key: str, default: Any = _MISSING, *, minimum: int | None = None,
            maximum: int | None = None) -> Any:
        """A whole number; JSON numbers arrive as floats through protobuf Structs, and pin and
        bus numbers are often written as strings ("0"), so both are accepted."""
        raw = self.data.get(key)
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            self.data = {**self.data, key: int(raw)}
        value = self.number(key, default, minimum=minimum, maximum=maximum)
        if value is default:
            return value
        if isinstance(value, float):
            if not value.is_integer():
                raise self.error(f"{key} must be a whole number, got {value!r}", key)
            value = int(value)
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"{key} must be true or false, got {value!r}", key)
        return value

    def mapping(self, key: str, *, required: bool = False) -> Attrs:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(f"{key} is required (an object)", key)
            value = {}
        if not isinstance(value, Mapping):
            raise self.error(f"{key} must be an object, got {value!r}", key)
        return Attrs(self.config, value, self.path(key))

    def items(self, key: str) -> list[Attrs]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(f"{key} must be a list of objects, got {value!r}", key)
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, Mapping):
                raise self.error(f"expected an object, got {entry!r}", f"{key}[{index}]")
            out.append(Attrs(self.config, entry, f"{self.path(key)}[{index}]"))
        return out

    def i2c_address(self, key: str, default: Any = _MISSING) -> Any:
        """A 7-bit I2C address, as a number (118) or a hex string ("0x76")."""
        value = self._get(key, default, "an I2C address such as 0x76")
        if value is default:
            return value
        if isinstance(value, str):
            try:
                value = int(value, 0)
            except ValueError:
                raise self.error(f"{key} must be an I2C address such as 0x76 or 118, got {value!r}", key) from None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0x03 <= value <= 0x77:
            raise self.error(f"{key} must be a 7-bit I2C address within 0x03-0x77, got {value!r}", key)
        return value


def warn_unknown(attrs: Attrs, known: tuple[str, ...]) -> list[str]:
    """Warnings for keys of ``attrs`` that the model does not know: accepted, and said to have no effect
    (a config written for a newer reference still starts; nothing is silently ignored)."""
    return [f"{attrs.path(key)}: unknown attribute, it has no effect here" for key in attrs.data
            if key not in known]
