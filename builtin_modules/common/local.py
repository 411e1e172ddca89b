"""Resources living in this module process, by name, so siblings can share hardware directly.

The module runtime hands a model its dependencies as clients of the parent server (module ->
server -> owner). A GPIO motor whose board is served by the same process must instead reach
the board's pin factory itself (the pins, their reservations and the edge callbacks live
here); it looks the board up in this registry first and only falls back to the client.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from viam.resource.base import Resource
from viam.resource.names import ResourceName

T = TypeVar("T")

_lock = threading.Lock()
_resources: dict[tuple[str, str], Resource] = {}


def _key(kind: str, name: str) -> tuple[str, str]:
    return kind, name.rsplit("/", 1)[-1] if "/" in name else name


def register(kind: str, resource: Resource) -> None:
    """Make ``resource`` findable by siblings as ``kind`` ("board", "encoder", ...)."""
    with _lock:
        _resources[_key(kind, resource.name)] = resource


def unregister(kind: str, resource: Resource) -> None:
    with _lock:
        if _resources.get(_key(kind, resource.name)) is resource:
            del _resources[_key(kind, resource.name)]


def lookup(kind: str, name: str | ResourceName, cls: type[T]) -> T | None:
    """The local ``kind`` named ``name`` if it is a ``cls``, else None (use the client instead)."""
    text = name.name if isinstance(name, ResourceName) else str(name)
    with _lock:
        found: Any = _resources.get(_key(kind, text))
    return found if isinstance(found, cls) else None
