"""Whether the machine may be restarted now: the ``maintenance`` section and ``/restart_status``.

As the reference's viam-server: a machine in the middle of a reconfigure may not be restarted. With
``"maintenance": {"sensor_name": "rdk:component:sensor/<name>", "maintenance_allowed_key": "<key>"}``
a restart is allowed only while that sensor's reading ``<key>`` is ``true``. A sensor name that is
not a full resource name, or a sensor not on the machine, allows it (the config is at fault, not
the moment); a sensor that fails, lacks the key or gives a non-boolean forbids it. Every problem is
logged once per distinct message, not at every poll of the agent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from google.protobuf import json_format

from viam.config.model import MachineConfig
from viam.resource.base import Resource
from viam.resource.names import ResourceName


class MaintenanceHost(Protocol):
    """The machine as the restart check sees it (``viam.robot.machine.Machine`` is the one in use)."""

    reconfiguring: bool
    config: MachineConfig

    def resource(self, name: ResourceName) -> Resource: ...

LOG = logging.getLogger(__name__)
READ_TIMEOUT_S = 5.0
_last_problem: list[str] = [""]


def _note(problem: str) -> None:
    if problem and problem != _last_problem[0]:
        LOG.warning("maintenance: %s", problem)
    _last_problem[0] = problem


async def _readings(resource: Any) -> dict[str, Any]:
    if hasattr(resource, "get_readings"):
        return dict(await resource.get_readings(timeout=READ_TIMEOUT_S))
    if hasattr(resource, "_unary") and "GetReadings" in resource.service.methods_by_name:  # a module's sensor
        response = await resource._unary("GetReadings")  # noqa: SLF001 - the forwarder's one typed call
        return {key: json_format.MessageToDict(value) for key, value in response.readings.items()}
    raise TypeError(f"{resource!r} has no readings")


async def restart_allowed(machine: MaintenanceHost) -> bool:
    """The ``restart_allowed`` of ``/restart_status``."""
    if machine.reconfiguring:
        return False
    section = machine.config.raw.get("maintenance") if isinstance(machine.config.raw, dict) else None
    if not isinstance(section, dict) or not section:
        _note("")
        return True
    sensor_name = str(section.get("sensor_name") or "")
    key = str(section.get("maintenance_allowed_key") or "")
    try:
        name = ResourceName.parse(sensor_name)
    except Exception:  # noqa: BLE001 - any parse failure means "not a full name"
        _note(f"maintenance.sensor_name {sensor_name!r} is not a full resource name "
              "('rdk:component:sensor/<name>'); restarts allowed")
        return True
    try:
        sensor = machine.resource(name)
    except KeyError:
        _note(f"maintenance.sensor_name {sensor_name!r}: no such sensor on this machine; restarts allowed")
        return True
    try:
        readings = await asyncio.wait_for(_readings(sensor), READ_TIMEOUT_S)
    except Exception as exc:  # noqa: BLE001 - a failing sensor forbids the restart
        _note(f"reading maintenance sensor {sensor_name!r} failed: {exc}; restarts not allowed")
        return False
    if key not in readings:
        _note(f"maintenance_allowed_key {key!r} is not in the readings of {sensor_name!r}; restarts not allowed")
        return False
    if not isinstance(readings[key], bool):
        _note(f"maintenance_allowed_key {key!r} of {sensor_name!r} is not a bool ({readings[key]!r}); "
              "restarts not allowed")
        return False
    _note("")
    return readings[key]
