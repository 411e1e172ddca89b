"""GenericService (service): DoCommand and GetStatus, both shared."""

from __future__ import annotations

from viam.components.base import ResourceServicer


class GenericService(ResourceServicer):
    """The generic service's RPCs are common ones (its proto has no GetGeometries, so it is never routed)."""
