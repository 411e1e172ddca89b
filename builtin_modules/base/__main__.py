"""Entry point: ``python -m builtin_modules.base <socket> --log-level=X``."""

from builtin_modules.base.sensor_controlled import SensorControlledBase
from builtin_modules.base.wheeled import WheeledBase
from viam.module import Module

if __name__ == "__main__":
    Module.run_with_models(WheeledBase, SensorControlledBase)
