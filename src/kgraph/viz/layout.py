"""Centrality, top-N selection and a precomputed layout, so the browser never runs physics.

Each connected component is laid out on its own (networkx spring_layout for small ones, a
chunked numpy Fruchterman-Reingold with a bounded iteration count for big ones, since
networkx needs scipy above 500 nodes) and the components are packed in rows, largest first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

EDGE_PX = 200.0  # typical spacing between neighbours on screen, in vis-network units
_MARGIN = 190.0  # room for a wrapped label (vis widthConstraint 180 px) between components
_SMALL = 400  # up to this many nodes networkx lays out a component with numpy alone
_PAIR_BUDGET = 1.5e8  # pair-iterations a big component may spend (bounds the time)
SEED = 7


def build_graph(node_ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node_ids))
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    return graph


def centrality(graph: nx.Graph, measure: str = "degree") -> dict[str, float]:
    """Node importance: 'degree' (cheap) or 'betweenness' (sampled above 600 nodes)."""
    if len(graph) == 0:
        return {}
    if measure == "degree":
        return nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    if measure == "betweenness":
        sample = min(len(graph), 256) if len(graph) > 600 else None
        return nx.betweenness_centrality(graph, k=sample, seed=SEED)
    raise ValueError(f"unknown centrality measure {measure!r}")


def top_nodes(scores: Mapping[str, float], limit: int) -> list[str]:
    """The `limit` highest-scoring node ids; ties broken by id so the choice is stable."""
    ranked = sorted(scores, key=lambda n: (-scores[n], n))
    return sorted(ranked[:limit])


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Screen positions for every node; deterministic for a given graph."""
    parts = []
    for nodes in nx.connected_components(graph):
        sub = graph.subgraph(nodes)
        parts.append(_normalise(_component_layout(sub)))
    parts.sort(key=lambda p: (-len(p), min(p)))
    return _pack(parts)


def _component_layout(sub: nx.Graph) -> dict[str, np.ndarray]:
    n = len(sub)
    if n == 1:
        return {next(iter(sub)): np.zeros(2)}
    if n == 2:
        a, b = sorted(sub)
        return {a: np.array([0.0, 0.0]), b: np.array([1.0, 0.0])}
    if n <= _SMALL:
        iterations = 200 if n <= 100 else 100
        ordered = nx.Graph()
        ordered.add_nodes_from(sorted(sub))
        ordered.add_edges_from(sorted(tuple(sorted(e)) for e in sub.edges()))
        return nx.spring_layout(ordered, iterations=iterations, seed=SEED)
    return _force_directed(sub)


def _force_directed(sub: nx.Graph) -> dict[str, np.ndarray]:
    """Fruchterman-Reingold in numpy, repulsion computed in row blocks to bound memory."""
    order = sorted(sub)
    index = {node: i for i, node in enumerate(order)}
    n = len(order)
    # Sorted: the graph's edge order follows set order, which changes from run to run, and
    # float sums taken in another order drift apart over the iterations.
    pairs = sorted(tuple(sorted((index[a], index[b]))) for a, b in sub.edges())
    edges = np.array(pairs, dtype=np.int64)
    src, dst = edges[:, 0], edges[:, 1]
    rng = np.random.default_rng(SEED)
    # float32 halves the memory traffic of the n x n blocks, which is what bounds the time.
    pos = rng.uniform(-1.0, 1.0, size=(n, 2)).astype(np.float32)
    k2 = np.float32(4.0 / n)  # (ideal distance k = 2/sqrt(n))^2
    k = np.float32(math.sqrt(k2))
    iterations = int(min(150, max(30, _PAIR_BUDGET / (n * n))))
    temperature = np.float32(0.2)
    cool = np.float32(temperature / (iterations + 1))
    block = max(64, min(n, 2_000_000 // n))
    for _ in range(iterations):
        disp = np.empty_like(pos)
        square = np.einsum("ij,ij->i", pos, pos)
        for start in range(0, n, block):
            rows = pos[start : start + block]
            # |a-b|^2 = |a|^2 + |b|^2 - 2ab with a matrix product: no n x n x 2 array.
            dist2 = rows @ pos.T
            dist2 *= -2.0
            dist2 += square[start : start + block, None]
            dist2 += square[None, :]
            np.maximum(dist2, 1e-6, out=dist2)
            force = np.divide(k2, dist2, out=dist2)
            force[np.arange(len(rows)), np.arange(start, start + len(rows))] = 0.0
            disp[start : start + block] = rows * force.sum(axis=1)[:, None] - force @ pos
        delta = pos[src] - pos[dst]
        dist = np.sqrt(np.einsum("ij,ij->i", delta, delta))[:, None]
        pull = delta * dist / k
        np.add.at(disp, src, -pull)
        np.add.at(disp, dst, pull)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return {node: pos[i].astype(np.float64) for i, node in enumerate(order)}


def _normalise(pos: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Scale so the median nearest-neighbour distance is EDGE_PX, then move to the origin."""
    keys = sorted(pos)
    points = np.array([pos[k] for k in keys], dtype=np.float64)
    if len(points) > 1:
        spread = _typical_spacing(points)
        if spread > 0:
            points *= EDGE_PX / spread
    points -= points.min(axis=0)
    return {k: points[i] for i, k in enumerate(keys)}


def _typical_spacing(points: np.ndarray) -> float:
    sample = points if len(points) <= 2000 else points[:: max(1, len(points) // 2000)]
    best = []
    for start in range(0, len(sample), 256):
        delta = sample[start : start + 256, None, :] - points[None, :, :]
        dist = np.sqrt((delta**2).sum(-1))
        dist[dist == 0] = np.inf
        best.append(dist.min(axis=1))
    nearest = np.concatenate(best)
    nearest = nearest[np.isfinite(nearest)]
    return float(np.median(nearest)) if len(nearest) else 0.0


def _pack(parts: list[dict[str, np.ndarray]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: rows of components, largest first, the whole centred on the origin."""
    sizes = []
    for part in parts:
        pts = np.array(list(part.values()))
        sizes.append(pts.max(axis=0) + _MARGIN)
    area = sum(float(w * h) for w, h in sizes)
    row_width = max(max((float(w) for w, _ in sizes), default=0.0), math.sqrt(area) * 1.4)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, (w, h) in zip(parts, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            placed[node] = (x + float(px), y + float(py))
        x += float(w)
        row_height = max(row_height, float(h))
    if placed:
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        placed = {n: (round(px - cx, 1), round(py - cy, 1)) for n, (px, py) in placed.items()}
    return placed
