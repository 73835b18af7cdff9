// The interface between the index and what reads it.
export type { CodeIndexes, CodeIndexReader, IndexedFile } from './code-index.js';

// ── the index (perception-index branch) ──
export { type CodeIndexesOptions, LocalCodeIndexes } from './code-indexes.js';
// ── queries, the repository map, the agent's tools (perception-tools branch) ──
export { CodeService, matchScore } from './code-service.js';
export { CodeWatch, changedPaths, type FolderWatching } from './code-watch.js';
export { editImpact } from './edit-impact.js';
export { codeEditNote, type FilesChanged, OpenIndexes } from './open-indexes.js';
export {
  type CodeAnswer,
  type CodeQuery,
  codeQueries,
  codeTools,
  folderFor,
  performCodeQuery,
  performCodeRead,
} from './perception-tools.js';
export { codeRenameTool } from './precise/code-rename-tool.js';
// ── the precise path: language servers, with the index as the fallback; code_rename ──
export { enclavePreciseCode, PreciseCode, type PreciseServers } from './precise/precise-code.js';
export { applyEdits, IDENTIFIER, renamePlan } from './precise/rename-edits.js';
export { readableOnly } from './readable-index.js';
export { countTokens, repoMap } from './repo-map.js';
export { OVERVIEW_WAIT_MS, promptFocus, type TaskOverview, taskOverview } from './task-overview.js';
