"""Per-resource data capture configs: ``service_configs: [{type: "data_manager", attributes: {...}}]``.

The methods that can be captured per API are the reference's (rdk's collectors); DoCommand can be
captured on any resource. Validation names the JSON path of the bad field, e.g.
``components[0].service_configs[0].attributes.capture_methods[1].capture_frequency_hz``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from viam.errors import ConfigError
from viam.resource.names import API

DO_COMMAND = "DoCommand"
# API -> methods the data manager knows how to capture (besides DoCommand).
CAPTURE_METHODS: dict[str, tuple[str, ...]] = {
    "rdk:component:sensor": ("Readings",),
    "rdk:component:camera": ("GetImages", "ReadImage", "NextPointCloud"),
    "rdk:component:motor": ("Position", "IsPowered"),
    "rdk:component:encoder": ("TicksCount",),
    "rdk:component:movement_sensor": ("Position", "LinearVelocity", "AngularVelocity", "CompassHeading",
                                      "LinearAcceleration", "Orientation", "Readings"),
    "rdk:component:power_sensor": ("Voltage", "Current", "Power", "Readings"),
    "rdk:component:board": ("Analogs", "Gpios"),
    "rdk:component:servo": ("Position",),
}
SERVICE_CONFIG_TYPES = {"data_manager", "rdk:service:data_manager"}
_METHOD_KEYS = {"method", "capture_frequency_hz", "additional_params", "disabled", "tags", "capture_queue_size",
                "capture_buffer_size", "capture_directory", "name", "cache_size_kb"}


@dataclass(frozen=True)
class CaptureMethod:
    """One ``capture_methods`` entry of one resource."""

    method: str
    capture_frequency_hz: float
    additional_params: dict[str, Any] = field(default_factory=dict)
    disabled: bool = False
    json_path: str = ""

    def key(self) -> tuple[str, float, str, bool]:
        """What identifies a collector's behaviour (a change restarts the collector)."""
        return (self.method, self.capture_frequency_hz, repr(sorted(self.additional_params.items())), self.disabled)


def known_methods(api: API) -> tuple[str, ...]:
    return (*CAPTURE_METHODS.get(str(api), ()), DO_COMMAND)


def parse_service_configs(value: Any, api: API, path: str) -> list[CaptureMethod]:
    """Validate ``service_configs`` of one resource; return its data manager capture methods."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"expected a list, got {_kind(value)}", path=path)
    methods: list[CaptureMethod] = []
    for index, entry in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"expected an object, got {_kind(entry)}", path=where)
        kind = entry.get("type")
        if not isinstance(kind, str) or not kind:
            raise ConfigError("missing required field 'type' (e.g. \"data_manager\")", path=where)
        if kind not in SERVICE_CONFIG_TYPES:
            continue  # other services' associated configs are not ours to judge
        attributes = entry.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise ConfigError(f"expected an object, got {_kind(attributes)}", path=f"{where}.attributes")
        capture = attributes.get("capture_methods") or []
        if not isinstance(capture, list):
            raise ConfigError(f"expected a list, got {_kind(capture)}", path=f"{where}.attributes.capture_methods")
        for m_index, method_entry in enumerate(capture):
            methods.append(_parse_method(method_entry, api, f"{where}.attributes.capture_methods[{m_index}]"))
    seen: dict[str, str] = {}
    for method in methods:
        ident = f"{method.method}{sorted(method.additional_params.items())!r}"
        if ident in seen and not method.disabled:
            raise ConfigError(f"method {method.method!r} is configured twice (first at {seen[ident]})",
                              path=method.json_path)
        seen[ident] = method.json_path
    return methods


def _parse_method(entry: Any, api: API, path: str) -> CaptureMethod:
    if not isinstance(entry, dict):
        raise ConfigError(f"expected an object, got {_kind(entry)}", path=path)
    method = entry.get("method")
    if not isinstance(method, str) or not method:
        raise ConfigError("missing required field 'method'", path=path)
    if method not in known_methods(api):
        raise ConfigError(f"unknown capture method {method!r} for {api} (known: {', '.join(known_methods(api))})",
                          path=f"{path}.method")
    hz = entry.get("capture_frequency_hz", 0)
    if isinstance(hz, bool) or not isinstance(hz, int | float) or not math.isfinite(hz):
        raise ConfigError(f"expected a number, got {_kind(hz)}", path=f"{path}.capture_frequency_hz")
    if hz < 0:
        raise ConfigError(f"capture_frequency_hz must not be negative, got {hz}", path=f"{path}.capture_frequency_hz")
    params = entry.get("additional_params") or {}
    if not isinstance(params, dict):
        raise ConfigError(f"expected an object, got {_kind(params)}", path=f"{path}.additional_params")
    disabled = entry.get("disabled", False)
    if not isinstance(disabled, bool):
        raise ConfigError(f"expected a boolean, got {_kind(disabled)}", path=f"{path}.disabled")
    if method == DO_COMMAND and not disabled and not isinstance(params.get("docommand_input"), dict):
        raise ConfigError("DoCommand capture needs additional_params.docommand_input (an object)",
                          path=f"{path}.additional_params")
    if method == "Analogs" and not isinstance(params.get("reader_name"), str):
        raise ConfigError("Analogs capture needs additional_params.reader_name", path=f"{path}.additional_params")
    if method == "Gpios" and not isinstance(params.get("pin_name"), str):
        raise ConfigError("Gpios capture needs additional_params.pin_name", path=f"{path}.additional_params")
    return CaptureMethod(method=method, capture_frequency_hz=float(hz), additional_params=dict(params),
                         disabled=disabled, json_path=path)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)
