"""A resource's ``frame.geometry`` from its config, as ``common.v1.Geometry`` (what rdk's fakes report).

The reference's GeometryConfig: ``type`` box (``x``, ``y``, ``z`` mm), sphere (``r``), capsule
(``r``, ``l``; ``l`` = 2 ``r`` is a sphere) or point; no type infers box from x/y/z, capsule from
``l``, else sphere from ``r``; ``translation`` and ``orientation`` offset it, ``label`` names it.
Here orientations are ``ov_degrees`` only (others are a config error naming the path).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from viam.config.model import ResourceConfig
from viam.gen.common.v1 import common_pb2

PATH = "frame.geometry"


def _number(config: ResourceConfig, data: Mapping[str, Any], key: str, path: str) -> float:
    value = data.get(key, 0)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise config.error(f"{key} must be a number, got {value!r}", f"{path}.{key}")
    return float(value)


def _center(config: ResourceConfig, geometry: Mapping[str, Any]) -> common_pb2.Pose:
    translation = geometry.get("translation") or {}
    if not isinstance(translation, Mapping):
        raise config.error(f"translation must be an object, got {translation!r}", f"{PATH}.translation")
    x, y, z = (_number(config, translation, k, f"{PATH}.translation") for k in ("x", "y", "z"))
    orientation = geometry.get("orientation") or {}
    if not isinstance(orientation, Mapping):
        raise config.error(f"orientation must be an object, got {orientation!r}", f"{PATH}.orientation")
    ov = (0.0, 0.0, 1.0, 0.0)
    if orientation:
        kind = orientation.get("type", "ov_degrees")
        if kind != "ov_degrees":
            raise config.error(f"orientation type {kind!r} is not supported here (ov_degrees)",
                               f"{PATH}.orientation.type")
        value = orientation.get("value") or {}
        if not isinstance(value, Mapping):
            raise config.error(f"value must be an object, got {value!r}", f"{PATH}.orientation.value")
        ox, oy, oz, theta = (_number(config, value, k, f"{PATH}.orientation.value") for k in ("x", "y", "z", "th"))
        norm = math.sqrt(ox * ox + oy * oy + oz * oz)
        ov = (ox / norm, oy / norm, oz / norm, theta) if norm else (0.0, 0.0, 1.0, theta)
    return common_pb2.Pose(x=x, y=y, z=z, o_x=ov[0], o_y=ov[1], o_z=ov[2], theta=ov[3])


def frame_geometries(config: ResourceConfig) -> list[common_pb2.Geometry]:
    """The configured frame's geometry (none without one); raises ConfigError naming the path."""
    geometry = (config.frame or {}).get("geometry")
    if not geometry:
        return []
    if not isinstance(geometry, Mapping):
        raise config.error(f"geometry must be an object, got {geometry!r}", PATH)
    label = geometry.get("label", geometry.get("Label", ""))
    if not isinstance(label, str):
        raise config.error(f"label must be a string, got {label!r}", f"{PATH}.label")
    kind = geometry.get("type", "")
    x, y, z, r, length = (_number(config, geometry, k, PATH) for k in ("x", "y", "z", "r", "l"))
    if not kind:  # the reference infers the type from the dimensions given
        kind = "box" if (x or y or z) else "capsule" if length else "sphere"
    out = common_pb2.Geometry(center=_center(config, geometry), label=label)
    if kind == "box":
        if min(x, y, z) < 0:
            raise config.error(f"box dimensions must not be negative, got x={x:g} y={y:g} z={z:g}", PATH)
        out.box.dims_mm.CopyFrom(common_pb2.Vector3(x=x, y=y, z=z))
    elif kind == "sphere" or (kind == "capsule" and length == 2 * r):
        if r <= 0:
            raise config.error(f"sphere radius r must be positive, got {r:g}", f"{PATH}.r")
        out.sphere.radius_mm = r
    elif kind == "capsule":
        if r <= 0 or length <= 0 or length < 2 * r:
            raise config.error(f"capsule needs r > 0 and l >= 2 r, got r={r:g} l={length:g}", PATH)
        out.capsule.radius_mm, out.capsule.length_mm = r, length
    elif kind == "point":
        out.sphere.radius_mm = 0.0
    else:
        raise config.error(f"geometry type {kind!r} is not supported here (box, sphere, capsule, point)",
                           f"{PATH}.type")
    return [out]
