"""The builtin data manager's attributes, with the reference's names and defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from viam.config.model import ResourceConfig

DEFAULT_SYNC_INTERVAL_MINS = 0.1  # used when sync_interval_mins is 0 or unset
SYNC_INTERVAL_EPSILON = 0.0001
DEFAULT_MAX_CAPTURE_FILE_SIZE = 256 * 1024
DEFAULT_DELETE_EVERY_NTH = 5
DEFAULT_DISK_USAGE_THRESHOLD = 0.9
DEFAULT_CAPTURE_DIR_THRESHOLD = 0.5
DEFAULT_FILE_LAST_MODIFIED_MS = 10000

_NUMBERS = ("sync_interval_mins", "maximum_num_sync_threads", "file_last_modified_millis",
            "maximum_capture_file_size_bytes", "delete_every_nth_when_disk_full", "disk_usage_deletion_threshold",
            "capture_dir_deletion_threshold")
_INTEGERS = {"maximum_num_sync_threads", "file_last_modified_millis", "maximum_capture_file_size_bytes",
             "delete_every_nth_when_disk_full"}
_BOOLS = ("capture_disabled", "sync_disabled")


def default_capture_dir() -> Path:
    home = os.environ.get("VIAM_HOME") or os.path.join(os.path.expanduser("~"), ".viam")
    return Path(home) / "capture"


@dataclass
class DataManagerConfig:
    capture_dir: Path = field(default_factory=default_capture_dir)
    tags: list[str] = field(default_factory=list)
    capture_disabled: bool = False
    sync_disabled: bool = False
    sync_interval_s: float = DEFAULT_SYNC_INTERVAL_MINS * 60
    additional_sync_paths: list[Path] = field(default_factory=list)
    maximum_capture_file_size_bytes: int = DEFAULT_MAX_CAPTURE_FILE_SIZE
    delete_every_nth_when_disk_full: int = DEFAULT_DELETE_EVERY_NTH
    disk_usage_deletion_threshold: float = DEFAULT_DISK_USAGE_THRESHOLD
    capture_dir_deletion_threshold: float = DEFAULT_CAPTURE_DIR_THRESHOLD
    file_last_modified_s: float = DEFAULT_FILE_LAST_MODIFIED_MS / 1000
    maximum_num_sync_threads: int = max(1, (os.cpu_count() or 2) // 2)


def parse_data_manager_config(config: ResourceConfig) -> DataManagerConfig:
    """Validate the attributes (errors name ``services[i].attributes.<key>``)."""
    attrs: dict[str, Any] = config.attributes
    for key in _NUMBERS:
        value = attrs.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise config.error(f"expected a number, got {value!r}", f"attributes.{key}")
        if key in _INTEGERS and value != int(value):
            raise config.error(f"expected a whole number, got {value!r}", f"attributes.{key}")
        if value < 0:
            raise config.error(f"{key} can't be negative", f"attributes.{key}")
    for key in _BOOLS:
        if key in attrs and attrs[key] is not None and not isinstance(attrs[key], bool):
            raise config.error(f"expected a boolean, got {attrs[key]!r}", f"attributes.{key}")
    for key in ("tags", "additional_sync_paths"):
        value = attrs.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise config.error("expected a list of strings", f"attributes.{key}")
    capture_dir = attrs.get("capture_dir") or ""
    if not isinstance(capture_dir, str):
        raise config.error(f"expected a string, got {capture_dir!r}", "attributes.capture_dir")
    out = DataManagerConfig()
    if capture_dir:
        out.capture_dir = Path(os.path.expanduser(capture_dir))
    out.tags = list(attrs.get("tags") or [])
    out.capture_disabled = bool(attrs.get("capture_disabled", False))
    out.sync_disabled = bool(attrs.get("sync_disabled", False))
    mins = float(attrs.get("sync_interval_mins") or 0)
    out.sync_interval_s = (mins if mins >= SYNC_INTERVAL_EPSILON else DEFAULT_SYNC_INTERVAL_MINS) * 60
    out.additional_sync_paths = [Path(os.path.expanduser(p)) for p in attrs.get("additional_sync_paths") or []]
    out.maximum_capture_file_size_bytes = int(attrs.get("maximum_capture_file_size_bytes")
                                              or DEFAULT_MAX_CAPTURE_FILE_SIZE)
    out.delete_every_nth_when_disk_full = int(attrs.get("delete_every_nth_when_disk_full") or DEFAULT_DELETE_EVERY_NTH)
    out.disk_usage_deletion_threshold = float(attrs.get("disk_usage_deletion_threshold")
                                              or DEFAULT_DISK_USAGE_THRESHOLD)
    out.capture_dir_deletion_threshold = float(attrs.get("capture_dir_deletion_threshold")
                                               or DEFAULT_CAPTURE_DIR_THRESHOLD)
    out.file_last_modified_s = float(attrs.get("file_last_modified_millis") or DEFAULT_FILE_LAST_MODIFIED_MS) / 1000
    if attrs.get("maximum_num_sync_threads"):
        out.maximum_num_sync_threads = int(attrs["maximum_num_sync_threads"])
    return out
