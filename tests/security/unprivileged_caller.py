"""Run as root by the tests: drop to another uid, then call every given method on a gRPC address.

Usage: unprivileged_caller.py <uid> <address> <methods JSON>; prints {path: status name} as JSON.
Imports happen first (the interpreter may live where the other user cannot read); the socket is
opened only after setuid, so the kernel records it as that user's.
"""

import asyncio
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.security.methods import Method, codes_for_all  # noqa: E402


def main() -> None:
    uid, address, raw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    methods = [Method(*entry) for entry in json.loads(raw)]
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    codes = asyncio.run(codes_for_all(address, methods))
    print(json.dumps({path: code.name for path, code in codes.items()}))


if __name__ == "__main__":
    main()
