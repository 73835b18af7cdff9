import { MAX_UPLOAD_BYTES } from '../../../src/contracts/shared-values';
import { approvalOutcome, panel, rpc, toast } from './cowork';
import { Store } from './store';

/** A file opened in the Files panel (from the tree, or a memory search hit) and the lines to show. */
export const openFile = new Store<{ path: string; line?: number; endLine?: number; edit?: boolean } | null>(
  null,
);

/**
 * Runs a tool through the enclave as the person (the same grants, secret rules and approvals as
 * everything else) and returns its text; a refusal or failure throws its message.
 */
export async function callTool(name: string, args: Record<string, unknown>): Promise<string> {
  const r = await rpc.call('tools.call', { name, arguments: args });
  if (!r.success) throw new Error(r.error?.message ?? `${name} failed.`);
  return r.content.map((c) => ('text' in c ? (c.text ?? '') : '')).join('');
}

export function readText(path: string): Promise<string> {
  return callTool('fs.read', { path });
}

/**
 * Saves the person's own text to `path` (`files.save`: their Save is their consent; grants, deny
 * rules and the audit still apply). A refusal throws its reason.
 */
export async function writeText(path: string, content: string): Promise<void> {
  const r = await rpc.call('files.save', { path, content });
  if (!r.success) throw new Error(r.error?.message ?? `${path} was not saved.`);
  savedFiles.set((n) => n + 1);
}

/** Counts the person's saves, so views built from files (instructions in use) read them again. */
export const savedFiles = new Store(0);

export async function listFolder(path: string): Promise<{ path: string; type: string }[]> {
  const text = await callTool('fs.list', { path, gitignore: true });
  return (JSON.parse(text || '{"entries":[]}') as { entries: { path: string; type: string }[] }).entries;
}

interface UploadError {
  error?: { code?: string; message?: string; details?: { approvalId?: string } };
}

/**
 * Copies a file into `path` through the daemon's upload endpoint: the body is the file itself,
 * streamed, authenticated by the session cookie (same origin). The daemon writes it through the
 * enclave as the person's fs.write: a new file is written, replacing one needs an approval — then
 * this waits for the person's answer and sends the file again with it. Throws the refusal.
 */
export async function uploadFile(path: string, file: File): Promise<void> {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(`over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: copy it into the folder yourself.`);
  }
  const put = async (approvalId?: string) => {
    const query = new URLSearchParams({ path, ...(approvalId ? { approvalId } : {}) });
    const res = await fetch(`/api/files?${query}`, { method: 'PUT', body: file, credentials: 'same-origin' });
    return { ok: res.ok, status: res.status, body: (await res.json().catch(() => ({}))) as UploadError };
  };
  let reply = await put();
  const approvalId = reply.body.error?.details?.approvalId;
  if (reply.body.error?.code === 'PERMISSION_ESCALATION_REQUIRED' && approvalId) {
    toast(`Replacing ${path} needs your approval.`);
    panel.set('approvals');
    const outcome = await approvalOutcome(approvalId);
    if (outcome !== 'approved') throw new Error(`not replaced (${outcome}).`);
    reply = await put(approvalId);
  }
  if (!reply.ok) throw new Error(reply.body.error?.message ?? `the upload failed (HTTP ${reply.status}).`);
}
