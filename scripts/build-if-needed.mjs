#!/usr/bin/env node
// Rebuilds dist/ and web/dist/ when any source file is newer than the last build (used by
// `npm start` and `npm run bench`, so a fresh clone needs no separate build step).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const stamps = ['dist/cowork.mjs', 'web/dist/index.html'];
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    if (e.isDirectory() && (e.name === 'dist' || e.name === 'node_modules')) return max;
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const built = Math.min(...stamps.map((s) => (existsSync(s) ? statSync(s).mtimeMs : 0)));
const sources = Math.max(newest('src'), newest('bench'), newest('web'), statSync('package.json').mtimeMs);
if (sources > built) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
