"""JPEG and PNG encoding of BGR frames."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.errors import CameraError

if TYPE_CHECKING:  # numpy and OpenCV load with the first frame, not with the camera's module
    import numpy as np

MIME_JPEG = "image/jpeg"
MIME_PNG = "image/png"


def encode_jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    """Encode a BGR frame as JPEG (quality 1-100)."""
    import cv2

    if not 1 <= quality <= 100:
        raise ValueError(f"JPEG quality must be 1-100, not {quality}")
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise CameraError(f"JPEG encoding of a {image.shape} frame failed")
    return buf.tobytes()


def encode_png(image: np.ndarray, compression: int = 3) -> bytes:
    """Encode a BGR frame as PNG (lossless; compression 0-9 trades size for speed)."""
    import cv2

    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, compression])
    if not ok:
        raise CameraError(f"PNG encoding of a {image.shape} frame failed")
    return buf.tobytes()


def encode(image: np.ndarray, mime_type: str) -> bytes:
    """Encode for a MIME type ("image/jpeg" or "image/png")."""
    if mime_type == MIME_JPEG:
        return encode_jpeg(image)
    if mime_type == MIME_PNG:
        return encode_png(image)
    raise ValueError(f"unsupported image type {mime_type!r} (supported: {MIME_JPEG}, {MIME_PNG})")


def decode(data: bytes) -> np.ndarray:
    """Decode JPEG or PNG bytes to a BGR frame."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise CameraError("cannot decode image data")
    return image
