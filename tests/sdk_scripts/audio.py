"""Record from the fake microphone and play to the fake speaker (Play and the client-streaming
PlayStream) through the official SDK."""

import asyncio

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.audio_in import AudioIn
from viam.components.audio_out import AudioOut
from viam.proto.common import AudioInfo


async def main() -> None:
    robot = await connect()
    try:
        mic = AudioIn.from_robot(robot, "mic")
        props = await mic.get_properties()
        check(list(props.supported_codecs) == ["pcm16"] and props.sample_rate_hz == 16000, f"props {props}")
        stream = await mic.get_audio(codec="pcm16", duration_seconds=0.3, previous_timestamp_ns=0)
        chunks = [chunk async for chunk in stream]
        check([c.audio.sequence for c in chunks] == [0, 1, 2], f"sequences {[c.audio.sequence for c in chunks]}")
        check(all(len(c.audio.audio_data) == 1600 * 2 for c in chunks), "100 ms of 16 kHz pcm16 per chunk")
        check(chunks[1].audio.start_timestamp_nanoseconds == chunks[0].audio.end_timestamp_nanoseconds, "contiguous")

        speaker = AudioOut.from_robot(robot, "speaker")
        await speaker.play(b"".join(c.audio.audio_data for c in chunks),
                           AudioInfo(codec="pcm16", sample_rate_hz=16000, num_channels=1))
        status = await speaker.get_status()
        check(status == {"plays": 1, "bytes_played": 9600}, f"speaker status {status}")

        async def recorded():
            for chunk in chunks:
                yield chunk.audio.audio_data

        await speaker.play_stream(AudioInfo(codec="pcm16", sample_rate_hz=16000, num_channels=1), recorded())
        status = await speaker.get_status()
        check(status == {"plays": 2, "bytes_played": 2 * 9600}, f"speaker status after PlayStream {status}")

        async def torn():  # rdk's fake speaker takes a ragged frame
            yield b"\0" * 3

        await speaker.play_stream(AudioInfo(codec="pcm16", sample_rate_hz=16000, num_channels=1), torn())
        try:
            await speaker.play(b"\0\0", AudioInfo(codec="mp3", sample_rate_hz=16000, num_channels=1))
            raise AssertionError("an mp3 play was accepted")
        except GRPCError as exc:
            check(exc.status == Status.UNKNOWN and "only pcm16 is supported" in (exc.message or ""), str(exc))
        check(all(c.audio.audio_data == bytes(3200) for c in chunks), "the fake microphone records silence")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
