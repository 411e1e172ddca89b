"""Fake microphone and speaker through our clients and the official SDK."""

import pytest

from tests.conftest import run_sdk_script
from viam.components.audio_in import AudioIn
from viam.components.audio_out import AudioInfo, AudioOut
from viam.errors import InvalidArgumentError

CONFIG = {"components": [
    {"name": "mic", "api": "rdk:component:audio_in", "model": "rdk:builtin:fake",
     "attributes": {"sample_rate_hz": 16000}},
    {"name": "speaker", "api": "rdk:component:audio_out", "model": "rdk:builtin:fake", "attributes": {}},
]}


async def test_microphone_streams_paced_pcm_and_speaker_plays(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    mic = AudioIn.from_robot(robot, "mic")
    assert (await mic.get_properties()).sample_rate_hz == 16000
    chunks = [c async for c in mic.get_audio("pcm16", 0.2, 0)]
    assert [c.sequence for c in chunks] == [0, 1] and all(len(c.audio_data) == 3200 for c in chunks)
    assert chunks[1].end_timestamp_ns - chunks[0].start_timestamp_ns == 200_000_000
    with pytest.raises(InvalidArgumentError, match="codec 'mp3' is not supported"):
        [c async for c in mic.get_audio("mp3", 0.1, 0)]

    speaker = AudioOut.from_robot(robot, "speaker")
    await speaker.play(b"\0" * 8, AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=2))
    with pytest.raises(InvalidArgumentError, match="6 bytes is not a whole number of pcm16 frames"):
        await speaker.play(b"\0" * 6, AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=2))
    assert await speaker.get_status() == {"plays": 1, "bytes_played": 8}

    async def chunks():  # PlayStream through our client: the real client-streaming RPC
        for _ in range(3):
            yield b"\0" * 4

    await speaker.play_stream(AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=2), chunks())
    assert await speaker.get_status() == {"plays": 2, "bytes_played": 20}
    with pytest.raises(InvalidArgumentError, match="needs audio_info"):
        await speaker.play_stream(None, chunks())


@pytest.mark.sdk
def test_audio_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "audio.py", server.address).strip().endswith("ok")
