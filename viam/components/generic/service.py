"""GenericService (component): DoCommand, GetStatus and GetGeometries, all shared."""

from __future__ import annotations

from viam.components.base import ResourceServicer


class GenericService(ResourceServicer):
    """The generic component's RPCs are exactly the common ones."""
