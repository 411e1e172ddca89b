"""Data manager: captures resources' data to files and syncs them to the cloud."""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

from viam.components.base import FromRobot
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class DataManager(FromRobot, Resource):
    """Subclasses implement ``sync`` (upload what is captured now)."""

    API: ClassVar[API] = API.service("data_manager")

    @abstractmethod
    async def sync(self, *, extra: Extra = None, timeout: float | None = None) -> None:
        """Close the open capture files and upload everything waiting to be synced."""
