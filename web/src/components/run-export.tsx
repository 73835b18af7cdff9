import { Download } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { rpc, toast } from '../state/cowork';
import { saveFile } from '../state/save-file';
import { Store, useStore } from '../state/store';
import type { RunInfo } from '../state/types';
import './run-export.css';

type Format = 'md' | 'json';

/** The run whose export choices the palette's "Export this run…" opened (its footer shows them). */
export const exportMenu = new Store<string | null>(null);

/** `cowork-run-1a2b3c4d-fix-the-typo.md`: the run's short id and its prompt's first words. */
export function exportFileName(run: Pick<RunInfo, 'id' | 'prompt'>, format: Format): string {
  const slug = run.prompt
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return `cowork-run-${run.id.slice(0, 8)}${slug ? `-${slug}` : ''}.${format}`;
}

/** Asks the daemon for the export (`runs.export`, as `cowork runs export` does) and saves it as a file. */
async function download(run: RunInfo, format: Format): Promise<void> {
  const result = await rpc.call('runs.export', { runId: run.id, format });
  const blob =
    result.format === 'md'
      ? new Blob([result.markdown], { type: 'text/markdown' })
      : new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' });
  saveFile(blob, exportFileName(run, format));
}

/** A finished run's quiet "Export" under its timeline: Markdown to read or share, JSON for scripts. */
export function RunExport({ run }: { run: RunInfo }) {
  const asked = useStore(exportMenu) === run.id;
  const [open, setOpen] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!asked) return;
    setOpen(true);
    exportMenu.set(null);
  }, [asked]);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const save = (format: Format) => {
    close();
    void download(run, format).catch((e: Error) => toast(`Export failed: ${e.message}`, 'error'));
  };
  return (
    <div className="run-export" data-testid="run-export">
      <button
        ref={toggle}
        type="button"
        className="run-export-toggle"
        aria-expanded={open}
        aria-label="Export this run"
        onClick={() => setOpen(!open)}
      >
        <Download aria-hidden="true" size={14} />
        Export
      </button>
      {open && (
        <fieldset
          className="run-export-choices"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            close();
          }}
        >
          <legend className="sr-only">Export this run as</legend>
          <button ref={first} type="button" onClick={() => save('md')}>
            Markdown
          </button>
          <button type="button" onClick={() => save('json')}>
            JSON
          </button>
        </fieldset>
      )}
    </div>
  );
}
