"""``RobotClient.shutdown()`` (official SDK): the call succeeds and the server exits by itself.

argv: ADDRESS. Prints "ok" once the call returned; the test checks the server's exit.
"""

import asyncio

from compat_common import connect


async def main() -> None:
    robot = await connect()
    try:
        await robot.shutdown()
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
