import * as z from 'zod/mini';
import {
  EmbedderConfig,
  EmbedderStatus,
  Lesson,
  LessonInput,
  LessonProposal,
  LocalModel,
  MemoryIndexJob,
  MemorySearchParams,
  MemorySearchResult,
  ModelsPullParams,
  Persona,
  PersonaInput,
  PersonaPatch,
  ProposalPatch,
} from '../memory.js';
import { patchOf } from '../patch.js';
import { PolicyRule } from '../policy-file.js';
import { count, Empty, type RpcMethod, str } from './common.js';

export const MemoryFolderParams = z.strictObject({ folder: str(1, 4096) });
/** An id: of a lesson, or of an indexing job. */
export const LessonIdParams = z.strictObject({ id: str(1, 100) });
export const MemoryCancelResult = z.object({ cancelled: z.boolean() });
export const MemoryRemoveFolderResult = z.object({ removed: z.number() });
/** What the index holds, which embedder made its vectors, the folders it keeps and its jobs. */
export const MemoryStatusResult = z.object({
  files: count(),
  chunks: count(),
  vectors: count(),
  embedder: z.nullable(z.object({ id: z.string(), dims: z.int() })),
  folders: z.array(z.string()),
  jobs: z.array(MemoryIndexJob),
});

export const LessonsListResult = z.object({ lessons: z.array(Lesson) });
/** The lessons a run started on `task` in `folder` would be given (null: no folder, global lessons only). */
export const LessonsRelevantParams = z.strictObject({
  task: str(1, 20_000),
  folder: z._default(z.nullable(str(1, 4096)), null),
});
export const LessonUpdateParams = z.strictObject({
  id: str(1, 100),
  patch: patchOf(LessonInput),
});
export const LessonRemoveResult = z.object({ removed: z.boolean() });
/** The policy rule a hard lesson maps to, for the person to add (null when it maps to none). */
export const LessonPolicyRuleResult = z.object({ rule: z.nullable(PolicyRule) });

export const ProposalsListParams = z.strictObject({
  /** Only proposals in this state (all of them when absent), newest first. */
  status: z.optional(z.enum(['pending', 'accepted', 'dismissed'])),
});
export const ProposalsListResult = z.object({ proposals: z.array(LessonProposal) });
/** Accept (or edit) a proposal, with what the person changed in it. */
export const ProposalDecideParams = z.strictObject({ id: str(1, 100), patch: z.optional(ProposalPatch) });
/**
 * An accepted proposal, the lesson it became, and, for a hard one that can be said as a policy
 * rule ("never touch legal/", "never run rm -rf"), the rule the person may add to enforce it.
 */
export const ProposalAcceptResult = z.object({
  proposal: LessonProposal,
  lesson: Lesson,
  /** The rule added to the person's policy to enforce a hard lesson (null: none can say it). */
  rule: z.nullable(PolicyRule),
});
export const PersonasListResult = z.object({ personas: z.array(Persona) });
export const PersonaUpdateParams = z.strictObject({ id: str(1, 100), patch: PersonaPatch });

export const ModelsListResult = z.object({ models: z.array(LocalModel) });

export const memoryMethods = {
  'memory.search': { params: MemorySearchParams, result: MemorySearchResult },
  'memory.index': { params: MemoryFolderParams, result: MemoryIndexJob },
  'memory.job': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.cancel': { params: LessonIdParams, result: MemoryCancelResult },
  /** Pauses an indexing job between two files (`memory.resume` goes on where it stopped). */
  'memory.pause': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.resume': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.status': { params: Empty, result: MemoryStatusResult },
  /** Forgets an indexed folder: its files leave the index and it is no longer re-indexed. */
  'memory.removeFolder': { params: MemoryFolderParams, result: MemoryRemoveFolderResult },
  'memory.lessons.list': { params: Empty, result: LessonsListResult },
  'memory.lessons.add': { params: LessonInput, result: Lesson },
  'memory.lessons.update': { params: LessonUpdateParams, result: Lesson },
  'memory.lessons.remove': { params: LessonIdParams, result: LessonRemoveResult },
  /** Retrieval as a new run does it (words, and meaning when the embedder runs), hard first: the gym measures it. */
  'memory.lessons.relevant': { params: LessonsRelevantParams, result: LessonsListResult },
  /** A hard "never touch X" lesson as a policy rule the person may add (null when it maps to none). */
  'memory.lessons.policyRule': { params: LessonIdParams, result: LessonPolicyRuleResult },
  /** What the critic proposes from the person's denials, undos, edits and corrections. */
  'memory.proposals.list': { params: ProposalsListParams, result: ProposalsListResult },
  /**
   * The proposal becomes a lesson (with the patch applied); never before the person says so. A hard
   * one a policy rule can say is enforced: the rule joins their policy (`policy.set`, audited), and
   * `memory.lessons.remove` takes it out again.
   */
  'memory.proposals.accept': { params: ProposalDecideParams, result: ProposalAcceptResult },
  'memory.proposals.edit': { params: ProposalDecideParams, result: LessonProposal },
  'memory.proposals.dismiss': { params: LessonIdParams, result: LessonProposal },
  'memory.personas.list': { params: Empty, result: PersonasListResult },
  'memory.personas.add': { params: PersonaInput, result: Persona },
  'memory.personas.update': { params: PersonaUpdateParams, result: Persona },
  'memory.personas.remove': { params: LessonIdParams, result: LessonRemoveResult },
  'memory.embedder.get': { params: Empty, result: EmbedderStatus },
  /** Loads (or probes) the embedder first: a model that cannot run is refused, not saved. */
  'memory.embedder.set': { params: EmbedderConfig, result: EmbedderStatus },
  'models.list': { params: Empty, result: ModelsListResult },
  /** Downloads a model into Cowork's models folder once; after that it runs offline. */
  'models.pull': { params: ModelsPullParams, result: LocalModel },
} as const satisfies Record<string, RpcMethod>;
