import * as z from 'zod/mini';

/**
 * A learned preference: what the person told the agent to always or never do. Hard constraints
 * are rules; soft preferences are defaults the agent may weigh.
 */
export const Lesson = z.object({
  id: z.string(),
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  kind: z.enum(['hard', 'soft']),
  /** An absolute workspace folder, or null for every workspace. */
  workspace: z.nullable(z.string()),
  /** Words that make the lesson relevant to a task, beyond the words of its text. */
  triggers: z.array(z.string().check(z.maxLength(100))).check(z.maxLength(50)),
  confidence: z.number().check(z.minimum(0), z.maximum(1)),
  /** The message the lesson was learned from, if any. */
  source: z.nullable(z.string().check(z.maxLength(4000))),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lesson = z.infer<typeof Lesson>;

export const LessonInput = z.strictObject({
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  kind: z._default(z.enum(['hard', 'soft']), 'soft'),
  workspace: z._default(z.nullable(z.string().check(z.minLength(1), z.maxLength(4096))), null),
  triggers: z._default(
    z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(50)),
    [],
  ),
  confidence: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.8),
  source: z._default(z.nullable(z.string().check(z.maxLength(4000))), null),
});
export type LessonInput = z.input<typeof LessonInput>;

export const MemorySearchParams = z.strictObject({
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  folder: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  extensions: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(20))).check(z.maxLength(20))),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  minScore: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  /** One ranker alone, to compare; both (hybrid) when absent. */
  only: z.optional(z.enum(['keyword', 'vector'])),
});

export const MemorySearchHit = z.object({
  path: z.string(),
  chunk: z.number(),
  startLine: z.number(),
  endLine: z.number(),
  content: z.string(),
  score: z.number(),
  matchedBy: z.array(z.enum(['keyword', 'vector'])),
  highlights: z.array(z.object({ start: z.number(), end: z.number() })),
  /** For a document (PDF, DOCX, slides, sheets): where in it (`page 3`, `slide 2: Title`); lines are of its Markdown. */
  locator: z.optional(z.string()),
});

export const MemorySearchResult = z.object({
  /** `keyword` when no embedder is configured: the UI says so. */
  mode: z.enum(['hybrid', 'keyword', 'vector']),
  hits: z.array(MemorySearchHit),
  /** Why the search was keyword-only (no embedder, or it cannot run), in words for the person. */
  notice: z.optional(z.nullable(z.string())),
});

export const MemoryIndexJob = z.object({
  id: z.string(),
  folder: z.string(),
  status: z.enum(['running', 'paused', 'done', 'cancelled', 'failed']),
  done: z.number(),
  total: z.number(),
  current: z.nullable(z.string()),
  error: z.nullable(z.string()),
});
export type MemoryIndexJob = z.infer<typeof MemoryIndexJob>;

const modelName = z.string().check(z.minLength(1), z.maxLength(200));
const httpUrl = z.string().check(z.minLength(1), z.maxLength(2000), z.regex(/^https?:\/\//));

/**
 * Which model turns text into vectors. `local` runs an ONNX model from Cowork's models folder on
 * this machine (the default: all-MiniLM-L6-v2); `ollama` and `openai-compatible` call a server the
 * person chose; `none` means keyword search only.
 */
export const EmbedderConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('local'), model: modelName }),
  z.strictObject({ kind: z.literal('ollama'), model: modelName, baseUrl: z.optional(httpUrl) }),
  z.strictObject({
    kind: z.literal('openai-compatible'),
    model: modelName,
    baseUrl: httpUrl,
    /** Stored in the secret store, never returned. */
    apiKey: z.optional(z.string().check(z.minLength(1), z.maxLength(4000))),
  }),
]);
export type EmbedderConfig = z.infer<typeof EmbedderConfig>;

export const EmbedderStatus = z.object({
  config: EmbedderConfig,
  /** `ready`: vectors are made; `unavailable`: configured but cannot run (see message); `none`: keyword only. */
  state: z.enum(['ready', 'unavailable', 'none']),
  id: z.nullable(z.string()),
  dims: z.nullable(z.number()),
  message: z.nullable(z.string()),
});
export type EmbedderStatus = z.infer<typeof EmbedderStatus>;

export const ModelsPullParams = z.strictObject({
  /** A catalogue name (`all-MiniLM-L6-v2`) or a Hugging Face repository (`owner/name`). */
  name: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/)),
});

export const LocalModel = z.object({ name: z.string(), path: z.string(), bytes: z.number() });
export type LocalModel = z.infer<typeof LocalModel>;

/**
 * Where a proposed lesson came from: a refused approval with a reason, an undo or revert, the
 * person's edit right after the agent's, or a correction in a continued run's prompt.
 */
export const ProposalSource = z.enum(['denial', 'undo', 'revert', 'edit', 'correction']);
export type ProposalSource = z.infer<typeof ProposalSource>;

/** What the critic saw: the event it read, in words, and its detail (a reason, a diff, a prompt). */
export const ProposalEvidence = z.object({
  source: ProposalSource,
  /** The event the proposal was read from (its sequence in the event log). */
  sequence: z.int(),
  runId: z.nullable(z.string()),
  /** The file it is about, when it is about one. */
  path: z.nullable(z.string()),
  summary: z.string(),
  /** The reason the person gave, the diff of their edit, or the sentence they wrote. */
  detail: z.string(),
});
export type ProposalEvidence = z.infer<typeof ProposalEvidence>;

/** `project`: the lesson holds in the folder it was learned in (the default); `global`: everywhere. */
export const LessonScope = z.enum(['project', 'global']);
export type LessonScope = z.infer<typeof LessonScope>;

/** A lesson the critic proposes from what the person did; it applies only once they accept it. */
export const LessonProposal = z.object({
  id: z.string(),
  status: z.enum(['pending', 'accepted', 'dismissed']),
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  kind: z.enum(['hard', 'soft']),
  scope: LessonScope,
  /** The folder the run worked in (a project lesson's workspace); null when none is known. */
  folder: z.nullable(z.string()),
  triggers: z.array(z.string()),
  evidence: ProposalEvidence,
  /** The lesson an accepted proposal became. */
  lessonId: z.nullable(z.string()),
  createdAt: z.string(),
  decidedAt: z.nullable(z.string()),
});
export type LessonProposal = z.infer<typeof LessonProposal>;

/** What the person may change in a proposal before (or while) accepting it. */
export const ProposalPatch = z.strictObject({
  text: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
  kind: z.optional(z.enum(['hard', 'soft'])),
  scope: z.optional(LessonScope),
});
export type ProposalPatch = z.infer<typeof ProposalPatch>;

/**
 * A named way of working: instructions and a set of lessons that a run started with it gets in its
 * system prompt, besides the lessons relevant to its task.
 */
export const Persona = z.object({
  id: z.string(),
  name: z.string(),
  instructions: z.string(),
  lessonIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Persona = z.infer<typeof Persona>;

const personaName = z.string().check(z.minLength(1), z.maxLength(100));
const personaInstructions = z.string().check(z.maxLength(8000));
const personaLessons = z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(200));

export const PersonaInput = z.strictObject({
  name: personaName,
  instructions: z._default(personaInstructions, ''),
  lessonIds: z._default(personaLessons, []),
});
export type PersonaInput = z.input<typeof PersonaInput>;

/** What `memory.personas.update` changes (no defaults: what is left out stays as it is). */
export const PersonaPatch = z.strictObject({
  name: z.optional(personaName),
  instructions: z.optional(personaInstructions),
  lessonIds: z.optional(personaLessons),
});
export type PersonaPatch = z.infer<typeof PersonaPatch>;
