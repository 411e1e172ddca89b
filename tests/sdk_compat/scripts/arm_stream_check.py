"""A module's arm through our server with the official client: unary calls and the bidi streamed trajectory.

argv: address [arm name]. Batches are produced one at a time and each waits for the previous
batch's ack, so the check fails unless requests and responses flow both ways mid-call.
"""

import asyncio
import sys
from datetime import timedelta

from compat_common import check, connect

from viam.components.arm import Arm, JointPositions


async def main() -> None:
    robot = await connect(sys.argv[1])
    try:
        arm = Arm.from_robot(robot, sys.argv[2] if len(sys.argv) > 2 else "arm")
        await arm.move_to_joint_positions(JointPositions(values=[1, 2, 3, 4, 5, 6]))
        check(list((await arm.get_joint_positions()).values) == [1, 2, 3, 4, 5, 6], "unary joint positions")

        acked = asyncio.Queue()

        async def batches():
            for i in range(5):
                yield [Arm.TrajectoryPoint(time=timedelta(seconds=i), positions=[float(i)] * 6)]
                await asyncio.wait_for(acked.get(), 10)  # the ack of this batch arrives before the next is sent

        updates = 0
        async for _ in arm.move_through_joint_positions_streamed(batches()):
            updates += 1
            acked.put_nowait(updates)
        check(updates == 5, f"{updates} trajectory updates, want 5")
        check(list((await arm.get_joint_positions()).values) == [4.0] * 6, "joints after the streamed trajectory")
    finally:
        await robot.close()
    print("ok")


asyncio.run(main())
