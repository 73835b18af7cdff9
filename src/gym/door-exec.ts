/**
 * A command the gym itself runs in a scenario's folder (the verifier, a setup's `git init`): a
 * `tools.call exec` through the enclave like any other, sandboxed and audited. When the policy asks,
 * the gym is the person who asked for it, so it approves its own call — never the agent's.
 */
import type { RpcCall, ToolResult } from '../contracts/index.js';

export interface ExecOutcome {
  ok: boolean;
  /** What the command printed, with its `[exit code N]` line. */
  output: string;
}

export async function execInFolder(
  call: RpcCall,
  folder: string,
  command: { argv: string[] } | { command: string },
  timeoutMs: number,
): Promise<ExecOutcome> {
  const args = { ...command, cwd: folder, timeoutMs };
  let result = await call('tools.call', { name: 'exec', arguments: args, cwd: folder, wait: false });
  const approvalId = approvalAsked(result);
  if (approvalId) {
    await call('approvals.decide', { id: approvalId, status: 'approved' });
    result = await call('tools.call', {
      name: 'exec',
      arguments: args,
      cwd: folder,
      wait: false,
      approvalId,
    });
  }
  return { ok: result.success, output: textOf(result) || (result.error?.message ?? '') };
}

function approvalAsked(result: ToolResult): string | undefined {
  if (result.error?.code !== 'PERMISSION_ESCALATION_REQUIRED') return undefined;
  const id = result.error.details?.approvalId;
  return typeof id === 'string' ? id : undefined;
}

function textOf(result: ToolResult): string {
  return result.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}
