/** What a workforce records (src/workforce): its log, entry by entry, and its state after each batch. */
import * as z from 'zod/mini';
import { WorkforceDecision, WorkforceInfo } from '../workforce.js';
import { payload } from './payload.js';

/** Built when first asked for (see eventPayloads in index.ts). */
export const workforceEvents = () => ({
  'workforce.entry': payload(
    "One entry of a workforce's scheduler log (a fact or a decision); `seq` counts from 1 per workforce.",
    { workforceId: z.string(), seq: z.int().check(z.positive()), entry: WorkforceDecision },
  ),
  'workforce.updated': payload('A workforce after a batch of entries: its status and counts.', {
    workforce: WorkforceInfo,
  }),
});
