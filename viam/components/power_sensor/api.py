"""PowerSensor: reports voltage (V), current (A) and power (W) of a supply."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.components.sensor.readings import Readings
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class PowerSensor(FromRobot, Resource):
    """Subclasses implement ``get_voltage``, ``get_current`` and ``get_power``.

    ``get_readings`` defaults to all three under the keys viam-server uses (``voltage``,
    ``current``, ``is_ac``, ``power``); override it only to report more.
    """

    API: ClassVar[API] = API.component("power_sensor")

    @abstractmethod
    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        """(volts, is_ac)."""

    @abstractmethod
    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        """(amperes, is_ac)."""

    @abstractmethod
    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        """Watts."""

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        volts, is_ac = await self.get_voltage(extra=extra, timeout=timeout)
        amperes, _ = await self.get_current(extra=extra, timeout=timeout)
        watts = await self.get_power(extra=extra, timeout=timeout)
        return {"voltage": volts, "current": amperes, "is_ac": is_ac, "power": watts}
