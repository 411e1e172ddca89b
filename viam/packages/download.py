"""Resumable, verified HTTP downloads (blocking: call through ``asyncio.to_thread``).

Bytes go to ``<dest>`` with a sidecar ``<dest>.json`` naming the url and sha256 they belong to.
An interrupted transfer (connection dropped, server or viam-server killed) resumes from the
partial file's size with an HTTP ``Range`` request, unless the sidecar says the bytes belong to
another artifact. The result is verified against the sha256; a mismatch deletes the partial
file, so the next attempt starts clean instead of resuming corrupt bytes.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

from viam.packages.errors import ChecksumError, DownloadError

LOG = logging.getLogger(__name__)
CHUNK = 256 * 1024
PROGRESS_MIN_BYTES = 1 << 20  # smaller downloads log only start and end
PROGRESS_EVERY_S = 2.0


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def normalize_checksum(checksum: str) -> str:
    """Accept ``HEX`` or ``sha256:HEX``; return lower-case hex."""
    text = checksum.strip().lower()
    return text.split(":", 1)[1] if text.startswith("sha256:") else text


def download(url: str, sha256: str, dest: Path, *, label: str, timeout_s: float = 15.0) -> Path:
    """Fetch ``url`` into ``dest`` (resuming a partial copy) and verify it; return ``dest``."""
    expected = normalize_checksum(sha256)
    if not expected:
        raise ChecksumError(f"package {label}: no sha256 checksum known for {url}; refusing an unverified download")
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta_path = dest.with_name(dest.name + ".json")
    meta = {"url": url, "sha256": expected}
    if dest.exists() and _read_json(meta_path) != meta:
        dest.unlink()  # bytes of some other artifact: never resume into those
    _write_json(meta_path, meta)
    offset = dest.stat().st_size if dest.exists() else 0
    if offset and _matches(dest, expected):
        return dest
    request = urllib.request.Request(url, headers={"Range": f"bytes={offset}-"} if offset else {})
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)  # noqa: S310 - http(s) url from config/cloud
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # we already hold at least the whole file: verify below
            response = None
        else:
            raise DownloadError(f"package {label}: HTTP {exc.code} {exc.reason} from {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(f"package {label}: cannot reach {url}: {reason}") from exc
    if response is not None:
        with response:
            resumed = offset and response.status == 206
            if offset and not resumed:
                offset = 0  # server ignored the Range header: start over
            length = response.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
            _copy(response, dest, append=bool(resumed), offset=offset, total=total, label=label, url=url)
    if not _matches(dest, expected):
        actual = sha256_file(dest)
        size = dest.stat().st_size
        dest.unlink(missing_ok=True)
        raise ChecksumError(
            f"package {label}: sha256 mismatch for {url}: expected {expected}, got {actual} ({size} bytes); "
            "the download was discarded"
        )
    return dest


def _copy(response: http.client.HTTPResponse, dest: Path, *, append: bool, offset: int, total: int | None,
          label: str, url: str) -> None:
    done = offset
    started = last_log = time.monotonic()
    if total and total >= PROGRESS_MIN_BYTES:
        LOG.info("downloading package", extra={"package": label, "bytes": total, "resume_from": offset})
    with dest.open("ab" if append else "wb") as out:
        while True:
            try:
                block = response.read1(CHUNK)
            except (http.client.HTTPException, OSError) as exc:
                raise DownloadError(
                    f"package {label}: transfer from {url} broke off after {done} bytes: {exc!r}; will resume"
                ) from exc
            if not block:
                break
            out.write(block)
            done += len(block)
            now = time.monotonic()
            if total and total >= PROGRESS_MIN_BYTES and now - last_log >= PROGRESS_EVERY_S:
                last_log = now
                LOG.info("download progress", extra={"package": label, "bytes": done, "of": total,
                                                     "percent": round(100 * done / total, 1)})
        out.flush()
        os.fsync(out.fileno())
    if total is not None and done < total:
        raise DownloadError(f"package {label}: transfer from {url} ended at {done} of {total} bytes; will resume")
    LOG.info("downloaded package", extra={"package": label, "bytes": done,
                                          "seconds": round(time.monotonic() - started, 3)})


def _matches(path: Path, expected: str) -> bool:
    return path.exists() and sha256_file(path) == expected


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)
