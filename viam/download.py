"""Resumable, verified HTTP downloads: the one downloader (packages, modules, agent updates).

Blocking: call through ``asyncio.to_thread``. Bytes go to ``<part>`` (by default ``<dest>.part``)
beside a sidecar ``<part>.json`` naming the url and sha256 they belong to. An interrupted transfer
(connection dropped, server or process killed) resumes from the partial file's size with an HTTP
``Range`` request, unless the sidecar says the bytes belong to another artifact. Only bytes whose
sha256 matches are moved (durably, ``viam.files.commit_file``) to ``dest``, so ``dest`` existing
means "complete and verified"; a mismatch deletes the partial file, so the next attempt starts
clean instead of resuming corrupt bytes.
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
from collections.abc import Callable
from pathlib import Path

from viam.errors import ChecksumError, DownloadError
from viam.files import atomic_write_json, commit_file

LOG = logging.getLogger(__name__)
CHUNK = 256 * 1024
PROGRESS_MIN_BYTES = 1 << 20  # smaller downloads log only start and end
PROGRESS_EVERY_S = 2.0
SCHEMES = ("http://", "https://", "file://")


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


def download(url: str, dest: Path, sha256: str, *, label: str = "", part: Path | None = None,
             timeout_s: float = 15.0, on_chunk: Callable[[], None] | None = None) -> Path:
    """Fetch ``url`` into ``dest`` (resuming ``part``), verify it against ``sha256``; return ``dest``.

    ``label`` starts every error message (default: the file's name); ``on_chunk`` runs after each
    block written (the agent's fault-injection hook). Raises ``DownloadError`` (retry resumes) or
    ``ChecksumError`` (the bytes were discarded).
    """
    label = label or dest.name
    expected = normalize_checksum(sha256)
    if not expected:
        raise ChecksumError(f"{label}: no sha256 checksum known for {url}; refusing an unverified download")
    if dest.exists() and sha256_file(dest) == expected:
        LOG.info("already downloaded and verified", extra={"file": label})
        return dest
    if not url.startswith(SCHEMES):
        raise DownloadError(f"{label}: unsupported URL scheme in {url!r} (expected http, https or file)")
    part = part or dest.with_name(dest.name + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    meta_path = part.with_name(part.name + ".json")
    meta = {"url": url, "sha256": expected}
    if part.exists() and _read_json(meta_path) != meta:
        part.unlink()  # bytes of some other artifact: never resume into those
    atomic_write_json(meta_path, meta, indent=None)
    offset = part.stat().st_size if part.exists() else 0
    if not (offset and sha256_file(part) == expected):
        _fetch(url, part, offset, label, timeout_s, on_chunk)
    actual = sha256_file(part)
    if actual != expected:
        size = part.stat().st_size
        part.unlink(missing_ok=True)
        meta_path.unlink(missing_ok=True)
        raise ChecksumError(f"{label}: sha256 mismatch for {url}: got {actual} ({size} bytes), which does not "
                            f"match expected {expected}; the download was discarded")
    commit_file(part, dest)
    meta_path.unlink(missing_ok=True)
    LOG.info("downloaded and verified", extra={"file": label, "sha256": expected[:12]})
    return dest


def _fetch(url: str, part: Path, offset: int, label: str, timeout_s: float,
           on_chunk: Callable[[], None] | None) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "viam-pi"})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)  # noqa: S310 - http(s)/file url from config/cloud
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # we already hold at least the whole file: verify it
            return
        raise DownloadError(f"{label}: HTTP {exc.code} {exc.reason} from {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(f"{label}: cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc
    with response:
        resumed = bool(offset) and getattr(response, "status", None) == 206
        if offset and not resumed:
            offset = 0  # the server ignored the Range header: start over
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else None
        if resumed:
            LOG.info("resuming download of %s at byte %d", url, offset, extra={"file": label})
        elif total is None or total >= PROGRESS_MIN_BYTES:
            LOG.info("downloading %s", url, extra={"file": label, "bytes": total})
        _copy(response, part, append=resumed, offset=offset, total=total, label=label, url=url, on_chunk=on_chunk)


def _copy(response: http.client.HTTPResponse, part: Path, *, append: bool, offset: int, total: int | None,
          label: str, url: str, on_chunk: Callable[[], None] | None) -> None:
    done = offset
    started = last_log = time.monotonic()
    with part.open("ab" if append else "wb") as out:
        while True:
            try:
                block = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
            except (http.client.HTTPException, OSError) as exc:
                raise DownloadError(f"{label}: transfer from {url} broke off after {done} bytes"
                                    f"{f' of {total}' if total else ''} ({exc!r}); will resume") from exc
            if not block:
                break
            out.write(block)
            done += len(block)
            if on_chunk is not None:
                on_chunk()
            now = time.monotonic()
            if total and total >= PROGRESS_MIN_BYTES and now - last_log >= PROGRESS_EVERY_S:
                last_log = now
                LOG.info("download progress", extra={"file": label, "bytes": done, "of": total,
                                                     "percent": round(100 * done / total, 1)})
        out.flush()
        os.fsync(out.fileno())
    if total is not None and done < total:
        raise DownloadError(f"{label}: transfer from {url} ended at {done} of {total} bytes; will resume")
    LOG.info("download complete", extra={"file": label, "bytes": done, "seconds": round(time.monotonic() - started, 3)})


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None
