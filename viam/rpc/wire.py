"""Just enough protobuf wire-format reading to route a request without decoding it."""

from __future__ import annotations


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def peek_string_field(data: bytes, field_number: int = 1) -> str:
    """Return string field ``field_number`` of a serialized message ('' when absent).

    Requests of every resource API carry the resource name in field 1; serializers emit fields
    in number order, so this usually reads only the first few bytes.
    """
    pos, end = 0, len(data)
    try:
        while pos < end:
            key, pos = _varint(data, pos)
            number, wire_type = key >> 3, key & 7
            if wire_type == 0:
                _, pos = _varint(data, pos)
            elif wire_type == 1:
                pos += 8
            elif wire_type == 5:
                pos += 4
            elif wire_type == 2:
                length, pos = _varint(data, pos)
                if number == field_number:
                    return data[pos : pos + length].decode("utf-8", "replace")
                pos += length
            else:
                return ""
    except IndexError:
        return ""
    return ""
