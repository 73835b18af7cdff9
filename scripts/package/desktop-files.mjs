/**
 * The desktop entry and icons a package installs system-wide: the same plan `cowork desktop
 * install` carries out for one person (src/cli/desktop/desktop-plan.ts, the single source of the
 * .desktop text), made for /usr/share and the installed `cowork` command.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

/** The plan module, bundled on the fly (it imports only node:path). */
async function desktopPlanModule(repo) {
  const out = await build({
    entryPoints: [join(repo, 'src/cli/desktop/desktop-plan.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/**
 * Writes the Linux plan's files under `root` (a package's file tree) as they go in /usr/share;
 * `command` is the installed launcher. Returns the paths written, relative to `root`.
 */
export async function writeDesktopFiles(repo, root, { command, iconDir }) {
  const { desktopPlan } = await desktopPlanModule(repo);
  const share = join(root, 'usr', 'share');
  const plan = desktopPlan({
    platform: 'linux',
    env: { XDG_DATA_HOME: share },
    userHome: root,
    cowork: [command],
    iconDir,
  });
  const written = [];
  for (const file of plan.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    if (typeof file.content === 'string')
      writeFileSync(file.path, file.content, { mode: file.mode ?? 0o644 });
    else copyFileSync(file.content.copyFrom, file.path);
    written.push(`/${relative(root, file.path)}`);
  }
  return written;
}
