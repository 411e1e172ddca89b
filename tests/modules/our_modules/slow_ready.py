"""Test module (our runtime) that answers Ready with ready=false until it has warmed up.

The warm-up starts once it has said ready=false, so the server always sees at least one
not-ready answer however late (on a loaded machine) its first Ready call comes."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from thermo import Thermo  # noqa: E402

from viam.module import Module  # noqa: E402


class SlowModule(Module):
    ready_calls = 0
    warming: asyncio.Task[None] | None = None

    async def on_ready(self, parent_address: str):  # type: ignore[no-untyped-def]
        SlowModule.ready_calls += 1
        response = await super().on_ready(parent_address)
        print(f"Ready call {SlowModule.ready_calls} ready={response.ready}", flush=True)
        if not response.ready and self.warming is None:
            self.warming = asyncio.create_task(self.warm_up())
        return response

    async def warm_up(self) -> None:
        await asyncio.sleep(float(os.environ.get("WARM_UP_S", "0.5")))
        self.ready = True


async def main() -> None:
    module = SlowModule.from_args()
    module.add_model(Thermo)
    module.ready = False
    await module.serve()
    if module.warming is not None:
        module.warming.cancel()


if __name__ == "__main__":
    asyncio.run(main())
