"""Test module (our runtime) that ignores SIGTERM once it is serving."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from thermo import Thermo  # noqa: E402

from viam.module import Module  # noqa: E402
from viam.resource.names import Model  # noqa: E402


class StubbornThermo(Thermo):
    MODEL = Model("acme", "test", "stubborn")


async def main() -> None:
    module = Module.from_args()
    module.add_model(StubbornThermo)
    serving = asyncio.create_task(module.serve())
    await asyncio.sleep(0)  # serve() has installed its signal handlers; take SIGTERM away again
    asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    await serving


if __name__ == "__main__":
    asyncio.run(main())
