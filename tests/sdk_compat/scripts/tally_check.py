"""The custom tally API of an official-SDK module, every stream kind, through our server.

argv: ADDRESS GENERATED_PROTOS_DIR [TALLY NAME]. The bidi call sends each number only after the
total for the previous one arrived, so it fails unless messages flow both ways mid-call.
"""

import asyncio
import sys
from pathlib import Path

sys.path[:0] = [sys.argv[2], str(Path(__file__).resolve().parent.parent / "modules")]

from compat_common import check, connect  # noqa: E402
from tally_api import Tally, TallyClient  # noqa: E402
from tally_pb2 import AddRequest  # noqa: E402


async def main() -> None:
    robot = await connect(sys.argv[1])
    try:
        tally = Tally.from_robot(robot, sys.argv[3] if len(sys.argv) > 3 else "tally")
        assert isinstance(tally, TallyClient)
        check(await tally.add(5) == 5, "unary Add")
        check(await tally.add_all([1, 2, 3]) == 11, "client-streaming AddAll")
        counted = [n async for n in tally.count_up(4)]
        check(counted == [1, 2, 3, 4], f"server-streaming CountUp gave {counted}")
        totals = []
        async with tally.stub.RunningTotal.open() as stream:
            for value in (10, 20, 30):
                await stream.send_message(AddRequest(name=tally.name, value=value))
                response = await asyncio.wait_for(stream.recv_message(), 10)
                totals.append(response.total)
            await stream.end()
            check(await stream.recv_message() is None, "bidi RunningTotal sent more than it was asked")
        check(totals == [21, 41, 71], f"bidi RunningTotal gave {totals}")
    finally:
        await robot.close()
    print("ok")


asyncio.run(main())
