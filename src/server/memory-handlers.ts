import { PolicyRule } from '../contracts/index.js';
import type { LessonStore, MemoryService } from '../memory/index.js';
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
  | 'memory.lessons.policyRule';

/** JSON-RPC methods for what Cowork remembers: the index of the person's files, and lessons. */
export function memoryHandlers(
  memory: MemoryService,
  lessons: LessonStore,
): Pick<RpcHandlers, MemoryMethods> {
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
    'memory.lessons.add': (input) => lessons.add(input),
    'memory.lessons.update': ({ id, patch }) => lessons.update(id, patch),
    'memory.lessons.remove': ({ id }) => ({ removed: lessons.remove(id) }),
    'memory.lessons.policyRule': ({ id }) => {
      const rule = lessons.policyRuleFor(lessons.get(id));
      // In the policy file's own form (defaults filled in): what the person adds is what was checked.
      return { rule: rule ? PolicyRule.parse(rule) : null };
    },
  };
}
