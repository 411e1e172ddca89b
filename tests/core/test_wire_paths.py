"""Routing reads and rewrites a resource name at a field path without decoding the message."""

from viam.gen.component.audioout.v1 import audioout_pb2 as pb
from viam.rpc.router import MethodInfo
from viam.rpc.wire import peek_string_path, with_string_path


def test_name_in_a_submessage_is_read_and_renamed_leaving_the_rest():
    request = pb.PlayStreamRequest(init=pb.PlayStreamInit(name="b-speaker", audio_info={"sample_rate_hz": 16000}))
    raw = request.SerializeToString()
    assert peek_string_path(raw, (1, 1)) == "b-speaker"
    renamed = pb.PlayStreamRequest.FromString(with_string_path(raw, (1, 1), "speaker"))
    assert renamed.init.name == "speaker" and renamed.init.audio_info.sample_rate_hz == 16000
    chunk = pb.PlayStreamRequest(audio_chunk=pb.PlayStreamChunk(audio_data=b"x")).SerializeToString()
    assert peek_string_path(chunk, (1, 1)) == ""


def test_method_info_finds_where_each_request_names_its_resource():
    service = pb.DESCRIPTOR.services_by_name["AudioOutService"]
    paths = {m.name: MethodInfo.from_descriptor(None, m).name_path for m in service.methods}  # type: ignore[arg-type]
    assert paths["PlayStream"] == (1, 1) and paths["Play"] == (1,) and paths["DoCommand"] == (1,)
