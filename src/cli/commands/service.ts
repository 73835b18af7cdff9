import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { packageRoot } from '../../server/index.js';
import { writeFileAtomic } from '../../store/index.js';
import { usageError } from '../command-table.js';
import { DAEMON_ENV, DAEMON_NODE_FLAGS, runServiceManager } from '../launcher.js';

const UNIT = 'cowork.service';
const LABEL = 'dev.cowork.daemon';

interface ServiceTarget {
  file: string;
  content: string;
  enable: [string, string[]][];
  disable: [string, string[]][];
}

/** The OS service definition that runs `cowork start --foreground` at login and restarts it on failure. */
export function serviceTarget(home: string, env: NodeJS.ProcessEnv = process.env): ServiceTarget {
  const cliMain = join(packageRoot(), 'dist', 'cowork.mjs');
  const userHome = env['HOME'] || homedir();
  const command = [
    process.execPath,
    ...DAEMON_NODE_FLAGS,
    cliMain,
    'start',
    '--foreground',
    '--no-open',
    '--home',
    home,
  ];
  if (process.platform === 'darwin') {
    const file = join(userHome, 'Library', 'LaunchAgents', `${LABEL}.plist`);
    const args = command.map((a) => `    <string>${escapeXml(a)}</string>`).join('\n');
    return {
      file,
      content: `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>${LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
${Object.entries(DAEMON_ENV)
  .map(([k, v]) => `    <key>${k}</key><string>${v}</string>`)
  .join('\n')}
  </dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
</dict>
</plist>
`,
      enable: [['launchctl', ['load', '-w', file]]],
      disable: [['launchctl', ['unload', '-w', file]]],
    };
  }
  if (process.platform === 'linux') {
    const configHome = env['XDG_CONFIG_HOME'] || join(userHome, '.config');
    const file = join(configHome, 'systemd', 'user', UNIT);
    return {
      file,
      content: `[Unit]
Description=Cowork daemon (coworkd)
After=default.target

[Service]
Type=simple
${Object.entries(DAEMON_ENV)
  .map(([k, v]) => `Environment=${k}=${v}`)
  .join('\n')}
ExecStart=${command.map(quoteSystemd).join(' ')}
Restart=on-failure
RestartSec=2

[Install]
WantedBy=default.target
`,
      enable: [
        ['systemctl', ['--user', 'daemon-reload']],
        ['systemctl', ['--user', 'enable', '--now', UNIT]],
      ],
      disable: [
        ['systemctl', ['--user', 'disable', '--now', UNIT]],
        ['systemctl', ['--user', 'daemon-reload']],
      ],
    };
  }
  throw new CoworkError('UNAVAILABLE', `cowork service is not supported on ${process.platform} yet.`);
}

export function service(action: string, home: string, enable: boolean): number {
  const target = serviceTarget(home);
  if (action === 'install') {
    mkdirSync(join(target.file, '..'), { recursive: true });
    writeFileAtomic(target.file, target.content, 0o644);
    process.stdout.write(`wrote ${target.file}\n`);
    if (enable) runSteps(target.enable);
    return 0;
  }
  if (action === 'uninstall') {
    if (enable && existsSync(target.file)) runSteps(target.disable);
    rmSync(target.file, { force: true });
    process.stdout.write(`removed ${target.file}\n`);
    return 0;
  }
  throw usageError('service');
}

function runSteps(steps: [string, string[]][]): void {
  for (const [cmd, args] of steps) {
    const r = runServiceManager(cmd, args);
    process.stdout.write(
      `${r.ok ? 'ran' : 'could not run'}: ${cmd} ${args.join(' ')}${r.ok ? '' : ` (${r.output})`}\n`,
    );
    if (!r.ok) return;
  }
}

function quoteSystemd(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\])/g, '\\$1')}"`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
