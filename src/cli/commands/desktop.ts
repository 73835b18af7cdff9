import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { packageRoot } from '../../server/index.js';
import { writeFileAtomic } from '../../store/index.js';
import { usageError } from '../command-table.js';
import { type DesktopPlan, desktopPlan, type PlannedStep } from '../desktop/desktop-plan.js';
import { runServiceManager } from '../launcher.js';
import { service } from './service.js';

/** This install's plan: `cowork open` by this Node and this bundle, the icons of this build. */
export function thisDesktopPlan(env: NodeJS.ProcessEnv = process.env): DesktopPlan {
  const root = packageRoot();
  try {
    return desktopPlan({
      platform: process.platform,
      env,
      userHome: env['HOME'] || homedir(),
      cowork: [process.execPath, join(root, 'dist', 'cowork.mjs')],
      iconDir: join(root, 'web', 'dist', 'icons'),
    });
  } catch (err) {
    throw new CoworkError('UNAVAILABLE', (err as Error).message);
  }
}

/** Writes the plan's files (icons copied from the UI's build). */
export function writePlanFiles(plan: DesktopPlan): string[] {
  for (const file of plan.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    if (typeof file.content === 'string') writeFileAtomic(file.path, file.content, file.mode ?? 0o644);
    else {
      if (!existsSync(file.content.copyFrom))
        throw new CoworkError(
          'UNAVAILABLE',
          `${file.content.copyFrom} is missing: build the UI first (npm run build).`,
        );
      copyFileSync(file.content.copyFrom, file.path);
    }
  }
  return plan.files.map((f) => f.path);
}

/** Removes exactly the plan's files (and those its steps made); folders are left. */
export function removePlanFiles(plan: DesktopPlan): string[] {
  const removed = [...plan.files.map((f) => f.path), ...plan.created].filter((p) => existsSync(p));
  for (const path of removed) rmSync(path, { force: true });
  return removed;
}

export function desktop(action: string | undefined, home: string, opts: { login: boolean }): number {
  if (action !== 'install' && action !== 'uninstall') throw usageError('desktop');
  const plan = thisDesktopPlan();
  if (action === 'install') {
    for (const path of writePlanFiles(plan)) process.stdout.write(`wrote ${path}\n`);
    runSteps(plan.register);
    if (opts.login) return service('install', home, true);
    return 0;
  }
  for (const path of removePlanFiles(plan)) process.stdout.write(`removed ${path}\n`);
  runSteps(plan.unregister);
  if (opts.login) return service('uninstall', home, true);
  return 0;
}

function runSteps(steps: PlannedStep[]): void {
  for (const step of steps) {
    const r = runServiceManager(step.cmd, step.args);
    const line = `${step.cmd} ${step.args.join(' ')}`;
    if (r.ok) process.stdout.write(`ran: ${line}\n`);
    else if (r.output === `${step.cmd} not found`)
      process.stdout.write(`${step.cmd} is not installed: ${step.whenMissing}\n`);
    else process.stdout.write(`could not run: ${line} (${r.output})\n`);
  }
}
