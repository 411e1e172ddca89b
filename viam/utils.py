"""Small conversions used across services and clients."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2


def struct_to_dict(struct: struct_pb2.Struct | None) -> dict[str, Any]:
    """Turn a protobuf Struct into plain Python values (numbers come back as float)."""
    if struct is None:
        return {}
    return json_format.MessageToDict(struct)


def dict_to_struct(data: Mapping[str, Any] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    if data:
        struct.update(_plain(data))
    return struct


def extra_struct(extra: Mapping[str, Any] | None) -> struct_pb2.Struct | None:
    """``extra`` for a request: unset (None) when the caller gave none."""
    return None if extra is None else dict_to_struct(extra)


def value_to_python(value: struct_pb2.Value) -> Any:
    return json_format.MessageToDict(value)


def python_to_value(data: Any) -> struct_pb2.Value:
    value = struct_pb2.Value()
    json_format.ParseDict(_plain(data), value)
    return value


def _plain(data: Any) -> Any:
    """Make tuples, sets and other mappings JSON-shaped so Struct accepts them."""
    if isinstance(data, Mapping):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple | set):
        return [_plain(v) for v in data]
    if isinstance(data, bytes):
        return data.decode("latin-1")
    return data


def shorten(text: str, limit: int = 100) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: names a caller sent, echoed into errors or logs."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
