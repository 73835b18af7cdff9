import type { LessonStore } from '../memory/index.js';
import type { RpcHandlers } from './rpc-router.js';

type MemoryMethods =
  | 'memory.lessons.list'
  | 'memory.lessons.add'
  | 'memory.lessons.update'
  | 'memory.lessons.remove'
  | 'memory.lessons.policyRule';

/** JSON-RPC methods for what Cowork remembers: the person's lessons. */
export function memoryHandlers(lessons: LessonStore): Pick<RpcHandlers, MemoryMethods> {
  return {
    'memory.lessons.list': () => ({ lessons: lessons.list() }),
    'memory.lessons.add': (input) => lessons.add(input),
    'memory.lessons.update': ({ id, patch }) => lessons.update(id, patch),
    'memory.lessons.remove': ({ id }) => ({ removed: lessons.remove(id) }),
    'memory.lessons.policyRule': ({ id }) => ({ rule: lessons.policyRuleFor(lessons.get(id)) ?? null }),
  };
}
