"""Official-SDK module serving the custom acme:component:tally API (every stream kind).

Needs the generated tally protos on PYTHONPATH (the test generates them).
"""

import asyncio
from collections.abc import Sequence
from typing import ClassVar

from tally_api import Tally
from viam.module.module import Module
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily


class Counter(Tally, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "counter")
    total: int = 0

    async def add(self, value: int) -> int:
        self.total += value
        return self.total

    async def add_all(self, values: Sequence[int]) -> int:
        self.total += sum(values)
        return self.total

    async def count_up(self, up_to: int):
        for n in range(1, up_to + 1):
            yield n


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
