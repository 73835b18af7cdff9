import { rpc } from './cowork';
import { Store } from './store';

/** A file opened in the Files panel (from the tree, or a memory search hit) and the lines to show. */
export const openFile = new Store<{ path: string; line?: number; endLine?: number } | null>(null);

/**
 * Runs a tool through the enclave as the person (the same grants, secret rules and approvals as
 * everything else) and returns its text; a refusal or failure throws its message.
 */
export async function callTool(name: string, args: Record<string, unknown>): Promise<string> {
  const r = await rpc.call<{
    success: boolean;
    content: { type: string; text?: string }[];
    error?: { message: string } | null;
  }>('tools.call', { name, arguments: args });
  if (!r.success) throw new Error(r.error?.message ?? `${name} failed.`);
  return r.content.map((c) => c.text ?? '').join('');
}

export function readText(path: string): Promise<string> {
  return callTool('fs.read', { path });
}

export async function listFolder(path: string): Promise<{ path: string; type: string }[]> {
  const text = await callTool('fs.list', { path, gitignore: true });
  return (JSON.parse(text || '{"entries":[]}') as { entries: { path: string; type: string }[] }).entries;
}
