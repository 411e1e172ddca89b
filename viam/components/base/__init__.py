"""Base API (mobile bases), and the helpers every API's servicer and client share.

The helpers (``ResourceServicer``, ``ResourceClient``, ``FromRobot``, ``extra_of``, ...) live in
``viam.components.resource_rpc``; they are re-exported here because this name held them before
the Base API took it (as in the official SDK, ``viam.components.base`` is the Base API).
"""

from viam.components.resource_rpc import (
    FromRobot,
    ResourceClient,
    ResourceServicer,
    extra_of,
    timeout_of,
)

__all__ = ["Base", "BaseClient", "BaseProperties", "FromRobot", "ResourceClient", "ResourceServicer",
           "Vector3", "extra_of", "timeout_of"]


def __getattr__(name: str):  # the API classes load on first use (they pull in generated code)
    if name in ("Base", "BaseProperties", "Vector3"):
        from viam.components.base import api
        return getattr(api, name)
    if name == "BaseClient":
        from viam.components.base.client import BaseClient
        return BaseClient
    raise AttributeError(name)
