import { resolve } from 'node:path';
import { usageError } from '../command-table.js';
import { withDaemon } from '../rpc.js';

/**
 * `cowork terminal exec --cwd DIR -- CMD ARGS…`: runs a program in a new terminal session of the
 * daemon (decided, sandboxed and audited like any terminal), streams what it prints, and exits
 * with its exit code. The command is the person's own, so it is their consent: the daemon does not
 * ask them to approve it (a folder not granted or a denied command is still refused). The session
 * stays listed, so the UI can show what ran.
 */
export function terminalCommand(
  args: string[],
  o: { home: string; cwd?: string | undefined },
): Promise<number> {
  const [sub, ...argv] = args;
  if (sub !== 'exec' || argv.length === 0) throw usageError('terminal');
  return withDaemon(o.home, async (call, _onEvent, onBinary) => {
    const size = process.stdout.isTTY ? { cols: process.stdout.columns, rows: process.stdout.rows } : {};
    const session = await call('terminal.open', { argv, cwd: resolve(o.cwd ?? '.'), ...size });
    let channel = -1;
    const early: Buffer[] = [];
    onBinary((frame) => {
      if (frame[0] !== 1) return;
      if (channel < 0)
        early.push(frame); // output that raced the attach reply
      else if (frame.readUInt32BE(1) === channel) process.stdout.write(frame.subarray(5));
    });
    ({ channel } = await call('terminal.attach', { id: session.id }));
    for (const frame of early) if (frame.readUInt32BE(1) === channel) process.stdout.write(frame.subarray(5));
    const exit = await call('terminal.wait', { id: session.id });
    // The last output may still be in flight behind the reply: one round trip flushes it.
    await call('system.ping', {});
    return exit.exitCode;
  });
}
