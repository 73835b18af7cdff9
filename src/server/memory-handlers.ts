import { PolicyRule } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import {
  LessonSimilarity,
  type LessonStore,
  type MemoryService,
  type PersonaStore,
  type ProposalStore,
} from '../memory/index.js';
import { LessonRules } from './lesson-rules.js';
import type { RpcHandlers } from './rpc-router.js';

type MemoryMethods =
  | 'memory.search'
  | 'memory.index'
  | 'memory.job'
  | 'memory.cancel'
  | 'memory.status'
  | 'memory.pause'
  | 'memory.resume'
  | 'memory.removeFolder'
  | 'memory.embedder.get'
  | 'memory.embedder.set'
  | 'models.list'
  | 'models.pull'
  | 'memory.lessons.list'
  | 'memory.lessons.add'
  | 'memory.lessons.update'
  | 'memory.lessons.remove'
  | 'memory.lessons.relevant'
  | 'memory.lessons.policyRule'
  | 'memory.proposals.list'
  | 'memory.proposals.accept'
  | 'memory.proposals.edit'
  | 'memory.proposals.dismiss'
  | 'memory.personas.list'
  | 'memory.personas.add'
  | 'memory.personas.update'
  | 'memory.personas.remove';

/** What the person taught, is proposed to learn, and the personas they work with. */
export interface Learning {
  lessons: LessonStore;
  proposals: ProposalStore;
  personas: PersonaStore;
  /** Where an accepted hard lesson's rule is enforced. */
  enclave: Enclave;
}

/** JSON-RPC methods for what Cowork remembers: the index of the person's files, and lessons. */
export function memoryHandlers(
  memory: MemoryService,
  { lessons, proposals, personas, enclave }: Learning,
): Pick<RpcHandlers, MemoryMethods> {
  const similarity = new LessonSimilarity(() => memory.embedder());
  const rules = new LessonRules(enclave, lessons);
  return {
    'memory.search': (query) => memory.search(query),
    'memory.index': ({ folder }) => memory.startIndexing(folder),
    'memory.job': ({ id }) => memory.job(id),
    'memory.cancel': ({ id }) => ({ cancelled: memory.cancel(id) }),
    'memory.status': () => memory.status(),
    'memory.pause': ({ id }) => memory.pause(id),
    'memory.resume': ({ id }) => memory.resume(id),
    'memory.removeFolder': ({ folder }) => memory.removeFolder(folder),
    'memory.embedder.get': () => memory.embedderStatus(),
    'memory.embedder.set': (config) => memory.setEmbedder(config),
    'models.list': () => ({ models: memory.listModels() }),
    'models.pull': ({ name }) => memory.pullModel(name),
    'memory.lessons.list': () => ({ lessons: lessons.list() }),
    // A hard lesson the person writes themselves is as much their consent as one they accept.
    'memory.lessons.add': (input) => {
      const lesson = lessons.add(input);
      rules.enforce(lesson);
      return lesson;
    },
    'memory.lessons.update': ({ id, patch }) => {
      rules.withdraw(lessons.get(id)); // the rule said what the lesson said before
      const lesson = lessons.update(id, patch);
      rules.enforce(lesson);
      return lesson;
    },
    'memory.lessons.remove': ({ id }) => {
      const lesson = lessons.list().find((l) => l.id === id);
      if (lesson) rules.withdraw(lesson);
      return { removed: lessons.remove(id) };
    },
    'memory.lessons.relevant': async ({ task, folder }) => {
      const byMeaning = await similarity.of(task, lessons.list()).catch(() => undefined);
      return { lessons: lessons.relevant(task, folder, undefined, byMeaning) };
    },
    'memory.lessons.policyRule': ({ id }) => {
      const rule = lessons.policyRuleFor(lessons.get(id));
      // In the policy file's own form (defaults filled in): what the person adds is what was checked.
      return { rule: rule ? PolicyRule.parse(rule) : null };
    },
    'memory.proposals.list': ({ status }) => ({ proposals: proposals.list(status) }),
    'memory.proposals.accept': ({ id, patch }) => {
      const accepted = proposals.accept(id, patch);
      // The person's acceptance is their consent: a rule that can enforce the lesson is added now.
      const rule = rules.enforce(accepted.lesson);
      return { ...accepted, rule: rule ? PolicyRule.parse(rule) : null };
    },
    'memory.proposals.edit': ({ id, patch }) => proposals.edit(id, patch),
    'memory.proposals.dismiss': ({ id }) => proposals.dismiss(id),
    'memory.personas.list': () => ({ personas: personas.list() }),
    'memory.personas.add': (input) => personas.add(input),
    'memory.personas.update': ({ id, patch }) => personas.update(id, patch),
    'memory.personas.remove': ({ id }) => ({ removed: personas.remove(id) }),
  };
}
