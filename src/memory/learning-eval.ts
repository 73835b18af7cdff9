/**
 * The learning evaluation (issue 21): does a correction in one session change the next, and does
 * retrieval bring the right lesson and only it? The cases are data, so the gym's `learning` suite
 * and the tests play the same ones (src/contracts/learning-cases.ts); `retrievalEval` measures
 * precision@1 and noise on any store.
 */
import { RETRIEVAL_TOPICS, type RetrievalScore, scoreRetrieval } from '../contracts/index.js';
import type { LessonStore } from './lessons.js';

/** Adds the topics' lessons to `store` (an empty one) and scores retrieval on their tasks. */
export function retrievalEval(store: LessonStore, workspace: string | null = null): RetrievalScore {
  const ids = RETRIEVAL_TOPICS.map((topic) => store.add(topic.lesson).id);
  return scoreRetrieval(ids, (task) => store.relevant(task, workspace));
}
