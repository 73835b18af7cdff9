import { expect, it } from 'vitest';
import { importCycles } from '../../src/perception/import-graph.js';

const edges = (list: string) =>
  list.split(' ').map((e) => ({ from: e.split('>')[0]!, to: e.split('>')[1]! }));

it('finds every cycle (components of more than one file, self-imports), each sorted, the list by first file', () => {
  const graph = edges('e>f f>g g>e a>b b>a b>c c>d d>d x>y');
  expect(importCycles(graph)).toEqual([['a', 'b'], ['d'], ['e', 'f', 'g']]);
  // The same graph in any order gives the same answer.
  expect(importCycles([...graph].reverse())).toEqual(importCycles(graph));
  expect(importCycles(edges('a>b b>c c>d'))).toEqual([]);
});

it('a chain of 100,000 imports closing into one cycle does not overflow the stack', () => {
  const n = 100_000;
  const chain = Array.from({ length: n }, (_, i) => ({ from: `f${i}`, to: `f${(i + 1) % n}` }));
  const [cycle, ...rest] = importCycles(chain);
  expect(rest).toEqual([]);
  expect(cycle).toHaveLength(n);
});
