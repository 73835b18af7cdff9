import type { UndoChange } from '../state/types';
import './file-changes.css';

const CHANGE_TEXT: Record<UndoChange['change'], string> = {
  modify: 'edited back',
  delete: 'deleted (the run created it)',
  restore: 'brought back',
};

/** The folder-relative name when the file is inside it: shorter, and what the person knows it by. */
function shortPath(path: string, folder: string | null): string {
  return folder && path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : path;
}

/** Files an undo or revert changes (or changed): each with what happens to it and its lines +/-. */
export function FileChanges({ files, folder }: { files: UndoChange[]; folder: string | null }) {
  return (
    <ul className="file-changes" data-testid="file-changes">
      {files.map((f) => (
        <li key={f.path}>
          <span className="fc-path" title={f.path}>
            {shortPath(f.path, folder)}
          </span>
          <span className="fc-what muted">{CHANGE_TEXT[f.change]}</span>
          <span className="fc-count">
            <span className="fc-add">
              +{f.added}
              <span className="sr-only"> lines added,</span>
            </span>{' '}
            <span className="fc-del">
              −{f.removed}
              <span className="sr-only"> lines removed</span>
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
