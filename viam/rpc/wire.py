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


def _encode_varint(value: int) -> bytes:
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
    head = _encode_varint((field_number << 3) | 2) + _encode_varint(len(encoded)) + encoded
    kept = bytearray()
    pos, end = 0, len(data)
    while pos < end:
        start = pos
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
            pos += length
        else:
            raise ValueError(f"unsupported wire type {wire_type} in field {number}")
        if number != field_number:
            kept += data[start:pos]
    return head + bytes(kept)
