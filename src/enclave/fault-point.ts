/**
 * Crash points for the fault-injection tests: with `COWORK_FAULT_POINT=<name>` in its environment,
 * the process kills itself (SIGKILL, nothing flushed, no handler run) the moment it reaches that
 * point. Without the variable — always, outside those tests — a point is a comparison and nothing.
 */
export function faultPoint(name: string): void {
  if (process.env.COWORK_FAULT_POINT === name) process.kill(process.pid, 'SIGKILL');
}
