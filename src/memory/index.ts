/** memory: the local index of the person's files — chunks, keywords, vectors — and hybrid search. */
export { type Chunk, chunkText, estimateTokens } from './chunker.js';
export { Critic, type CriticDeps } from './critic.js';
export { proposalsFrom, ruleIn, rulesIn } from './critic-rules.js';
export { type Fused, type Ranked, reciprocalRankFusion } from './fusion.js';
export { type IngestProgress, indexFolder } from './ingest.js';
export { retrievalEval } from './learning-eval.js';
export { LessonSimilarity } from './lesson-similarity.js';
export { LessonStore, lessonTerms } from './lessons.js';
export {
  type EmbedderInfo,
  type IndexedFile,
  MemoryIndex,
  queryTerms,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './memory-index.js';
export { MemoryService } from './memory-service.js';
export { memoryTools } from './memory-tools.js';
export { PersonaStore } from './personas.js';
export { type ProposalDraft, ProposalStore } from './proposals.js';
