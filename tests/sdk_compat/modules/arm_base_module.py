"""One official-SDK module process serving both an arm (acme:compat:stream-arm) and a base
(acme:compat:rover): the models of arm_module.py and base_module.py, registered together."""

import asyncio

import arm_module  # noqa: F401 - registers acme:compat:stream-arm
import base_module  # noqa: F401 - registers acme:compat:rover
from viam.module.module import Module

if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
