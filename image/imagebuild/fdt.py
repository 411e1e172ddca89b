"""Read a flattened device tree (.dtb) into nodes, enough to follow phandles and compatibles.

The build checks the shipped device trees without dtc on the host, so it reads the format itself:
a big-endian header, a structure block of begin/end-node and property tokens, and a strings block.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = 0xD00DFEED
_BEGIN_NODE, _END_NODE, _PROP, _NOP, _END = 1, 2, 3, 4, 9


class FdtError(ValueError):
    """The file is not a device tree this reader understands."""


@dataclass
class Node:
    """One device-tree node: its full path, its properties (raw bytes) and its children."""

    path: str
    props: dict[str, bytes] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def strings(self, name: str) -> list[str]:
        """A string-list property (``compatible``, ``status``) as Python strings."""
        raw = self.props.get(name, b"")
        return [s.decode("ascii", "replace") for s in raw.split(b"\0") if s]

    def cells(self, name: str) -> list[int]:
        """A property as big-endian 32-bit cells."""
        raw = self.props.get(name, b"")
        return list(struct.unpack(f">{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))

    @property
    def enabled(self) -> bool:
        status = self.strings("status")
        return not status or status[0] in ("okay", "ok")


@dataclass
class Tree:
    """A parsed device tree with lookups by path, phandle and alias."""

    root: Node
    by_path: dict[str, Node]
    by_phandle: dict[int, Node]

    def alias(self, name: str) -> Node | None:
        aliases = self.by_path.get("/aliases")
        target = aliases.strings(name) if aliases else []
        return self.by_path.get(target[0]) if target else None


def parse(data: bytes) -> Tree:
    """Parse ``data`` (a whole .dtb); raise FdtError when it is not one."""
    if len(data) < 40:
        raise FdtError("too short for a device-tree header")
    magic, total, off_struct, off_strings, _rsv, _ver, _last, _boot, size_strings, size_struct = struct.unpack(
        ">10I", data[:40]
    )
    if magic != MAGIC or total > len(data):
        raise FdtError("not a flattened device tree (bad magic or size)")
    strings = data[off_strings : off_strings + size_strings]
    pos, end = off_struct, off_struct + size_struct
    stack: list[Node] = []
    by_path: dict[str, Node] = {}
    root: Node | None = None
    while pos < end:
        (token,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if token == _BEGIN_NODE:
            name_end = data.index(b"\0", pos)
            name = data[pos:name_end].decode("ascii", "replace")
            pos = (name_end + 4) & ~3
            parent = stack[-1] if stack else None
            path = "/" if parent is None else (parent.path.rstrip("/") + "/" + name)
            node = Node(path)
            if parent is None:
                root = node
            else:
                parent.children.append(node)
            by_path[path] = node
            stack.append(node)
        elif token == _END_NODE:
            if not stack:
                raise FdtError("unbalanced end of node")
            stack.pop()
        elif token == _PROP:
            length, name_off = struct.unpack_from(">II", data, pos)
            pos += 8
            value = data[pos : pos + length]
            pos = (pos + length + 3) & ~3
            name = strings[name_off : strings.index(b"\0", name_off)].decode("ascii", "replace")
            if not stack:
                raise FdtError("property outside any node")
            stack[-1].props[name] = value
        elif token == _NOP:
            continue
        elif token == _END:
            break
        else:
            raise FdtError(f"unknown structure token {token:#x} at offset {pos - 4}")
    if root is None:
        raise FdtError("no root node")
    by_phandle = {}
    for node in by_path.values():
        for key in ("phandle", "linux,phandle"):
            if len(node.props.get(key, b"")) == 4:
                by_phandle[node.cells(key)[0]] = node
    return Tree(root, by_path, by_phandle)


def load(path: Path) -> Tree:
    try:
        return parse(path.read_bytes())
    except FdtError as exc:
        raise FdtError(f"{path}: {exc}") from None
