"""Encoded images as cameras return them: bytes, a MIME type, and the size read from the header."""

from __future__ import annotations

import struct


class CameraMimeType:
    """MIME types cameras speak (Viam's spelling)."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    VIAM_RGBA = "image/vnd.viam.rgba"
    VIAM_RAW_DEPTH = "image/vnd.viam.dep"
    PCD = "pointcloud/pcd"

    @staticmethod
    def normalise(mime_type: str) -> str:
        """Drop the ``+lazy`` suffix older clients append."""
        return mime_type.removesuffix("+lazy")


class NamedImage:
    """One image from one of a camera's sources; ``width``/``height`` are None if not parseable."""

    def __init__(self, name: str, data: bytes, mime_type: str) -> None:
        self.name = name
        self.data = data
        self.mime_type = CameraMimeType.normalise(mime_type)
        self.width, self.height = image_size(data, self.mime_type) or (None, None)

    def __repr__(self) -> str:
        return f"<NamedImage {self.name!r} {self.mime_type} {self.width}x{self.height} {len(self.data)} bytes>"


def image_size(data: bytes, mime_type: str) -> tuple[int, int] | None:
    """(width, height) from a JPEG's SOF segment or a PNG's IHDR chunk, else None."""
    if mime_type == CameraMimeType.PNG:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return width, height
        return None
    if mime_type == CameraMimeType.JPEG:
        return _jpeg_size(data)
    return None


_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if data[:2] != b"\xff\xd8":
        return None
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            return None
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length field
            offset += 2
            continue
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        if marker in _SOF_MARKERS and offset + 9 <= len(data):
            height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
            return width, height
        if marker in (0xD9, 0xDA):  # end of image / start of scan: no SOF before the data
            return None
        offset += 2 + length
    return None
