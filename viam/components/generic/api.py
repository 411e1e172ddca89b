"""Generic component: a component whose whole API is ``do_command`` (plus status and geometries)."""

from __future__ import annotations

from typing import ClassVar

from viam.components.base import FromRobot
from viam.resource.base import Resource
from viam.resource.names import API


class Generic(FromRobot, Resource):
    """Subclasses override ``do_command`` (and optionally ``get_status``/``get_geometries``)."""

    API: ClassVar[API] = API.component("generic")
