/**
 * Which project instruction files (AGENTS.md, CLAUDE.md, .goosehints) a run in this folder gets,
 * as the daemon reads them (`runs.instructions`): the person sees what the agent was told, and
 * opens any of them in the Files panel's editor (or starts an AGENTS.md when there is none).
 */
import { Fragment, useEffect, useState } from 'react';
import { panel, rpc, toast } from '../state/cowork';
import { openFile, savedFiles, writeText } from '../state/files';
import { useStore } from '../state/store';
import type { RpcResult } from '../state/types';

type InstructionFile = RpcResult<'runs.instructions'>['files'][number];

/** The folder-relative name of a file above or in it (`../AGENTS.md` for the grant root's). */
function shortName(path: string, folder: string): string {
  if (path.startsWith(`${folder}/`)) return path.slice(folder.length + 1);
  let up = '';
  for (let at = folder; at.includes('/') && !path.startsWith(`${at}/`); ) {
    at = at.slice(0, at.lastIndexOf('/'));
    up += '../';
  }
  return `${up}${path.slice(path.lastIndexOf('/') + 1)}`;
}

const AGENTS_TEMPLATE = `# AGENTS.md

How to work in this project (Cowork, Codex, Claude Code and goose read this file).

- Build:
- Test:
- Style:
`;

function edit(path: string) {
  openFile.set({ path, edit: true });
  panel.set('files');
}

/** Starts an AGENTS.md in the folder (a new file: the folder's grant decides) and opens it. */
function addAgentsFile(folder: string) {
  const path = `${folder}/AGENTS.md`;
  writeText(path, AGENTS_TEMPLATE).then(
    () => edit(path),
    (err: Error) => toast(`AGENTS.md not created: ${err.message}`, 'error'),
  );
}

export function InstructionsInUse({ folder }: { folder: string | null }) {
  const [files, setFiles] = useState<InstructionFile[] | null>(null);
  const saved = useStore(savedFiles);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `saved` says when to read them again
  useEffect(() => {
    setFiles(null);
    if (!folder) return;
    let live = true;
    // Not worth a toast: without the line the person still has everything else.
    rpc.call('runs.instructions', { folder }).then(
      (r) => live && setFiles(r.files),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [folder, saved]);
  if (!folder || files === null) return null;
  if (files.length === 0)
    return (
      <p className="instructions-in-use" data-testid="instructions-in-use">
        No project instructions.{' '}
        <button type="button" className="link" onClick={() => addAgentsFile(folder)}>
          Add AGENTS.md
        </button>
      </p>
    );
  return (
    <p className="instructions-in-use" data-testid="instructions-in-use">
      Instructions in use:{' '}
      {files.map((f, i) => (
        <Fragment key={f.path}>
          {i > 0 && ', '}
          <button
            type="button"
            className="link"
            title={`${f.path} — ${f.bytes} bytes${f.cut ? ', cut to fit' : ''} (click to edit)`}
            onClick={() => edit(f.path)}
          >
            {shortName(f.path, folder)}
          </button>
          {f.cut && ' (cut)'}
        </Fragment>
      ))}
    </p>
  );
}
