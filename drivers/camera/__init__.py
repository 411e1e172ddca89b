"""Cameras: OpenCV and synthetic frame sources, a latest-frame reader, JPEG/PNG encoding."""

from drivers.camera.encode import MIME_JPEG, MIME_PNG, decode, encode, encode_jpeg, encode_png
from drivers.camera.opencv_source import FORMATS, OpenCVSource, discover_video_devices
from drivers.camera.reader import Frame, LatestFrameReader, ReaderStatus
from drivers.camera.source import FrameSource, SourceProperties, SyntheticSource

__all__ = [
    "FORMATS",
    "MIME_JPEG",
    "MIME_PNG",
    "Frame",
    "FrameSource",
    "LatestFrameReader",
    "OpenCVSource",
    "ReaderStatus",
    "SourceProperties",
    "SyntheticSource",
    "decode",
    "discover_video_devices",
    "encode",
    "encode_jpeg",
    "encode_png",
]
