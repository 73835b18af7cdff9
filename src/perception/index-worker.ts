/**
 * The code index's worker thread: tree-sitter parsing and tag queries, so a large file never holds
 * the daemon's event loop. Bundled on its own (`dist/perception-worker.mjs`).
 */
import { parentPort } from 'node:worker_threads';
import type { IndexWorkerReply, IndexWorkerRequest } from './index-worker-protocol.js';
import { language } from './languages/index.js';
import { tagSource } from './tagger.js';

parentPort?.on('message', (req: IndexWorkerRequest) => {
  tagSource(language(req.language), req.text).then(
    (tagged) => parentPort?.postMessage({ id: req.id, tagged: tagged ?? null } satisfies IndexWorkerReply),
    (err: Error) =>
      parentPort?.postMessage({ id: req.id, error: { message: err.message } } satisfies IndexWorkerReply),
  );
});
