/**
 * Which project instruction files (AGENTS.md, CLAUDE.md, .goosehints) a run in this folder gets,
 * as the daemon reads them (`runs.instructions`): the person sees what the agent was told.
 */
import { Fragment, useEffect, useState } from 'react';
import { rpc } from '../state/cowork';
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

export function InstructionsInUse({ folder }: { folder: string | null }) {
  const [files, setFiles] = useState<InstructionFile[]>([]);
  useEffect(() => {
    setFiles([]);
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
  }, [folder]);
  if (!folder || files.length === 0) return null;
  return (
    <p className="instructions-in-use" data-testid="instructions-in-use">
      Instructions in use:{' '}
      {files.map((f, i) => (
        <Fragment key={f.path}>
          {i > 0 && ', '}
          <span title={`${f.path} — ${f.bytes} bytes${f.cut ? ', cut to fit' : ''}`}>
            {shortName(f.path, folder)}
          </span>
          {f.cut && ' (cut)'}
        </Fragment>
      ))}
    </p>
  );
}
