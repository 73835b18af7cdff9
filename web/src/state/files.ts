import { rpc } from './cowork';
import { Store } from './store';

/** A file opened in the Files panel (from the tree, or a memory search hit) and the lines to show. */
export const openFile = new Store<{ path: string; line?: number; endLine?: number } | null>(null);

/** Reads through the enclave as the person: the same grants and secret rules as everything else. */
export async function readText(path: string): Promise<string> {
  const r = await rpc.call<{
    success: boolean;
    content: { type: string; text?: string }[];
    error?: { message: string } | null;
  }>('tools.call', {
    name: 'fs.read',
    arguments: { path },
  });
  if (!r.success) throw new Error(r.error?.message ?? 'Cannot read the file.');
  return r.content.map((c) => c.text ?? '').join('');
}

export async function listFolder(path: string): Promise<{ path: string; type: string }[]> {
  const r = await rpc.call<{
    success: boolean;
    content: { text?: string }[];
    error?: { message: string } | null;
  }>('tools.call', {
    name: 'fs.list',
    arguments: { path, gitignore: true },
  });
  if (!r.success) throw new Error(r.error?.message ?? 'Cannot list the folder.');
  return (JSON.parse(r.content[0]?.text ?? '{"entries":[]}') as { entries: { path: string; type: string }[] })
    .entries;
}
