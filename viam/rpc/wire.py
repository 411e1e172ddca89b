"""Just enough protobuf wire-format reading to route a request without decoding it."""

from __future__ import annotations

from collections.abc import Iterator


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> Iterator[tuple[int, int, int, int, int]]:
    """Walk a message's top-level fields: (number, wire type, start, payload start, end).

    For length-delimited fields the payload is ``data[payload_start:end]``. Stops at a wire type
    it does not know (groups); raises IndexError on truncated input.
    """
    pos, end = 0, len(data)
    while pos < end:
        start = pos
        key, pos = _varint(data, pos)
        number, wire_type = key >> 3, key & 7
        payload = pos
        if wire_type == 0:
            _, pos = _varint(data, pos)
        elif wire_type == 1:
            pos += 8
        elif wire_type == 5:
            pos += 4
        elif wire_type == 2:
            length, payload = _varint(data, pos)
            pos = payload + length
        else:
            raise ValueError(f"unsupported wire type {wire_type} in field {number}")
        yield number, wire_type, start, payload, pos


def peek_string_field(data: bytes, field_number: int = 1) -> str:
    """Return string field ``field_number`` of a serialized message ('' when absent).

    Requests of every resource API carry the resource name in field 1; serializers emit fields
    in number order, so this usually reads only the first few bytes.
    """
    try:
        for number, wire_type, _, payload, end in _fields(data):
            if number == field_number and wire_type == 2:
                return data[payload:end].decode("utf-8", "replace")
    except (IndexError, ValueError):
        return ""
    return ""


def encode_varint(value: int) -> bytes:
    """A protobuf base-128 varint (also the length prefix of delimited messages)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def with_string_field(data: bytes, field_number: int, value: str) -> bytes:
    """Return ``data`` with string field ``field_number`` set to ``value`` (other fields untouched).

    Used to rename a resource when forwarding a request to where it has another name, without
    decoding the message. Every occurrence of the field is dropped and one is written first.
    """
    encoded = value.encode()
    head = encode_varint((field_number << 3) | 2) + encode_varint(len(encoded)) + encoded
    kept = bytearray()
    for number, _, start, _, end in _fields(data):
        if number != field_number:
            kept += data[start:end]
    return head + bytes(kept)


def peek_string_path(data: bytes, path: tuple[int, ...]) -> str:
    """Return the string at ``path`` (field numbers, outermost first) of a serialized message ('' when absent).

    ``(1,)`` is a top-level field; ``(1, 1)`` is field 1 of the message in field 1 (AudioOut's
    PlayStream names its resource in ``init.name``).
    """
    if path == (1,) and data[:1] == b"\n" and len(data) > 1 and data[1] < 0x80:
        # The usual request: the name is the first field, shorter than 128 bytes; read it in place.
        end = 2 + data[1]
        if end <= len(data):
            return data[2:end].decode("utf-8", "replace")
    for number in path[:-1]:
        try:
            data = next((data[payload:end] for n, wire_type, _, payload, end in _fields(data)
                         if n == number and wire_type == 2), b"")
        except (IndexError, ValueError):
            return ""
        if not data:
            return ""
    return peek_string_field(data, path[-1])


def with_string_path(data: bytes, path: tuple[int, ...], value: str) -> bytes:
    """Return ``data`` with the string at ``path`` set to ``value`` (see ``peek_string_path``)."""
    if len(path) == 1:
        return with_string_field(data, path[0], value)
    out = bytearray()
    for number, wire_type, start, payload, end in _fields(data):
        if number == path[0] and wire_type == 2:
            inner = with_string_path(data[payload:end], path[1:], value)
            out += encode_varint((number << 3) | 2) + encode_varint(len(inner)) + inner
        else:
            out += data[start:end]
    return bytes(out)
