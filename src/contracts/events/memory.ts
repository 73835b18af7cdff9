/** What the memory index records (src/memory): indexing jobs, and the folders it keeps fresh. */
import * as z from 'zod/mini';
import { LessonProposal, MemoryIndexJob } from '../memory.js';
import { payload } from './payload.js';

/** Built when first asked for (see eventPayloads in index.ts). */
export const memoryEvents = () => ({
  'memory.index_progress': payload(
    'An indexing job moved on, or was paused or resumed.',
    MemoryIndexJob.shape,
  ),
  'memory.index_finished': payload(
    'An indexing job ended (done, cancelled or failed).',
    MemoryIndexJob.shape,
  ),
  'memory.index_updated': payload('Changes in an indexed folder are in the index.', {
    folder: z.string(),
    changes: z.int().check(z.nonnegative()),
  }),
  'memory.watch_failed': payload(
    'An indexed folder cannot be followed (not granted any more, or gone); its index stays as it was.',
    { folder: z.string(), message: z.string() },
  ),
  'memory.proposal_added': payload(
    'The critic proposes a lesson from what the person did (with its evidence); nothing applies until they accept it.',
    { proposal: LessonProposal },
  ),
  'memory.proposal_decided': payload('The person accepted, edited or dismissed a proposed lesson.', {
    proposal: LessonProposal,
  }),
});
