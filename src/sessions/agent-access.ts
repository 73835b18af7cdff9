import type { ToolResult, WorkspaceSession } from '../contracts/index.js';
import { toolFailure } from '../enclave/index.js';

/**
 * A session as an agent tool may use it: a missing one is RESOURCE_NOT_FOUND; to act on it (not
 * just read it) the agent must control it — while the person does, the agent is told so.
 */
export function sessionForAgent<T extends { info: WorkspaceSession }>(
  find: (id: string) => T,
  id: string,
  use: { callId: string; noun: string; act: boolean },
): { ok: true; session: T } | { ok: false; result: ToolResult } {
  let session: T;
  try {
    session = find(id);
  } catch {
    return {
      ok: false,
      result: toolFailure(use.callId, 'RESOURCE_NOT_FOUND', `There is no ${use.noun} ${id}.`),
    };
  }
  if (use.act && session.info.controller !== 'agent')
    return {
      ok: false,
      result: toolFailure(
        use.callId,
        'CONFLICT',
        `The person has taken control of this ${use.noun}. Wait until they hand it back, or ask them.`,
      ),
    };
  return { ok: true, session };
}
