"""A module's speaker through our server with the official client: AudioOut.PlayStream (client streaming).

argv: address [speaker name]. The resource name travels in the first message's ``init.name``.
"""

import asyncio
import sys

from compat_common import check, connect

from viam.components.audio_out import AudioOut
from viam.proto.common import AudioInfo


async def main() -> None:
    robot = await connect(sys.argv[1])
    try:
        speaker = AudioOut.from_robot(robot, sys.argv[2] if len(sys.argv) > 2 else "speaker")

        async def chunks():
            for i in range(20):
                yield bytes([i]) * 4096

        await speaker.play_stream(AudioInfo(codec="pcm16", sample_rate_hz=16000, num_channels=1), chunks())
        counts = await speaker.do_command({})
        check(counts == {"bytes": 20 * 4096, "chunks": 20, "rate": 16000}, f"speaker counted {counts}")
    finally:
        await robot.close()
    print("ok")


asyncio.run(main())
