/**
 * Content search: ripgrep, run inside the sandbox like any command (so secrets masked there stay
 * invisible), decided as a read of the folder searched. Matches in paths the policy would not let
 * the agent read are dropped as well.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { homePaths } from '../../store/index.js';
import { runCommand } from '../brokers/exec.js';
import { bwrapAvailable } from '../exec/linux-bwrap.js';
import type { OperationArgs } from '../operations/table.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { evaluate } from '../policy/evaluate.js';
import { sandboxSpec } from './exec.js';

export function planSearch(x: PlanContext, args: OperationArgs<'fs.search'>, ctx: CallContext): Plan {
  const r = x.resolve(args.path, ctx);
  if (!r.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${r.real} does not exist.`);
  // ripgrep would open a named pipe given by name and wait on it (it skips them while walking).
  const type = statSync(r.real);
  if (!type.isDirectory() && !type.isFile())
    throw new CoworkError('INVALID_ARGUMENTS', `${r.real} is not a regular file or folder; refused.`);
  const argv = [
    'rg',
    '--line-number',
    '--no-heading',
    '--color=never',
    '--max-columns=300',
    `--max-count=${args.maxResults}`,
    ...(args.ignoreCase ? ['--ignore-case'] : []),
    ...(args.glob ? ['--glob', args.glob] : []),
    '-e',
    args.pattern,
    r.real,
  ];
  return {
    requests: [{ action: 'fs.read', path: r.real, sessionId: ctx.sessionId }],
    target: `search ${JSON.stringify(args.pattern)} in ${r.real}`,
    title: `Search for ${args.pattern} in ${r.real}`,
    recheck: [r],
    writes: false,
    effect: async () => {
      if (!bwrapAvailable().ok)
        throw new CoworkError('SANDBOX_UNAVAILABLE', 'Search runs in the sandbox, which cannot start here.');
      const out = await runCommand({
        argv,
        spec: sandboxSpec(x, type.isDirectory() ? r.real : dirname(r.real)),
        sandboxed: true,
        spoolDir: homePaths(x.dataDir).spool,
        timeoutMs: 60_000,
      });
      if (out.exitCode !== 0 && out.exitCode !== 1) {
        return {
          content: [{ type: 'text' as const, text: out.stderr }],
          error: { code: 'INTERNAL' as const, message: `ripgrep failed (exit ${out.exitCode}).` },
        };
      }
      const lines = out.stdout
        .split('\n')
        .filter(Boolean)
        .filter((line) => {
          const file = line.slice(0, line.indexOf(':'));
          return (
            evaluate(x.policy, { action: 'fs.read', path: file }, { grants: x.grants }).decision === 'allow'
          );
        })
        .slice(0, args.maxResults);
      return { content: [{ type: 'text' as const, text: lines.length ? lines.join('\n') : 'no matches' }] };
    },
  };
}
