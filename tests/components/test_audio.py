"""Fake microphone and speaker through our clients and the official SDK."""

import time

import pytest

from tests.conftest import run_sdk_script
from viam.components.audio_in import AudioIn
from viam.components.audio_out import AudioInfo, AudioOut
from viam.errors import ViamError

CONFIG = {"components": [
    {"name": "mic", "api": "rdk:component:audio_in", "model": "rdk:builtin:fake",
     "attributes": {"sample_rate": 16000}},
    {"name": "speaker", "api": "rdk:component:audio_out", "model": "rdk:builtin:fake", "attributes": {}},
]}


async def test_microphone_streams_paced_silence_and_speaker_plays(start_machine, connect):
    """rdk's fakes: the microphone records 100 ms chunks of pcm16 silence at ``sample_rate``; the
    speaker (pcm16, 44100 Hz, 1 channel) takes pcm16 and returns after the audio's duration."""
    robot = await connect(await start_machine(CONFIG))
    mic = AudioIn.from_robot(robot, "mic")
    props = await mic.get_properties()
    assert (props.supported_codecs, props.sample_rate_hz, props.num_channels) == (["pcm16"], 16000, 1)
    chunks = [c async for c in mic.get_audio("pcm16", 0.2, 0)]
    assert [c.sequence for c in chunks] == [0, 1] and all(c.audio_data == bytes(3200) for c in chunks)
    assert chunks[1].end_timestamp_ns - chunks[0].start_timestamp_ns == 200_000_000
    [other] = [c async for c in mic.get_audio("mp3", 0.1, 0)]  # the reference answers pcm16 whatever is asked
    assert other.codec == "pcm16"

    speaker = AudioOut.from_robot(robot, "speaker")
    props = await speaker.get_properties()
    assert (props.supported_codecs, props.sample_rate_hz, props.num_channels) == (["pcm16"], 44100, 1)
    started = time.monotonic()
    await speaker.play(bytes(8820), AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=1))
    assert time.monotonic() - started >= 0.1, "4410 samples at 44100 Hz play for 0.1 s"
    await speaker.play(b"\0" * 6, AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=2))  # no frame check
    for data, info, message in (
            (b"", AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=1), "no audio data provided"),
            (b"\0\0", None, "audio info is required"),
            (b"\0\0", AudioInfo(codec="mp3", sample_rate_hz=44100, num_channels=1),
             "codec mp3 not supported, only pcm16 is supported"),
            (b"\0\0", AudioInfo(codec="pcm16", sample_rate_hz=0, num_channels=1),
             "invalid audio info, sample rate and num channels must be above zero")):
        with pytest.raises(ViamError, match=message):
            await speaker.play(data, info)
    assert await speaker.get_status() == {"plays": 2, "bytes_played": 8826}

    async def chunks():  # PlayStream through our client: the real client-streaming RPC
        for _ in range(3):
            yield b"\0" * 4

    await speaker.play_stream(AudioInfo(codec="pcm16", sample_rate_hz=44100, num_channels=2), chunks())
    assert await speaker.get_status() == {"plays": 3, "bytes_played": 8838}
    with pytest.raises(ViamError, match="audio info is required"):
        await speaker.play_stream(None, chunks())


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"sample_rate": -1},
     "components[0].attributes.sample_rate: sample_rate must be greater than 0 if provided, got -1"),
    ({"num_channels": -2}, "num_channels must be greater than 0 if provided, got -2"),
])
async def test_microphone_config_errors_as_the_reference(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:audio_in", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert expected in errors["bad"]


@pytest.mark.sdk
def test_audio_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "audio.py", server.address).strip().endswith("ok")
