"""Built-in module ``builtin-system-sensors``: the machine's own health as a Sensor."""

from builtin_modules.system_sensors.host_stats import HostStats

__all__ = ["HostStats"]
