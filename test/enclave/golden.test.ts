/**
 * The golden-decision conformance suite: `(operation, arguments, files, grants, policy) → decision
 * + reason code + rule` cases kept as data in `golden/*.yaml`, each run through BOTH the door
 * (`Enclave.perform`, its decision read back from the audit log) and `policy.check` (the dry run).
 * Both must give the expected answer, so `cowork policy check` can never drift from the door.
 *
 * A case: `op`, `args` (strings may use $GRANT — a read-write grant and the working folder —,
 * $REF — a read-only grant —, $OUTSIDE, $HOME — the person's home —, $DATA — Cowork's data
 * folder), optional `files` (path → text, or `{symlink: target}`, `{dir: true}`, `{fifo: true}`),
 * `policy` (a policy file), `grants` (more grants), `agentCreated` (paths the agent wrote earlier in the session), and
 * `expect: {decision, reasonCode?, ruleId?}`. `each: [v, …]` repeats the case with $EACH = v.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PolicyDecision } from '../../src/contracts/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

interface Expectation {
  /** One decision, or alternatives written `ask_user|deny`. */
  decision: string;
  reasonCode?: PolicyDecision['reasonCode'];
  ruleId?: string | null;
}
type FileSpec = string | { symlink: string } | { dir: true } | { fifo: true };
interface GoldenCase {
  name: string;
  op: string;
  args: unknown;
  each?: string[];
  files?: Record<string, FileSpec>;
  policy?: unknown;
  agentCreated?: string[];
  /** Grants beyond the fixture's two ($GRANT read-write, $REF read-only). */
  grants?: { path: string; mode: 'ro' | 'rw' }[];
  expect: Expectation;
}

const GOLDEN_DIR = join(import.meta.dirname, 'golden');

function loadCases(): { file: string; cases: GoldenCase[] }[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as { cases: GoldenCase[] };
      const cases = doc.cases.flatMap((c) =>
        c.each
          ? c.each.map((v) => ({
              ...(substitute(c, { $EACH: v }) as GoldenCase),
              name: `${c.name}: ${v}`,
              each: undefined,
            }))
          : [c],
      );
      return { file, cases };
    });
}

/** Replaces placeholders in every string of a JSON-like value. */
function substitute(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$[A-Z]+/g, (m) => vars[m] ?? m);
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substitute(k, vars) as string, substitute(v, vars)]),
    );
  return value;
}

function writeFiles(files: Record<string, FileSpec>): void {
  for (const [path, spec] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    if (typeof spec === 'string') writeFileSync(path, spec);
    else if ('symlink' in spec) symlinkSync(spec.symlink, path);
    else if ('dir' in spec) mkdirSync(path, { recursive: true });
    else execFileSync('mkfifo', [path]);
  }
}

/** The first decision the door recorded after `after`: what it decided for the call. */
function doorDecision(s: Sandbox, after: number): Expectation {
  for (const e of s.enclave.audit.entriesAfter(after)) {
    if (e.phase === 'decision') return { decision: e.decision, reasonCode: e.reasonCode, ruleId: e.ruleId };
  }
  throw new Error('the door recorded no decision');
}

/** The fields of `actual` that `wanted` names; a decision written `a|b` accepts either. */
const picked = (actual: Expectation, wanted: Expectation): Expectation => ({
  decision: wanted.decision.split('|').includes(actual.decision) ? wanted.decision : actual.decision,
  ...('reasonCode' in wanted ? { reasonCode: actual.reasonCode } : {}),
  ...('ruleId' in wanted ? { ruleId: actual.ruleId } : {}),
});

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.close();
  sandbox = undefined;
});

for (const { file, cases } of loadCases()) {
  describe(`golden decisions: ${file}`, () => {
    for (const raw of cases) {
      it(raw.name, async () => {
        const s = makeSandbox(raw.policy);
        sandbox = s;
        const vars = { $GRANT: s.grant, $REF: s.readOnly, $OUTSIDE: s.outside, $HOME: s.root, $DATA: s.data };
        const c = substitute(raw, vars) as GoldenCase;
        if (c.files) writeFiles(c.files);
        for (const g of c.grants ?? []) s.enclave.grants.add(g.path, g.mode);
        for (const p of c.agentCreated ?? []) {
          const made = await s.call('fs.write', { path: p, content: 'by the agent' });
          expect(made.success, `the agent could not create ${p}`).toBe(true);
        }
        const ctx = { actor: 'agent' as const, sessionId: 's1', runId: null, cwd: s.grant, wait: false };

        const checked = await s.enclave.check({ action: c.op, args: c.args, cwd: s.grant, sessionId: 's1' });

        const head = [...s.enclave.audit.entriesAfter(0)].at(-1)?.sequence ?? 0;
        if (c.op === 'pty.spawn') {
          const pty = await s.enclave
            .spawnPty({ cols: 80, rows: 24, ...(c.args as object) }, ctx)
            .catch(() => undefined);
          pty?.kill();
        } else {
          await s.enclave.perform(c.op, c.args, ctx);
        }
        const door = doorDecision(s, head);
        // Payloads write CANARY when they run: a call that was not allowed must have done nothing.
        if (door.decision !== 'allow')
          expect(existsSync(join(s.grant, 'CANARY')), 'CANARY was created').toBe(false);
        expect(picked(door, c.expect), 'the door').toEqual(c.expect);
        // policy.check is the door: the same decision, reason and rule, whatever the case expects.
        expect({
          decision: checked.decision,
          reasonCode: checked.reasonCode,
          ruleId: checked.ruleId,
        }).toEqual(door);
      });
    }
  });
}
