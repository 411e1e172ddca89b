"""Fake gantry (``rdk:builtin:fake``): one axis, as rdk's fake gantry; moves at once.

As the reference (components/gantry/fake): one 100 mm axis (its embedded one-joint model),
``length_mm`` sets its length, ``model_path`` names a kinematics JSON file whose one joint's
``max`` is the length (not both: "can only populate either model_path or length_mm - not
both"; a negative length_mm: "length_mm must be positive, got -1"; a model with other than one
joint: "gantry model must have exactly one degree of freedom, got 2"); it starts half way;
MoveToPosition outside 0..length fails "position 120 out of range [0, 100]" and otherwise moves
at once; Home answers true; never moving.
Ours: ``lengths_mm`` (a list, one entry per axis) makes a gantry of several axes, each starting
half way; a URDF ``model_path`` is refused (JSON only); with ``model_path`` or ``lengths_mm`` no
geometries are reported (with the embedded model, the reference's carriage box); DoCommand echoes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.gantry.api import Gantry
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, ViamError
from viam.gen.common.v1 import common_pb2
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_LENGTH_MM = 100.0  # the reference's embedded model: one prismatic joint, 0..100 mm
CARRIAGE_MM = (50.0, 50.0, 10.0)  # its carriage link's box,
CARRIAGE_OFFSET_Z_MM = 5.0  # offset 5 mm up from the carriage frame,
CARRIAGE_BASE_X_MM = -50.0  # whose base link is 50 mm back along x from the gantry's origin


def _go_float(value: float) -> str:
    """A float as Go's %v prints it (shortest form; 1e+06 style from 21 digits or 1e6 up)."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" not in text and abs(value) >= 1e6 and float(value).is_integer():
        mantissa, exponent = f"{value:e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{exponent[0]}{int(exponent[1:]):02d}"
    return text


class FakeGantry(Gantry):
    ATTRIBUTES: tuple[str, ...] = ("length_mm", "model_path", "lengths_mm")

    def __init__(self, name: str, lengths_mm: list[float] | None = None, *, carriage: bool = True) -> None:
        super().__init__(name)
        self.carriage = carriage  # the reference's embedded model's carriage box
        self.lengths = list(lengths_mm) if lengths_mm is not None else [DEFAULT_LENGTH_MM]
        self.positions = [length / 2 for length in self.lengths]
        self.speeds = [50.0] * len(self.lengths)

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _lengths(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeGantry:
        lengths = _lengths(config)
        embedded = not config.attributes.get("model_path") and not config.attributes.get("lengths_mm")
        return cls(config.name, lengths, carriage=embedded)

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        """The embedded model's carriage: a 50 x 50 x 10 mm box centred 5 mm above the joint, whose
        base sits 50 mm before the gantry's origin on x (labelled ``<name>:carriage``, as the reference)."""
        if not self.carriage:
            return []
        x, y, z = CARRIAGE_MM
        return [common_pb2.Geometry(
            center=common_pb2.Pose(x=CARRIAGE_BASE_X_MM + self.positions[0], z=CARRIAGE_OFFSET_Z_MM, o_z=1.0),
            label=f"{self.name}:carriage", box=common_pb2.RectangularPrism(dims_mm=common_pb2.Vector3(x=x, y=y, z=z)))]

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> list[float]:
        return list(self.positions)

    async def move_to_position(self, positions: list[float], speeds: list[float], *, extra: Extra = None,
                               timeout: float | None = None, **kwargs: Any) -> None:
        if len(positions) != len(self.lengths):
            raise InvalidArgumentError(f"gantry {self.name!r} has {len(self.lengths)} axes, got "
                                       f"{len(positions)} positions")
        for position, length in zip(positions, self.lengths, strict=True):
            if position < 0 or position > length:
                raise ViamError(f"position {_go_float(position)} out of range [0, {_go_float(length)}]")
        self.positions, self.speeds = list(positions), list(speeds)

    async def home(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return True

    async def get_lengths(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> list[float]:
        return list(self.lengths)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        pass

    async def is_moving(self) -> bool:
        return False

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"positions_mm": self.positions, "lengths_mm": self.lengths, "is_moving": False}


def _model_length(config: ResourceConfig, path: str) -> float:
    """The one joint's ``max`` of a kinematics JSON file (the reference's KinematicModelFromFile)."""
    import json
    from pathlib import Path

    if not path.endswith(".json"):
        raise config.error(f"model_path {path!r}: only kinematics JSON files are read here", "attributes.model_path")
    try:
        model = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise config.error(f"model_path {path!r}: {exc}", "attributes.model_path") from None
    joints = model.get("joints") if isinstance(model, dict) else None
    joints = joints if isinstance(joints, list) else []
    if len(joints) != 1:
        raise config.error(f"gantry model must have exactly one degree of freedom, got {len(joints)}",
                           "attributes.model_path")
    maximum = joints[0].get("max") if isinstance(joints[0], dict) else None
    if not isinstance(maximum, int | float) or isinstance(maximum, bool):
        raise config.error(f"model_path {path!r}: joint has no numeric max", "attributes.model_path")
    return float(maximum)


def _lengths(config: ResourceConfig) -> list[float] | None:
    attrs = config.attributes
    length_mm = attrs.get("length_mm", 0)
    if not isinstance(length_mm, int | float) or isinstance(length_mm, bool):
        raise config.error(f"length_mm must be a number, got {length_mm!r}", "attributes.length_mm")
    model_path = attrs.get("model_path") or ""
    if not isinstance(model_path, str):
        raise config.error(f"model_path must be a file path, got {model_path!r}", "attributes.model_path")
    if model_path and length_mm:
        raise config.error("can only populate either model_path or length_mm - not both", "attributes.model_path")
    if length_mm < 0:
        raise config.error(f"length_mm must be positive, got {_go_float(length_mm)}", "attributes.length_mm")
    value = attrs.get("lengths_mm")
    if value is not None and (model_path or length_mm):
        raise config.error("lengths_mm (ours, several axes) cannot be combined with length_mm or model_path",
                           "attributes.lengths_mm")
    if model_path:
        return [_model_length(config, model_path)]
    if length_mm:
        return [float(length_mm)]
    if value is None:
        return None
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)):
        raise config.error(f"lengths_mm must be a list of positive numbers, got {value!r}", "attributes.lengths_mm")
    return [float(v) for v in value]
