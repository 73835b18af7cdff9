/**
 * The folder's import graph (file → files it imports, resolved inside the folder) and its cycles:
 * Tarjan's strongly connected components, visited in sorted order so the same graph always gives
 * the same cycles in the same order.
 */

/** Components of more than one file, or a file that imports itself; each sorted, the list by first file. */
export function importCycles(edges: Iterable<{ from: string; to: string }>): string[][] {
  const graph = new Map<string, string[]>();
  const selfLoops = new Set<string>();
  for (const { from, to } of edges) {
    if (from === to) selfLoops.add(from);
    if (!graph.has(to)) graph.set(to, []);
    const out = graph.get(from);
    if (out) out.push(to);
    else graph.set(from, [to]);
  }
  for (const out of graph.values()) out.sort();

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;

  // Iterative, not recursive: a long import chain must not overflow the stack.
  const visit = (root: string) => {
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work.at(-1)!;
      const out = graph.get(top.node)!;
      if (top.i < out.length) {
        const to = out[top.i++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || selfLoops.has(top.node)) cycles.push(component.sort());
      }
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}
