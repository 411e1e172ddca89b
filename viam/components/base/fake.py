"""Fake base (``rdk:builtin:fake``): accepts every command at once, as the reference's fake does.

It reports the reference fake's properties (0.6 m wide, turning radius 0, wheel circumference 0)
and, as the reference, the config's ``frame.geometry`` as its geometry. Ours: it remembers the
last command in ``get_status`` so a test or a control page can see what reached it; attributes
``width_mm`` (default 600) and ``wheel_circumference_mm`` (default 0) override the properties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.base.api import Base, BaseProperties, Vector3
from viam.components.frame_geometry import frame_geometries
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_WIDTH_MM = 600


def _vector(v: Vector3) -> dict[str, float]:
    return {"x": v.x, "y": v.y, "z": v.z}


class FakeBase(Base):
    """Does nothing but record; ``is_moving`` is always False (the reference fake's behaviour)."""

    ATTRIBUTES: tuple[str, ...] = ("width_mm", "wheel_circumference_mm")

    def __init__(self, name: str, *, width_mm: float = DEFAULT_WIDTH_MM, wheel_circumference_mm: float = 0.0,
                 geometries: list[Any] | None = None) -> None:
        super().__init__(name)
        self.geometries = list(geometries or [])
        self.width_mm = width_mm
        self.wheel_circumference_mm = wheel_circumference_mm
        self.last_command: dict[str, Any] = {}

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        frame_geometries(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeBase:
        return cls(config.name, **_parse(config), geometries=frame_geometries(config))

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        return list(self.geometries)

    async def move_straight(self, distance: int, velocity: float, *, extra: Extra = None,
                            timeout: float | None = None, **kwargs: Any) -> None:
        self.last_command = {"move_straight": {"distance_mm": distance, "mm_per_sec": velocity}}

    async def spin(self, angle: float, velocity: float, *, extra: Extra = None, timeout: float | None = None,
                   **kwargs: Any) -> None:
        self.last_command = {"spin": {"angle_deg": angle, "degs_per_sec": velocity}}

    async def set_power(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                        timeout: float | None = None, **kwargs: Any) -> None:
        self.last_command = {"set_power": {"linear": _vector(linear), "angular": _vector(angular)}}

    async def set_velocity(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> None:
        self.last_command = {"set_velocity": {"linear": _vector(linear), "angular": _vector(angular)}}

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self.last_command = {"stop": {}}

    async def is_moving(self) -> bool:
        return False

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> BaseProperties:
        return BaseProperties(width_meters=self.width_mm / 1000.0, turning_radius_meters=0.0,
                              wheel_circumference_meters=self.wheel_circumference_mm / 1000.0)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"is_moving": False, "last_command": self.last_command}


def _parse(config: ResourceConfig) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, default in (("width_mm", DEFAULT_WIDTH_MM), ("wheel_circumference_mm", 0.0)):
        value = config.attributes.get(key, default)
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise config.error(f"{key} must be a number of millimetres >= 0, got {value!r}", f"attributes.{key}")
        out[key] = float(value)
    return out
