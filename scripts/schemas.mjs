#!/usr/bin/env node
// Generates schemas/**/*.json from the zod sources in src/contracts (via the build in dist/); a `/`
// in a source's name is a folder (schemas/events/<type>.schema.json).
// `--write` rewrites them; `--check` fails when any file drifted from the zod source.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toJSONSchema } from 'zod/mini';

const mode = process.argv.includes('--write') ? 'write' : 'check';
const dirArg = process.argv.indexOf('--dir');
const outDir = dirArg > 0 ? process.argv[dirArg + 1] : new URL('../schemas/', import.meta.url).pathname;
const { jsonSchemaSources, eventJsonSchemaSources } = await import('../dist/contracts.mjs');

const expected = new Map();
for (const [name, schema] of Object.entries({ ...jsonSchemaSources, ...eventJsonSchemaSources() })) {
  const json = toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
  expected.set(`${name}.json`, `${JSON.stringify({ $id: `cowork:${name}`, ...json }, null, 2)}\n`);
}

/** The JSON files under the schemas folder, by path relative to it. */
const present = () =>
  existsSync(outDir) ? readdirSync(outDir, { recursive: true }).filter((f) => f.endsWith('.json')) : [];

if (mode === 'write') {
  for (const f of present()) if (!expected.has(f)) rmSync(join(outDir, f));
  for (const [file, text] of expected) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    writeFileSync(join(outDir, file), text);
  }
  console.log(`wrote ${expected.size} schemas to schemas/`);
} else {
  const problems = [];
  for (const f of present()) if (!expected.has(f)) problems.push(`${f}: no longer produced by src/contracts`);
  for (const [file, text] of expected) {
    const path = join(outDir, file);
    if (!existsSync(path)) problems.push(`${file}: missing`);
    else if (readFileSync(path, 'utf8') !== text) problems.push(`${file}: differs from the zod source`);
  }
  if (problems.length > 0) {
    console.error(`schemas/ drifted from src/contracts (run "npm run schemas"):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`schemas/ matches src/contracts (${expected.size} files)`);
}
