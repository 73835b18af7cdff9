import { ChevronDown, ChevronRight, FileWarning } from 'lucide-react';
import { useState } from 'react';
import type { EditImpact as EditImpactShape } from '../../../src/contracts/index';
import { relativeTo } from '../state/code';
import { grants, panel } from '../state/cowork';
import { openFile } from '../state/files';
import { useStore } from '../state/store';

/** The granted folder holding `path` (the innermost), for paths shown relative to it. */
function folderOf(list: { path: string }[], path: string): string | undefined {
  return list
    .map((g) => g.path)
    .filter((f) => path === f || path.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * "Affects N files" on an edit's approval card, said before the diff; expanded, the files that use
 * what the edit changes (each opens in the Files panel).
 */
export function EditImpact({ impact }: { impact: EditImpactShape }) {
  const [open, setOpen] = useState(false);
  const folders = useStore(grants);
  const folder = folderOf(folders, impact.files[0] ?? '');
  const unnamed = impact.count - impact.files.length;
  return (
    <div className="edit-impact" data-testid="edit-impact">
      <button type="button" className="edit-impact-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <FileWarning aria-hidden="true" size={16} />
        <strong>
          Affects {impact.count} file{impact.count === 1 ? '' : 's'}
        </strong>
        <span>
          changes <code>{impact.changed.join(', ')}</code>
        </span>
        {open ? (
          <ChevronDown className="edit-impact-chevron" aria-hidden="true" size={16} />
        ) : (
          <ChevronRight className="edit-impact-chevron" aria-hidden="true" size={16} />
        )}
      </button>
      {open && (
        <ul className="edit-impact-files" aria-label="Files that use what this edit changes">
          {impact.files.map((f) => (
            <li key={f}>
              <button
                type="button"
                className="link"
                title={f}
                onClick={() => {
                  openFile.set({ path: f });
                  panel.set('files');
                }}
              >
                {folder ? relativeTo(folder, f) : f}
              </button>
            </li>
          ))}
          {unnamed > 0 && <li className="muted">and {unnamed} more</li>}
        </ul>
      )}
    </div>
  );
}
