/**
 * A file a run's document tool wrote, in the transcript after the call that made it: what it is,
 * its size, and its preview on demand (the preview code loads only then), a download, the Files panel.
 */
import { Download, FileSpreadsheet, FileText, FolderOpen, NotebookPen, Presentation } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { type Artifact, fileName, fileUrl, formatBytes, openInFiles } from '../state/documents';
import './artifact-card.css';

const DocumentPreview = lazy(() =>
  import('./document-preview').then((m) => ({ default: m.DocumentPreview })),
);

const KINDS: Record<Artifact['kind'], { icon: typeof FileText; label: string }> = {
  docx: { icon: FileText, label: 'Word document' },
  xlsx: { icon: FileSpreadsheet, label: 'Spreadsheet' },
  pptx: { icon: Presentation, label: 'Slide deck' },
  pdf: { icon: FileText, label: 'PDF' },
  note: { icon: NotebookPen, label: 'Note' },
};

export function ArtifactCard({ artifact }: { artifact: Artifact }) {
  const [open, setOpen] = useState(false);
  const { icon: Icon, label } = KINDS[artifact.kind];
  const name = fileName(artifact.path);
  return (
    <section className="artifact-card" aria-label={`${label} ${name}`} data-testid="artifact-card">
      <div className="artifact-head">
        <Icon aria-hidden="true" size={18} className="artifact-icon" />
        <div className="artifact-name">
          <strong title={artifact.path}>{name}</strong>
          <span className="muted">
            {label} · {formatBytes(artifact.bytes)}
          </span>
        </div>
        <div className="artifact-actions">
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide preview' : 'Preview'}
          </button>
          <a
            className="button"
            href={fileUrl(artifact.path, true)}
            download={name}
            aria-label={`Download ${name}`}
          >
            <Download aria-hidden="true" size={14} />
          </a>
          <button
            type="button"
            aria-label={`Open ${name} in Files`}
            onClick={() => openInFiles(artifact.path)}
          >
            <FolderOpen aria-hidden="true" size={14} />
          </button>
        </div>
      </div>
      {open && (
        <Suspense fallback={<p className="muted">Loading preview…</p>}>
          <DocumentPreview path={artifact.path} actions={false} />
        </Suspense>
      )}
    </section>
  );
}
