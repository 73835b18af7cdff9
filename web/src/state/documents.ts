/**
 * Documents in the UI: which files the Files panel previews instead of editing as text, their
 * previews (`documents.preview`, read through the door as the person), and their bytes' address.
 */
import type { Artifact, DocumentPreview } from '../../../src/contracts/index';
import { panel, rpc } from './cowork';
import { openFile } from './files';

export type { Artifact, DocumentPreview };

const PREVIEWED = /\.(pdf|docx|docm|xlsx|xlsm|ods|csv|tsv|pptx|pptm|png|jpe?g|gif|webp|bmp)$/i;

/** Files shown as a preview (a rendered document, a grid, slides, an image), not as text. */
export function isPreviewed(path: string): boolean {
  return PREVIEWED.test(path);
}

export function loadPreview(path: string): Promise<DocumentPreview> {
  return rpc.call('documents.preview', { path });
}

/** The file's bytes from the daemon (`GET /api/files`: the person's read through the door). */
export function fileUrl(path: string, download = false): string {
  return `/api/files?${new URLSearchParams({ path, ...(download ? { download: '1' } : {}) })}`;
}

export function openInFiles(path: string): void {
  openFile.set({ path });
  panel.set('files');
}

export const fileName = (path: string) => path.split('/').pop() ?? path;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
