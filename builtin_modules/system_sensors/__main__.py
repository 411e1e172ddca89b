"""Entry point: ``python -m builtin_modules.system_sensors <socket> --log-level=X``."""

from builtin_modules.system_sensors.host_stats import HostStats
from viam.module import Module

if __name__ == "__main__":
    Module.run_with_models(HostStats)
