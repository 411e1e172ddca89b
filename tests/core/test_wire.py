"""Routing reads and rewrites the resource name in request bytes without decoding the message."""

from viam.gen.component.board.v1 import board_pb2
from viam.gen.component.motor.v1 import motor_pb2
from viam.rpc.wire import peek_string_field, with_string_field


def test_peek_reads_field_1_wherever_it_is():
    request = motor_pb2.GoForRequest(name="left", rpm=30, revolutions=2)
    request.extra.update({"k": "v"})
    assert peek_string_field(request.SerializeToString()) == "left"
    # Field 1 after other fields (legal in protobuf) is still found.
    reordered = (motor_pb2.GoForRequest(rpm=30).SerializeToString()
                 + motor_pb2.GoForRequest(name="x").SerializeToString())
    assert peek_string_field(reordered) == "x"
    assert peek_string_field(board_pb2.ReadAnalogReaderRequest(board_name="b", analog_reader_name="a")
                             .SerializeToString()) == "b"


def test_peek_tolerates_empty_and_garbage():
    assert peek_string_field(b"") == ""
    assert peek_string_field(b"\x11\x01") == ""  # truncated fixed64
    assert peek_string_field(b"\x0b") == ""  # a group start: unsupported, not a crash


def test_rename_keeps_every_other_field():
    request = motor_pb2.GoForRequest(name="prefix-left", rpm=30, revolutions=-2)
    request.extra.update({"a": [1, 2]})
    renamed = motor_pb2.GoForRequest.FromString(with_string_field(request.SerializeToString(), 1, "left"))
    assert renamed.name == "left"
    request.name = "left"
    assert renamed == request
