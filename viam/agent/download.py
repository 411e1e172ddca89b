"""Resumable, verified downloads of update artifacts (blocking; run in a thread).

Bytes go to ``<dest>.part``; an interrupted download (connection drop, agent killed) resumes from
its size with an HTTP ``Range`` request next time. Only a file whose sha256 matches is renamed to
``dest``, so ``dest`` existing means "complete and verified".
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

from viam.agent import failpoints
from viam.agent.errors import ChecksumError, DownloadError

LOG = logging.getLogger(__name__)
CHUNK = 64 * 1024


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _open(url: str, offset: int, timeout_s: float) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={"User-Agent": "viam-agent"})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    return urllib.request.urlopen(request, timeout=timeout_s)  # noqa: S310 (http/https/file only)


def download(url: str, dest: Path, sha256: str, *, timeout_s: float = 30.0, progress_s: float = 2.0) -> Path:
    """Fetch ``url`` into ``dest`` and verify it; raises ``DownloadError`` or ``ChecksumError``."""
    sha256 = sha256.lower()
    if dest.exists() and sha256_file(dest) == sha256:
        LOG.info("%s already downloaded and verified", dest.name)
        return dest
    if not url.startswith(("http://", "https://", "file://")):
        raise DownloadError(f"unsupported URL scheme in {url!r} (expected http, https or file)")
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = _open(url, offset, timeout_s)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # already have every byte (or a stale, longer file)
            return _finish(part, dest, sha256, url)
        raise DownloadError(f"GET {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(f"GET {url}: {getattr(exc, 'reason', exc)}") from exc
    with response:
        resumed = offset > 0 and getattr(response, "status", None) == 206
        if not resumed:
            offset = 0
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else None
        if resumed:
            LOG.info("resuming download of %s at byte %d", url, offset)
        else:
            LOG.info("downloading %s (%s bytes)", url, total if total is not None else "unknown")
        got = offset
        last_log = time.monotonic()
        try:
            with part.open("ab" if resumed else "wb") as out:
                while block := response.read(CHUNK):
                    out.write(block)
                    got += len(block)
                    failpoints.hit("download-chunk")
                    now = time.monotonic()
                    if now - last_log >= progress_s:
                        last_log = now
                        pct = f" ({100 * got / total:.0f}%)" if total else ""
                        LOG.info("downloading %s: %d bytes%s", dest.name, got, pct)
                out.flush()
                os.fsync(out.fileno())
        except (http.client.IncompleteRead, OSError) as exc:
            raise DownloadError(
                f"GET {url}: connection lost after {part.stat().st_size if part.exists() else 0} bytes"
                f"{f' of {total}' if total else ''} ({exc!r}); will resume"
            ) from exc
    if total is not None and got < total:
        raise DownloadError(f"GET {url}: truncated, got {got} of {total} bytes; will resume")
    return _finish(part, dest, sha256, url)


def _finish(part: Path, dest: Path, sha256: str, url: str) -> Path:
    actual = sha256_file(part)
    if actual != sha256:
        size = part.stat().st_size
        part.unlink(missing_ok=True)
        raise ChecksumError(f"{url}: sha256 {actual} ({size} bytes) does not match expected {sha256}")
    os.replace(part, dest)
    LOG.info("downloaded and verified %s (sha256 %s)", dest.name, sha256[:12])
    return dest
