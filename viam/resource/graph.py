"""Dependency ordering: build levels, and the cycles that prevent some nodes from having one."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Set
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def build_levels(dependencies: Mapping[K, Set[K]]) -> tuple[list[list[K]], dict[K, list[K]]]:
    """Order nodes so each comes after everything it depends on.

    Returns (levels, blocked): nodes in one level are independent of each other and can be built
    concurrently. ``blocked`` maps every node that sits on, or depends on, a cycle to a cycle path
    (``[a, b, a]``). Dependencies on nodes not in the mapping are ignored here (the caller reports
    them as missing).
    """
    remaining = {node: {d for d in deps if d in dependencies} for node, deps in dependencies.items()}
    levels: list[list[K]] = []
    while remaining:
        ready = [node for node, deps in remaining.items() if not deps]
        if not ready:
            break
        ready.sort(key=str)
        levels.append(ready)
        for node in ready:
            del remaining[node]
        for deps in remaining.values():
            deps.difference_update(ready)
    return levels, {node: _cycle_from(node, remaining) for node in remaining}


def _cycle_from(start: K, graph: Mapping[K, Set[K]]) -> list[K]:
    """Follow dependencies from ``start`` until a node repeats; return that loop."""
    path: list[K] = [start]
    seen = {start: 0}
    node = start
    while True:
        following = sorted(graph.get(node, ()), key=str)
        if not following:
            return path
        node = following[0]
        if node in seen:
            return path[seen[node] :] + [node]
        seen[node] = len(path)
        path.append(node)


def dependents_of(roots: Set[K], dependencies: Mapping[K, Set[K]]) -> set[K]:
    """Every node that depends, directly or not, on one of ``roots`` (roots excluded)."""
    found: set[K] = set()
    frontier = set(roots)
    while frontier:
        frontier = {n for n, deps in dependencies.items() if deps & frontier and n not in found and n not in roots}
        found |= frontier
    return found
