/**
 * The task graph laid out as a layered DAG: a task's column is its dependency depth (0 for none,
 * else one more than its deepest dependency), its row its place among that column's tasks in plan
 * order. Edges go from a dependency's right side to its dependent's left side.
 */
export const NODE = { width: 220, height: 124, gapX: 56, gapY: 16, pad: 8 } as const;

interface Laid {
  id: string;
  dependsOn: readonly string[];
}

export interface PlacedNode<T> {
  task: T;
  depth: number;
  row: number;
  x: number;
  y: number;
}

export interface Edge {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Layout<T> {
  nodes: PlacedNode<T>[];
  edges: Edge[];
  width: number;
  height: number;
}

/** Depth of every task; a dependency that is not in the plan (or a cycle) adds nothing. */
export function depths(tasks: readonly Laid[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const of = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const t = byId.get(id);
    if (!t || visiting.has(id)) return -1;
    visiting.add(id);
    const d = 1 + Math.max(-1, ...t.dependsOn.map(of));
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const t of tasks) of(t.id);
  return depth;
}

/** Positions for `tasks` (in plan order) whose id and dependencies `key` gives. */
export function layeredLayout<T>(tasks: readonly T[], key: (t: T) => Laid): Layout<T> {
  const laid = tasks.map(key);
  const depth = depths(laid);
  const rowsUsed: number[] = [];
  const nodes = tasks.map((task, i) => {
    const d = depth.get(laid[i]!.id) ?? 0;
    const row = rowsUsed[d] ?? 0;
    rowsUsed[d] = row + 1;
    return {
      task,
      depth: d,
      row,
      x: NODE.pad + d * (NODE.width + NODE.gapX),
      y: NODE.pad + row * (NODE.height + NODE.gapY),
    };
  });
  const at = new Map(nodes.map((n, i) => [laid[i]!.id, n]));
  const edges: Edge[] = [];
  laid.forEach((t, i) => {
    const to = nodes[i]!;
    for (const dep of t.dependsOn) {
      const from = at.get(dep);
      if (!from) continue;
      edges.push({
        from: dep,
        to: t.id,
        x1: from.x + NODE.width,
        y1: from.y + NODE.height / 2,
        x2: to.x,
        y2: to.y + NODE.height / 2,
      });
    }
  });
  const columns = rowsUsed.length;
  const rows = Math.max(0, ...rowsUsed);
  return {
    nodes,
    edges,
    width: 2 * NODE.pad + columns * NODE.width + Math.max(0, columns - 1) * NODE.gapX,
    height: 2 * NODE.pad + rows * NODE.height + Math.max(0, rows - 1) * NODE.gapY,
  };
}
