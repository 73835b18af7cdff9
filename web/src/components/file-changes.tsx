import type { UndoChange } from '../state/types';
import './file-changes.css';

const CHANGE_TEXT: Record<UndoChange['change'], string> = {
  modify: 'edited back',
  delete: 'deleted (the run created it)',
  restore: 'brought back',
};
/** A redo takes each file to what the run left: the same kinds, said the other way round. */
const REDO_TEXT: Record<UndoChange['change'], string> = {
  modify: 'edited again',
  delete: 'deleted again',
  restore: 'made again',
};

/** The folder-relative name when the file is inside it: shorter, and what the person knows it by. */
function shortPath(path: string, folder: string | null): string {
  return folder && path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : path;
}

/** Files an undo, revert or redo changes (or changed): each with what happens to it and its lines +/-. */
export function FileChanges({
  files,
  folder,
  redo = false,
}: {
  files: UndoChange[];
  folder: string | null;
  redo?: boolean;
}) {
  return (
    <ul className="file-changes" data-testid="file-changes">
      {files.map((f) => (
        <li key={f.path}>
          <span className="fc-path" title={f.path}>
            {shortPath(f.path, folder)}
          </span>
          <span className="fc-what muted">{(redo ? REDO_TEXT : CHANGE_TEXT)[f.change]}</span>
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
