import type { StatusReport } from '../../contracts/index.js';
import { findRunningDaemon, isAlive, postToDaemon, waitFor } from '../daemon-client.js';
import { printJson } from '../output.js';

export async function status(home: string, json: boolean): Promise<number> {
  const running = await findRunningDaemon(home);
  const report: StatusReport = running
    ? { running: true, pid: running.info.pid, url: running.info.url, version: running.info.version }
    : { running: false, pid: null, url: null, version: null };
  if (json) printJson(report);
  else if (running)
    process.stdout.write(`cowork ${report.version} is running at ${report.url} (pid ${report.pid})\n`);
  else process.stdout.write(`cowork is not running for ${home}\n`);
  return running ? 0 : 3;
}

/** Graceful stop over the API (finishes writes, closes the database); SIGTERM if it does not answer. */
export async function stop(home: string): Promise<number> {
  const running = await findRunningDaemon(home);
  if (!running) {
    process.stdout.write('cowork is not running\n');
    return 0;
  }
  const { pid } = running.info;
  try {
    await postToDaemon(running, '/api/daemon/stop');
  } catch {
    process.kill(pid, 'SIGTERM');
  }
  if (!(await waitFor(() => !isAlive(pid), 10_000, 25))) {
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !isAlive(pid), 5_000, 25);
  }
  const stopped = !isAlive(pid);
  process.stdout.write(stopped ? `cowork stopped (pid ${pid})\n` : `cowork (pid ${pid}) did not stop\n`);
  return stopped ? 0 : 1;
}
