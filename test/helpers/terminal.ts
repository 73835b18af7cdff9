/**
 * The `cowork` CLI in a pseudo-terminal, as a person runs it: `react` sees the screen so far after
 * each chunk of output and may type; the promise gives the exit code (-1 when it did not exit in
 * time) and the whole screen.
 */
import { type IPty, spawn } from '@lydell/node-pty';
import { onCleanup } from './cleanup.js';
import { CLI } from './daemon.js';

export async function coworkInTerminal(
  args: string[],
  react: (screen: string, term: IPty) => void,
  timeoutMs: number,
): Promise<{ code: number; screen: string }> {
  const term = spawn(process.execPath, [CLI, ...args], {
    cols: 200,
    rows: 50,
    env: process.env as Record<string, string>,
  });
  let screen = '';
  term.onData((d) => {
    screen += d;
    react(screen, term);
  });
  let running = true;
  const exited = new Promise<number>((resolve) =>
    term.onExit(({ exitCode }) => {
      running = false;
      resolve(exitCode);
    }),
  );
  onCleanup(() => {
    if (running) term.kill();
  });
  const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), timeoutMs))]);
  return { code, screen };
}
